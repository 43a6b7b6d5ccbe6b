package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir Path dir;

    /// Values that exercise rounding: ties, subnormals, signed zero, large magnitudes, NaN/inf for the 16-bit types.
    static float[] values() {
        return new float[] {0f, -0f, 1f, -1.5f, 3.14159265f, 1e-3f, -2.5e-6f, 65504f, 1.00390625f, 1.01171875f,
                6.1e-5f, 1e-8f, -448f, 300.7f, 0.0999f, 123456.789f, 1 + 0x1p-8f, 1 + 3 * 0x1p-9f};
    }

    @Test void roundTripEveryDtypeBitExact() throws IOException {
        float[] v = values();
        Shape s = Shape.of(3, 6);
        Path f = dir.resolve("all.safetensors");
        new SafetensorsWriter().metadata("format", "pt").metadata("note", "test")
                .add("f8", v, s, DType.F8_E4M3).add("f32", v, s, DType.F32).add("bf16", v, s, DType.BF16)
                .add("f16", v, s, DType.F16)
                .addRaw("ids", "I64", Shape.of(2), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-1).array())
                .write(f);
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            assertEquals(Map.of("format", "pt", "note", "test"), r.metadata());
            assertEquals(5, r.tensors().size());
            for (String k : new String[] {"f32", "bf16", "f16", "f8"}) assertEquals(s, r.info(k).shape(), k);
            var i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(r.data("f32").getAtIndex(f32, i)));
                assertEquals(Floats.floatToBf16(v[i]), r.data("bf16").getAtIndex(i16, i), "bf16 bits of " + v[i]);
                assertEquals(Floats.floatToF16(v[i]), r.data("f16").getAtIndex(i16, i), "f16 bits of " + v[i]);
                assertEquals(Floats.floatToE4m3(v[i]), r.data("f8").get(ValueLayout.JAVA_BYTE, i), "f8 bits of " + v[i]);
                assertEquals(Floats.roundBf16(v[i]), r.floats("bf16")[i]);
            }
            assertEquals(DType.F8_E4M3, r.info("f8").dtype());
            TensorInfo ids = r.info("ids");
            assertNull(ids.dtype());
            assertEquals("I64", ids.dtypeName());
            assertEquals(-1L, r.data("ids").get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            var ex = assertThrows(IllegalArgumentException.class, () -> r.floats("ids"));
            assertTrue(ex.getMessage().contains("'ids'") && ex.getMessage().contains("I64"), ex.getMessage());
        }
    }

    @Test void headerIsPaddedAndTensorsAligned() throws IOException {
        Path f = dir.resolve("a.safetensors");
        new SafetensorsWriter().add("one", new float[] {1, 2, 3}, Shape.of(3), DType.BF16)
                .add("two", new float[] {1, 2, 3}, Shape.of(3), DType.F32)
                .add("three", new float[] {1}, Shape.of(1), DType.F8_E4M3)
                .add("four", new float[] {4, 5}, Shape.of(2), DType.F16).write(f);
        byte[] all = Files.readAllBytes(f);
        long len = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, len % 8, "header length " + len);
        String h = new String(all, 8, (int) len, java.nio.charset.StandardCharsets.US_ASCII);
        String json = h.stripTrailing();
        assertTrue(json.endsWith("}"), h);
        assertTrue(h.substring(json.length()).chars().allMatch(c -> c == ' '), "header must be padded with spaces");
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            long data = 8 + len;
            assertEquals(0, data % 8);
            long end = 0;
            for (TensorInfo t : r.tensors().values()) {
                assertEquals(0, (data + t.begin()) % t.dtype().bytes(), t.name() + " misaligned");
                assertEquals(end, t.begin(), "tensors must be back to back (as the reference reader requires)");
                end = t.end();
            }
            assertEquals(all.length - data, end);
            assertArrayEquals(new float[] {1, 2, 3}, r.floats("two"));
        }
    }

    @Test void writeIsAtomicAndReplaces() throws IOException {
        Path f = dir.resolve("x.safetensors");
        new SafetensorsWriter().add("a", new float[] {1}, Shape.of(1), DType.F32).write(f);
        new SafetensorsWriter().add("b", new float[] {2, 3}, Shape.of(2), DType.F32).write(f);
        try (SafetensorsFile r = SafetensorsFile.open(f)) {
            assertEquals(java.util.Set.of("b"), r.tensors().keySet());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(java.util.List.of(f), s.toList(), "no temporary file may be left behind");
        }
    }

    @Test void rejectsBadInput() {
        var w = new SafetensorsWriter().add("a", new float[] {1}, Shape.of(1), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> w.add("a", new float[] {1}, Shape.of(1), DType.F32));
        var e = assertThrows(IllegalArgumentException.class, () -> w.add("b", new float[] {1, 2}, Shape.of(3), DType.F32));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.addRaw("c", "Q7", Shape.of(1), new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> w.addRaw("d", DType.F16, Shape.of(2), new byte[3]));
    }
}
