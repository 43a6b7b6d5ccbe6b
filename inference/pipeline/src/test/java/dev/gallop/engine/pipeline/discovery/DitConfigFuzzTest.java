package dev.gallop.engine.pipeline.discovery;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.testing.FuzzBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Fuzz target: any bytes as a DiT's `config.json` give a config or are refused with an [IOException] or an
/// [IllegalArgumentException] naming the file; nothing else escapes (no division by zero, no null) and no input is
/// slow.
class DitConfigFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("gallop-config-fuzz").resolve("config.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void config(byte[] input) throws IOException {
        Files.write(FILE, input);
        long t0 = System.nanoTime();
        try {
            MagiHumanConfig.fromJson(FILE);
        } catch (IOException | IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains(FILE.toString())) throw new AssertionError("message must name the file: " + e.getMessage(), e);
        } finally {
            FuzzBounds.inTime(t0, "reading a DiT config");
        }
    }
}
