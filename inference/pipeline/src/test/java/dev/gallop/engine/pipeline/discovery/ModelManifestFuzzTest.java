package dev.gallop.engine.pipeline.discovery;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gallop.engine.testing.FuzzBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Fuzz target: any bytes as a model folder's `model.json` are read or refused with an [IOException] naming the file;
/// nothing else escapes and no input is slow.
class ModelManifestFuzzTest {
    private static final Path FOLDER;

    static {
        try {
            FOLDER = Files.createTempDirectory("gallop-manifest-fuzz");
            Files.createDirectories(FOLDER.resolve("dit"));
            Files.createDirectories(FOLDER.resolve("text_encoder"));
            Files.createDirectories(FOLDER.resolve("vae"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void manifest(byte[] input) throws IOException {
        Path file = Files.write(FOLDER.resolve(ModelManifest.FILE), input);
        long t0 = System.nanoTime();
        try {
            ModelManifest.read(FOLDER);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains(file.toString())) throw new AssertionError("message must name the file: " + e.getMessage(), e);
        } finally {
            FuzzBounds.inTime(t0, "reading model.json");
        }
    }
}
