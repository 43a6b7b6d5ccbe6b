package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PickleRefusalTest {
    @TempDir Path dir;

    /// A pickle stream that would import os.system if it were ever unpickled; it must never be read.
    static final byte[] EVIL = "\u0080\u0004cos\nsystem\n(S'echo pwned'\ntR.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @ParameterizedTest
    @ValueSource(strings = {"pytorch_model.bin", "model.pt", "weights.pth", "sd.ckpt", "MODEL.BIN"})
    void refusesPickleFiles(String name) throws IOException {
        Path f = Files.write(dir.resolve(name), EVIL);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(f));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("pickle")
                && e.getMessage().contains("never executed"), e.getMessage());
    }

    @Test void refusesDirectoryOfPickles() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), EVIL);
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin") && e.getMessage().contains("pickle"), e.getMessage());
    }

    @Test void refusesPickleIndex() throws IOException {
        Path idx = Files.writeString(dir.resolve("pytorch_model.bin.index.json"), "{\"weight_map\": {\"a\": \"pytorch_model-00001.bin\"}}");
        IOException e = assertThrows(IOException.class, () -> Checkpoints.open(idx));
        assertTrue(e.getMessage().contains("pickle"), e.getMessage());
    }
}
