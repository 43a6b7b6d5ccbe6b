package dev.gallop.tests.parity.samplers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Access to the sampler golden set: the folder named by `-Dgallop.goldens.samplers` (default: the copy under
/// `tests/fixtures/magihuman-samplers`).
final class Goldens {
    static final String PROPERTY = "gallop.goldens.samplers";

    private Goldens() {}

    static Path dir() {
        String p = System.getProperty(PROPERTY, "fixtures/magihuman-samplers");
        Path d = Path.of(p);
        if (!Files.isDirectory(d)) throw new IllegalStateException("golden folder " + d.toAbsolutePath() + " not found (set -D" + PROPERTY + ")");
        return d;
    }

    static SafetensorsFile open(String file) {
        try {
            return SafetensorsFile.open(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schedules() {
        try {
            return new ObjectMapper().readTree(dir().resolve("schedules.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// Dimensions of a stored tensor.
    static int[] dims(SafetensorsFile f, String name) { return f.info(name).shape().dims(); }

    /// A stored tensor on the CPU backend (the samplers run on device tensors).
    static Tensor t(SafetensorsFile f, String name) {
        return Tensor.fromFloats(CpuDevice.get(), f.info(name).shape(), f.floats(name));
    }

    /// The CPU backend's kernels.
    static Kernels k() { return CpuDevice.get().kernels(); }

    /// Number of entries `prefix{i}suffix` present, i = 0, 1, … (stops at the first gap).
    static int count(SafetensorsFile f, String prefix, String suffix) {
        int n = 0;
        while (f.contains(prefix + n + suffix)) n++;
        return n;
    }
}
