package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.models.TextEncoder;

/// MagiHuman's post-processing of the encoder output (docs/models/t5gemma.md#output-features): `last_hidden_state` is
/// cast to fp16 and back to f32, then zero-padded or trimmed to 640 rows, of which the first min(L, 640) enter the
/// DiT.
public final class MagiTextFeatures {
    private MagiTextFeatures() {}

    /// Each value rounded to the nearest fp16 (ties to even, overflow to ±∞ as a cast does) and widened back.
    public static float[] fp16RoundTrip(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
        return out;
    }

    /// The first `rows` rows of x [L, width], zero-padded when L < rows.
    public static float[] fitRows(float[] x, int width, int rows) {
        if (width <= 0 || x.length % width != 0) throw new IllegalArgumentException(x.length + " values are not rows of width " + width);
        if (rows < 0) throw new IllegalArgumentException("negative row count " + rows);
        float[] out = new float[rows * width];
        System.arraycopy(x, 0, out, 0, Math.min(x.length, out.length));
        return out;
    }

    /// The rows that go on to the DiT: min(L, 640) rows, no padding.
    public static float[] trimmed(float[] x, int width) {
        int rows = x.length / Math.max(1, width);
        return fitRows(x, width, Math.min(rows, TextEncoder.MAX_TOKENS));
    }
}
