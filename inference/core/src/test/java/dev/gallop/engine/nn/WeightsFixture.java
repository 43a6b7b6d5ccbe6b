package dev.gallop.engine.nn;

import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/// A small checkpoint with one tensor of every kind the loader distinguishes.
final class WeightsFixture {
    private WeightsFixture() {}

    static final String L3 = "block.layers.3.";
    static final String QKV = L3 + "attention.linear_qkv.weight";   // F32 [6, 8], row 2 all zero
    static final String NORM = L3 + "attention.pre_norm.weight";    // BF16 [8]
    static final String UP = L3 + "mlp.up_gate_proj.weight";        // BF16 [4, 8]
    static final String DOWN = L3 + "mlp.down_proj.weight";         // F16 [8, 4]
    static final String BANDS = "adapter.rope.bands";               // F32 [16]
    static final String FP8 = "fp8.proj.weight";                    // F8_E4M3 [4, 8] + per-tensor scale
    static final String IDS = "buffers.position_ids";               // I64 [2]
    static final float FP8_SCALE = 0.0125f;

    static final float[] QKV_V = random(48, 1, true);
    static final float[] NORM_V = random(8, 2, false);
    static final float[] UP_V = random(32, 3, false);
    static final float[] DOWN_V = random(32, 4, false);
    static final float[] BANDS_V = random(16, 5, false);
    static final byte[] FP8_B = new byte[32];

    static {
        Random r = new Random(6);
        for (int i = 0; i < FP8_B.length; i++) FP8_B[i] = Floats.floatToE4m3((float) r.nextGaussian() * 100);
    }

    /// Values spanning several magnitudes (per row), so quantization is exercised across the e4m3 range.
    static float[] random(int n, long seed, boolean zeroRow2) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * Math.pow(10, (i / 8) % 4 - 2));
        if (zeroRow2) for (int i = 16; i < 24; i++) v[i] = 0;
        return v;
    }

    static Path write(Path file) throws IOException {
        new SafetensorsWriter()
                .add(QKV, QKV_V, Shape.of(6, 8), DType.F32)
                .add(NORM, NORM_V, Shape.of(8), DType.BF16)
                .add(UP, UP_V, Shape.of(4, 8), DType.BF16)
                .add(DOWN, DOWN_V, Shape.of(8, 4), DType.F16)
                .add(BANDS, BANDS_V, Shape.of(16), DType.F32)
                .addRaw(FP8, DType.F8_E4M3, Shape.of(4, 8), FP8_B)
                .add(FP8 + Weights.FP8_SCALE_SUFFIX, new float[] {FP8_SCALE}, Shape.of(new int[0]), DType.F32)
                .addRaw(IDS, "I64", Shape.of(2), new byte[16])
                .write(file);
        return file;
    }

    static float[] bf16(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Floats.roundBf16(v[i]);
        return o;
    }

    static float[] f16(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Floats.f16ToFloat(Floats.floatToF16(v[i]));
        return o;
    }

    static float[] fp8Values() {
        float[] o = new float[FP8_B.length];
        for (int i = 0; i < o.length; i++) o[i] = Floats.e4m3ToFloat(FP8_B[i]) * FP8_SCALE;
        return o;
    }
}
