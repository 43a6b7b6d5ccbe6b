package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// What the safetensors format forbids is refused, as its reference library refuses it: data ranges that overlap,
/// leave holes, run backwards or leave bytes after the last tensor; a key given twice; metadata that is not text.
/// Each message names the file and the tensors at fault.
class SafetensorsLayoutRulesTest {
    @TempDir Path dir;

    private String error(String name, String header, int dataBytes) throws IOException {
        Path f = RawFiles.write(dir.resolve(name), header, dataBytes);
        IOException e = assertThrows(IOException.class, () -> SafetensorsFile.open(f).close());
        assertTrue(e.getMessage().contains(f.toString()), "message must name the file: " + e.getMessage());
        return e.getMessage();
    }

    private static String entry(String name, int n, long begin, long end) {
        return "\"" + name + "\": {\"dtype\": \"F32\", \"shape\": [" + n + "], \"data_offsets\": [" + begin + ", " + end + "]}";
    }

    @Test void overlappingRangesAreRefused() throws IOException {
        String m = error("overlap.safetensors", "{" + entry("a", 4, 0, 16) + ", " + entry("b", 4, 8, 24) + "}", 24);
        assertTrue(m.contains("'a'") && m.contains("'b'") && m.contains("overlap"), m);
    }

    @Test void sameRangeForTwoTensorsIsRefused() throws IOException {
        String m = error("alias.safetensors", "{" + entry("a", 2, 0, 8) + ", " + entry("b", 2, 0, 8) + "}", 8);
        assertTrue(m.contains("'a'") && m.contains("'b'") && m.contains("overlap"), m);
    }

    @Test void holesAreRefused() throws IOException {
        String m = error("hole.safetensors", "{" + entry("a", 2, 0, 8) + ", " + entry("b", 2, 12, 20) + "}", 20);
        assertTrue(m.contains("'a'") && m.contains("'b'") && m.contains("[8, 12)") && m.contains("hole"), m);
        m = error("start.safetensors", "{" + entry("a", 2, 4, 12) + "}", 12);
        assertTrue(m.contains("'a'") && m.contains("[0, 4)"), m);
    }

    @Test void bytesAfterTheLastTensorAreRefused() throws IOException {
        String m = error("tail.safetensors", "{" + entry("a", 2, 0, 8) + "}", 12);
        assertTrue(m.contains("8") && m.contains("12") && m.contains("after the last tensor"), m);
    }

    @Test void reversedRangesAreRefused() throws IOException {
        String m = error("reversed.safetensors", "{" + entry("a", 0, 8, 0) + "}", 8);
        assertTrue(m.contains("'a'") && m.contains("reversed"), m);
    }

    @Test void duplicateKeysAreRefused() throws IOException {
        String m = error("dup.safetensors", "{" + entry("w", 2, 0, 8) + ", " + entry("w", 2, 8, 16) + "}", 16);
        assertTrue(m.contains("'w'") && m.contains("twice"), m);
        m = error("dupmeta.safetensors", "{\"__metadata__\": {\"k\": \"1\", \"k\": \"2\"}, " + entry("w", 2, 0, 8) + "}", 8);
        assertTrue(m.contains("'k'") && m.contains("twice"), m);
    }

    @Test void nonTextMetadataIsRefused() throws IOException {
        String m = error("meta.safetensors", "{\"__metadata__\": {\"k\": {\"nested\": 1}}, " + entry("w", 2, 0, 8) + "}", 8);
        assertTrue(m.contains("__metadata__") && m.contains("'k'"), m);
    }

    @Test void shapeWhoseSizeOverflowsIsRefused() throws IOException {
        String m = error("overflow.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [2147483647, 2147483647, 2147483647],"
                + " \"data_offsets\": [0, 8]}}", 8);
        assertTrue(m.contains("'w'") && m.contains("too large"), m);
    }

    @Test void zeroSizedTensorsAndExactLayoutsAreRead() throws IOException {
        Path f = RawFiles.write(dir.resolve("ok.safetensors"), "{" + entry("z", 0, 0, 0) + ", " + entry("a", 2, 0, 8) + ", "
                + entry("e", 0, 8, 8) + ", " + entry("b", 1, 8, 12) + "}", 12);
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            assertEquals(4, r.tensors().size());
        }
    }
}
