package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Each malformed header is refused with a message naming the file (and the tensor, where one is at fault).
class SafetensorsFileValidationTest {
    @TempDir Path dir;

    private static String error(Path f) {
        IOException e = assertThrows(IOException.class, () -> SafetensorsFile.open(f).close());
        assertTrue(e.getMessage().contains(f.getFileName().toString()), "message must name the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test void garbageLength() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(error(RawFiles.write(dir.resolve("huge.safetensors"), 0x7fff_ffff_ffffL, h, 0)).contains("header length"));
        assertTrue(error(RawFiles.write(dir.resolve("neg.safetensors"), -5, h, 0)).contains("header length"));
        assertTrue(error(RawFiles.write(dir.resolve("beyond.safetensors"), 100, h, 0)).contains("header length"));
    }

    @Test void tooShort() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(error(f).contains("3 bytes"));
    }

    @Test void nonJsonHeader() throws IOException {
        assertTrue(error(RawFiles.write(dir.resolve("garbage.safetensors"), "{\"a\": [1, 2", 0)).contains("not valid JSON"));
        assertTrue(error(RawFiles.write(dir.resolve("array.safetensors"), "[1, 2, 3]", 0)).contains("not a JSON object"));
    }

    @Test void dataRangeOutsideFile() throws IOException {
        Path f = RawFiles.write(dir.resolve("trunc.safetensors"),
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8);
        String m = error(f);
        assertTrue(m.contains("'w'") && m.contains("[0, 16)") && m.contains("8-byte"), m);
    }

    @Test void sizeMismatch() throws IOException {
        Path f = RawFiles.write(dir.resolve("size.safetensors"),
                "{\"bias\": {\"dtype\": \"BF16\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8);
        String m = error(f);
        assertTrue(m.contains("'bias'") && m.contains("BF16[3]") && m.contains("6 bytes") && m.contains("8 bytes"), m);
    }

    @Test void unknownDtype() throws IOException {
        Path f = RawFiles.write(dir.resolve("dtype.safetensors"),
                "{\"q\": {\"dtype\": \"F4_WEIRD\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2);
        String m = error(f);
        assertTrue(m.contains("'q'") && m.contains("F4_WEIRD"), m);
    }

    @Test void malformedEntryAndShape() throws IOException {
        String m = error(RawFiles.write(dir.resolve("entry.safetensors"), "{\"x\": {\"dtype\": \"F32\"}}", 0));
        assertTrue(m.contains("'x'") && m.contains("malformed"), m);
        m = error(RawFiles.write(dir.resolve("shape.safetensors"),
                "{\"y\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 0]}}", 0));
        assertTrue(m.contains("'y'") && m.contains("shape"), m);
    }

    @Test void validHandBuiltFileOpens() throws IOException {
        Path f = RawFiles.write(dir.resolve("ok.safetensors"),
                "{\"__metadata__\": {\"k\": \"v\"}, \"w\": {\"dtype\": \"F16\", \"shape\": [2, 2], \"data_offsets\": [0, 8]}}", 8);
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            assertEquals("v", r.metadata().get("k"));
            assertArrayEquals(new float[4], r.floats("w"));
            var e = assertThrows(IllegalArgumentException.class, () -> r.info("nope"));
            assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("ok.safetensors"));
        }
    }
}
