package dev.gallop.engine.io.pickle;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Round trips through hand-built torch.save archives: dtypes, shapes, strides, storage offsets, nesting and memo.
class PickleCheckpointTest {
    @TempDir Path dir;

    static float[] seq(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 3f) * scale;
        return v;
    }

    static float[] read(MemorySegment s, String dtype) {
        int e = dtype.equals("F32") ? 4 : 2;
        float[] v = new float[(int) (s.byteSize() / e)];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case "F32" -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i);
                case "BF16" -> Floats.bf16ToFloat(s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
                default -> Floats.f16ToFloat(s.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
            };
        }
        return v;
    }

    static long[] l(long... v) { return v; }

    @Test void contiguousTensorsOfEachDtypeRoundTrip() throws Exception {
        float[] a = seq(12, 0.5f), b = seq(6, 0.25f), c = seq(4, 1.5f);
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("a.weight", new PickleWriter.Tensor("FloatStorage", "0", 12, 0, l(3, 4), l(4, 1)));
        sd.put("b.weight", new PickleWriter.Tensor("BFloat16Storage", "1", 6, 0, l(2, 3), l(3, 1), true));
        sd.put("c.bias", new PickleWriter.Tensor("HalfStorage", "2", 4, 0, l(4), l(1)));
        sd.put("scalar", new PickleWriter.Tensor("FloatStorage", "3", 1, 0, l(), l()));
        Path f = new TorchZipWriter("archive", PickleWriter.pickle(new PickleWriter.Ordered(sd)))
                .storage("0", TorchZipWriter.encode(a, "F32")).storage("1", TorchZipWriter.encode(b, "BF16"))
                .storage("2", TorchZipWriter.encode(c, "F16")).storage("3", TorchZipWriter.encode(new float[] {7}, "F32"))
                .write(dir.resolve("m.pth"));
        try (Checkpoint ck = Checkpoints.open(f)) {
            assertInstanceOf(PickleCheckpoint.class, ck);
            assertEquals(List.of("a.weight", "b.weight", "c.bias", "scalar"), List.copyOf(ck.keys()));
            assertEquals(DType.F32, ck.info("a.weight").dtype());
            assertEquals(Shape.of(3, 4), ck.info("a.weight").shape());
            assertEquals("BF16[2, 3]", ck.info("b.weight").describe());
            assertEquals(DType.F16, ck.info("c.bias").dtype());
            assertEquals(Shape.of(new int[0]), ck.info("scalar").shape());
            assertArrayEquals(a, read(ck.data("a.weight"), "F32"));
            for (int i = 0; i < b.length; i++) assertEquals(Floats.roundBf16(b[i]), read(ck.data("b.weight"), "BF16")[i]);
            for (int i = 0; i < c.length; i++) assertEquals(Floats.f16ToFloat(Floats.floatToF16(c[i])), read(ck.data("c.bias"), "F16")[i]);
            assertArrayEquals(new float[] {7}, read(ck.data("scalar"), "F32"));
            assertEquals(f, ck.fileOf("a.weight"));
            assertThrows(IllegalArgumentException.class, () -> ck.info("nope"));
        }
    }

    @Test void stridesAndOffsetsAreMaterialisedContiguously() throws Exception {
        float[] s = seq(30, 1f); // one storage shared by three views
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("t", new PickleWriter.Tensor("FloatStorage", "s", 30, 0, l(4, 3), l(1, 4)));       // transpose of [3,4]
        sd.put("off", new PickleWriter.Tensor("FloatStorage", "s", 30, 12, l(2, 5), l(5, 1)));    // rows at offset 12
        sd.put("step", new PickleWriter.Tensor("FloatStorage", "s", 30, 1, l(2, 2, 2), l(12, 5, 2))); // gapped 3-D
        sd.put("bcast", new PickleWriter.Tensor("FloatStorage", "s", 30, 3, l(3, 2), l(0, 1)));    // expanded row
        Path f = new TorchZipWriter("weights", PickleWriter.pickle(sd)).storage("s", TorchZipWriter.encode(s, "F32"))
                .write(dir.resolve("v.ckpt"));
        try (PickleCheckpoint ck = PickleCheckpoint.open(f)) {
            float[] t = read(ck.data("t"), "F32");
            for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) assertEquals(s[j * 4 + i], t[i * 3 + j]);
            float[] off = read(ck.data("off"), "F32");
            for (int i = 0; i < 10; i++) assertEquals(s[12 + i], off[i]);
            float[] st = read(ck.data("step"), "F32");
            int k = 0;
            for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 2; c++) assertEquals(s[1 + a * 12 + b * 5 + c * 2], st[k++]);
            assertArrayEquals(new float[] {s[3], s[4], s[3], s[4], s[3], s[4]}, read(ck.data("bcast"), "F32"));
            assertFalse(ck.tensor("t").contiguous());
            assertEquals(30, ck.tensor("off").storage().numel());
            assertSame(ck.data("t"), ck.data("t"), "materialised once");
        }
    }

    @Test void nestedDictsFlattenOrSelectARootAndScalarsBecomeMetadata() throws Exception {
        float[] w = seq(8, 0.1f);
        var tensor = new PickleWriter.Tensor("FloatStorage", "0", 8, 0, l(2, 4), l(4, 1));
        Map<String, Object> ema = new LinkedHashMap<>();
        ema.put("module.decoder.conv_in.weight", tensor);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("ema_state_dict", new PickleWriter.Ordered(ema));
        top.put("state_dict", Map.of("decoder.conv_in.weight", tensor)); // same tensor object: memo BINGET
        top.put("step", 340000L);
        top.put("name", "turbo");
        top.put("lrs", List.of(1.0e-4, 2.5));
        byte[] pkl = PickleWriter.pickle(top);
        Path f = new TorchZipWriter("checkpoint-340000", pkl).storage("0", TorchZipWriter.encode(w, "F32")).write(dir.resolve("c.ckpt"));
        try (PickleCheckpoint all = PickleCheckpoint.open(f)) {
            assertEquals(List.of("ema_state_dict.module.decoder.conv_in.weight", "state_dict.decoder.conv_in.weight"), List.copyOf(all.keys()));
            assertEquals("340000", all.metadata().get("step"));
            assertEquals("turbo", all.metadata().get("name"));
            assertEquals("2.5", all.metadata().get("lrs.1"));
            assertEquals(all.tensor("ema_state_dict.module.decoder.conv_in.weight"), all.tensor("state_dict.decoder.conv_in.weight"));
            assertArrayEquals(w, read(all.data("state_dict.decoder.conv_in.weight"), "F32"));
        }
        try (PickleCheckpoint ema2 = PickleCheckpoint.open(f, "ema_state_dict")) {
            assertEquals(List.of("module.decoder.conv_in.weight"), List.copyOf(ema2.keys()));
            assertEquals("ema_state_dict", ema2.metadata().get("root"));
            Weights wts = Weights.open(ema2, CpuDevice.get(), WeightPolicy.KEEP).at("module.decoder");
            assertArrayEquals(w, wts.floats("conv_in.weight", Shape.of(2, 4)));
        }
        PickleException e = assertThrows(PickleException.class, () -> PickleCheckpoint.open(f, "model"));
        assertTrue(e.getMessage().contains("c.ckpt") && e.getMessage().contains("ema_state_dict"), e.getMessage());
    }

    @Test void memoAndProtocol4OpcodesAreUnderstood() throws Exception {
        // protocol 4: FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, EMPTY_SET/ADDITEMS, TUPLE2, LONG_BINGET.
        PickleWriter w = new PickleWriter().proto(4).op(0x95).le(0, 8);
        w.op('}').op(0x94);                                   // memo 0: the dict
        w.op('(').str("k").op(0x94).stackGlobal("builtins", "set").op(']').op('(').integer(1).integer(2).op('e').op(0x85).op('R');
        w.str("k2").op('j').le(1, 4);                          // LONG_BINGET memo 1 ("k")
        w.str("big").op(0x8a).op(9).raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1});
        w.str("f").op('G').raw(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0});
        w.str("t").integer(-5).op(0x88).op(0x86);
        w.str("e").op(0x8f).op('(').str("x").op(0x90);
        w.op('u').op('.');
        Object v = RestrictedUnpickler.load(w.bytes(), "mem.pkl");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(java.util.Set.of(1L, 2L), m.get("k"));
        assertEquals("k", m.get("k2"));
        assertEquals(java.math.BigInteger.ONE.shiftLeft(64), m.get("big"));
        assertEquals(1.5, m.get("f"));
        assertEquals(new Py.Tuple(List.of(-5L, true)), m.get("t"));
        assertEquals(java.util.Set.of("x"), m.get("e"));
    }

    @Test void protocol0TextOpcodesAreUnderstood() throws Exception {
        byte[] p = "(dp0\nS'a\\'b'\np1\nI42\nsVh\\u00e9\nL7L\nsI01\nF0.5\ns.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Map<?, ?> m = (Map<?, ?>) RestrictedUnpickler.load(p, "p0.pkl");
        assertEquals(42L, m.get("a'b"));
        assertEquals(7L, m.get("h\u00e9"));
        assertEquals(0.5, m.get(true));
    }
}
