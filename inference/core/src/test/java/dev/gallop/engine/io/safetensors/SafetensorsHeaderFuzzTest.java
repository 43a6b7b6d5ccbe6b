package dev.gallop.engine.io.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gallop.engine.testing.FuzzBounds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/// Fuzz target: any bytes as a safetensors header (the first 4 give the data section's size) are either refused with
/// an [IOException] naming the file, or accepted only when every rule of the format holds: the ranges tile the data
/// section from 0 to its end, each holding exactly its dtype and shape's bytes.
class SafetensorsHeaderFuzzTest {
    private static final Path FILE = Path.of("fuzz.safetensors");

    @FuzzTest
    void header(byte[] input) {
        if (input.length < 4) return;
        long dataSize = Integer.toUnsignedLong(ByteBuffer.wrap(input, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()) % (1 << 20);
        byte[] json = java.util.Arrays.copyOfRange(input, 4, input.length);
        long t0 = System.nanoTime();
        SafetensorsHeader h;
        try {
            h = SafetensorsHeader.parse(FILE, json, dataSize);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(FILE.toString())) throw new AssertionError("message must name the file: " + e.getMessage(), e);
            return;
        } finally {
            FuzzBounds.inTime(t0, "parsing a safetensors header");
        }
        List<TensorInfo> sorted = new ArrayList<>(h.tensors().values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long at = 0;
        for (TensorInfo t : sorted) {
            if (t.begin() != at) throw new AssertionError("accepted a hole or an overlap at " + t.name() + ": " + t.begin() + " != " + at);
            if (t.byteSize() != t.shape().numel() * SafetensorsDTypes.bytes(t.dtypeName())) throw new AssertionError("accepted a size mismatch: " + t);
            at = t.end();
        }
        if (at != dataSize || h.dataEnd() != dataSize) throw new AssertionError("accepted ranges ending at " + at + " in a " + dataSize + "-byte section");
    }
}
