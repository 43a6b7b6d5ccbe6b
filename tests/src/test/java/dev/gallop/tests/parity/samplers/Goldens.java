package dev.gallop.tests.parity.samplers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.tests.parity.GoldenDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/// Access to the sampler golden sets: every folder of `-Dgallop.goldens.samplers` (default: the copy under
/// `tests/fixtures/magihuman-samplers`). Step counts and shapes are read from the files.
final class Goldens {

    private Goldens() {}

    static Stream<GoldenDirs.Dir> folders() { return GoldenDirs.samplers().stream(); }

    static SafetensorsFile open(GoldenDirs.Dir dir, String file) {
        try {
            return SafetensorsFile.open(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schedules(GoldenDirs.Dir dir) {
        try {
            return new ObjectMapper().readTree(dir.resolve("schedules.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// Dimensions of a stored tensor.
    static int[] dims(SafetensorsFile f, String name) { return f.info(name).shape().dims(); }

    /// Number of entries `prefix{i}suffix` present, i = 0, 1, … (stops at the first gap).
    static int count(SafetensorsFile f, String prefix, String suffix) {
        int n = 0;
        while (f.contains(prefix + n + suffix)) n++;
        return n;
    }
}
