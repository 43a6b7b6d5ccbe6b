package dev.gallop.engine.nn;

import static dev.gallop.engine.nn.WeightsFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuBuffer;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsPolicyTest {
    @TempDir Path dir;
    Checkpoint ckpt;

    @BeforeEach void open() throws IOException { ckpt = Checkpoints.open(WeightsFixture.write(dir.resolve("m.safetensors"))); }

    @AfterEach void close() { ckpt.close(); }

    private Weights w(WeightPolicy p) { return Weights.open(ckpt, CpuDevice.get(), p); }

    private boolean zeroCopy(Tensor t, String key) {
        return ((CpuBuffer) t.buffer()).segment().address() == ckpt.data(key).address();
    }

    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "element " + i);
        }
    }

    @Test void scoping() {
        Weights root = w(WeightPolicy.KEEP);
        Weights layer = root.at("block").at("layers").at(3);
        assertEquals("block.layers.3.", layer.prefix());
        assertEquals(QKV, layer.key("attention.linear_qkv.weight"));
        assertTrue(layer.has("mlp.up_gate_proj.weight"));
        assertFalse(layer.has("mlp.nope"));
        assertFalse(root.has("mlp.up_gate_proj.weight"));
        assertEquals("block.layers.3.", root.at("block.layers").at(3).prefix());
        assertSame(ckpt, layer.checkpoint());
        assertEquals(Shape.of(4, 8), layer.info("mlp.up_gate_proj.weight").shape());
        assertThrows(IllegalArgumentException.class, () -> root.at(""));
        assertThrows(IllegalArgumentException.class, () -> root.at("a."));
        assertThrows(IllegalArgumentException.class, () -> root.at(-1));
        // has/info do not consume
        assertTrue(root.unusedKeys().contains(UP));
    }

    @Test void keepIsZeroCopyInTheFileDtype() {
        Weights l = w(WeightPolicy.KEEP).at("block.layers.3");
        Tensor qkv = l.linear("attention.linear_qkv.weight", Shape.of(6, 8));
        Tensor up = l.linear("mlp.up_gate_proj.weight", Shape.of(4, 8));
        Tensor down = l.linear("mlp.down_proj.weight", Shape.of(8, 4));
        assertEquals(DType.F32, qkv.dtype());
        assertEquals(DType.BF16, up.dtype());
        assertEquals(DType.F16, down.dtype());
        assertTrue(zeroCopy(qkv, QKV) && zeroCopy(up, UP) && zeroCopy(down, DOWN));
        assertBits(QKV_V, qkv.toFloats());
        assertBits(bf16(UP_V), up.toFloats());
        assertBits(f16(DOWN_V), down.toFloats());
        assertEquals(Shape.of(6, 8), qkv.shape());
    }

    @Test void bf16PolicyRoundsEverythingToBf16() {
        Weights l = w(WeightPolicy.BF16).at("block.layers.3");
        Tensor qkv = l.linear("attention.linear_qkv.weight", Shape.of(6, 8));
        Tensor up = l.linear("mlp.up_gate_proj.weight", Shape.of(4, 8));
        Tensor down = l.linear("mlp.down_proj.weight", Shape.of(8, 4));
        for (Tensor t : new Tensor[] {qkv, up, down}) assertEquals(DType.BF16, t.dtype());
        assertFalse(zeroCopy(qkv, QKV));
        assertTrue(zeroCopy(up, UP), "BF16 weights stay zero-copy under the BF16 policy");
        assertBits(bf16(QKV_V), qkv.toFloats());
        assertBits(bf16(UP_V), up.toFloats());
        assertBits(bf16(f16(DOWN_V)), down.toFloats());
    }

    @Test void f32PolicyWidensExactly() {
        Weights l = w(WeightPolicy.F32).at("block.layers.3");
        Tensor qkv = l.linear("attention.linear_qkv.weight", Shape.of(6, 8));
        Tensor up = l.linear("mlp.up_gate_proj.weight", Shape.of(4, 8));
        Tensor down = l.linear("mlp.down_proj.weight", Shape.of(8, 4));
        for (Tensor t : new Tensor[] {qkv, up, down}) assertEquals(DType.F32, t.dtype());
        assertTrue(zeroCopy(qkv, QKV));
        assertFalse(zeroCopy(up, UP));
        assertBits(QKV_V, qkv.toFloats());
        assertBits(bf16(UP_V), up.toFloats());
        assertBits(f16(DOWN_V), down.toFloats());
        Tensor fp8 = w(WeightPolicy.F32).linear(FP8, Shape.of(4, 8));
        assertEquals(DType.F32, fp8.dtype());
        assertBits(fp8Values(), fp8.toFloats());
    }

    @Test void fp8PerChannelQuantizesEachRow() {
        Tensor q = w(WeightPolicy.FP8_PER_CHANNEL).linear(QKV, Shape.of(6, 8));
        assertEquals(DType.F8_E4M3, q.dtype());
        float[] s = q.scales();
        assertEquals(6, s.length);
        float[] deq = q.toFloats();
        for (int r = 0; r < 6; r++) {
            float amax = 0;
            for (int i = 0; i < 8; i++) amax = Math.max(amax, Math.abs(QKV_V[r * 8 + i]));
            assertEquals(r == 2 ? 1f : amax / 448f, s[r], "scale of row " + r);
            for (int i = 0; i < 8; i++) {
                float v = QKV_V[r * 8 + i];
                // e4m3: 3 mantissa bits (relative error <= 2^-4 for normals), subnormal spacing 2^-9 (of the scale)
                float bound = Math.max(Math.abs(v) * 0x1p-4f, s[r] * 0x1p-10f) * 1.0001f;
                assertTrue(Math.abs(deq[r * 8 + i] - v) <= bound, "row " + r + " col " + i + ": " + v + " -> " + deq[r * 8 + i]);
                byte code = ((CpuBuffer) q.buffer()).segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, r * 8 + i);
                assertEquals(Floats.floatToE4m3(v / s[r]), code, "code of row " + r + " col " + i);
            }
        }
        // The row maximum is represented exactly (it maps to ±448).
        int r0max = 0;
        for (int i = 1; i < 8; i++) if (Math.abs(QKV_V[i]) > Math.abs(QKV_V[r0max])) r0max = i;
        assertEquals(QKV_V[r0max], deq[r0max], Math.abs(QKV_V[r0max]) * 1e-6f);
        for (int i = 16; i < 24; i++) assertEquals(0f, deq[i]);
    }

    @Test void fp8PerChannelFromBf16AndF16() {
        Weights l = w(WeightPolicy.FP8_PER_CHANNEL).at("block.layers.3");
        float[] up = bf16(UP_V), deq = l.linear("mlp.up_gate_proj.weight", Shape.of(4, 8)).toFloats();
        for (int i = 0; i < up.length; i++) assertEquals(up[i], deq[i], Math.abs(up[i]) * 0x1p-4f + 1e-12f);
        Tensor down = l.linear("mlp.down_proj.weight", Shape.of(8, 4));
        assertEquals(8, down.scales().length);
    }

    @Test void fp8CheckpointWithScaleKey() {
        Weights keep = w(WeightPolicy.KEEP);
        Tensor t = keep.linear(FP8, Shape.of(4, 8));
        assertEquals(DType.F8_E4M3, t.dtype());
        assertArrayEquals(new float[] {FP8_SCALE}, t.scales());
        assertTrue(zeroCopy(t, FP8));
        assertBits(fp8Values(), t.toFloats());
        assertFalse(keep.unusedKeys().contains(FP8 + Weights.FP8_SCALE_SUFFIX), "the scale key counts as consumed");
        assertFalse(keep.unusedKeys().contains(FP8));

        Tensor pc = w(WeightPolicy.FP8_PER_CHANNEL).linear(FP8, Shape.of(4, 8));
        assertTrue(zeroCopy(pc, FP8), "fp8 weights are never re-quantized");
        assertArrayEquals(new float[] {FP8_SCALE, FP8_SCALE, FP8_SCALE, FP8_SCALE}, pc.scales());
        assertBits(fp8Values(), pc.toFloats());

        Tensor b = w(WeightPolicy.BF16).linear(FP8, Shape.of(4, 8));
        assertEquals(DType.BF16, b.dtype());
        assertBits(bf16(fp8Values()), b.toFloats());
    }

    @Test void vectorsAndFloatsAreF32() {
        Weights root = w(WeightPolicy.FP8_PER_CHANNEL);
        Tensor norm = root.at("block").at("layers").at(3).vector("attention.pre_norm.weight", Shape.of(8));
        assertEquals(DType.F32, norm.dtype());
        assertBits(bf16(NORM_V), norm.toFloats());
        Tensor bands = root.vector(BANDS, Shape.of(16));
        assertTrue(zeroCopy(bands, BANDS), "F32 vectors are zero-copy");
        assertBits(BANDS_V, bands.toFloats());
        assertBits(BANDS_V, root.at("adapter").floats("rope.bands", Shape.of(16)));
        assertBits(f16(DOWN_V), root.floats(DOWN, Shape.of(8, 4)));
    }

    @Test void everythingConsumedPasses() {
        Weights root = w(WeightPolicy.KEEP);
        Weights l = root.at("block").at("layers").at(3);
        l.linear("attention.linear_qkv.weight", Shape.of(6, 8));
        l.vector("attention.pre_norm.weight", Shape.of(8));
        l.linear("mlp.up_gate_proj.weight", Shape.of(4, 8));
        assertThrows(WeightLoadException.class, l::requireAllConsumed);
        l.linear("mlp.down_proj.weight", Shape.of(8, 4));
        l.requireAllConsumed();                      // a scope checks only its own keys
        assertThrows(WeightLoadException.class, root::requireAllConsumed);
        root.floats(BANDS, Shape.of(16));
        root.linear(FP8, Shape.of(4, 8));
        root.at("buffers").skipAll();
        root.requireAllConsumed();
        assertTrue(root.unusedKeys().isEmpty());
    }
}
