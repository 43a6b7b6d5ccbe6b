package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.tensor.Floats;

/// The tables of T5Gemma's rotate-half RoPE over the whole head (docs/models/t5gemma.md#rope): inv_freq[j] =
/// 1 / θ^(2j/D) in f32 for j < D/2, the angle of position m is m·inv_freq[j], and dim j pairs with dim j + D/2.
/// Positions are 0..L-1.
///
/// @param sin  [L, D/2] sin of the angles (bf16-rounded when the run is bf16, as the reference casts the tables)
/// @param cos  [L, D/2]
final class RotaryTables {
    final float[] sin, cos;
    final int tokens, half;

    private RotaryTables(float[] sin, float[] cos, int tokens, int half) {
        this.sin = sin;
        this.cos = cos;
        this.tokens = tokens;
        this.half = half;
    }

    /// inv_freq[j] = 1 / θ^(2j/D), each step in f32.
    static float[] inverseFrequencies(int headDim, double theta) {
        int half = headDim / 2;
        float[] inv = new float[half];
        for (int j = 0; j < half; j++) {
            float exponent = (float) (2 * j) / (float) headDim;
            inv[j] = 1f / (float) Math.pow((float) theta, exponent);
        }
        return inv;
    }

    static RotaryTables build(int tokens, int headDim, double theta, boolean bf16) {
        float[] inv = inverseFrequencies(headDim, theta);
        int half = inv.length;
        float[] sin = new float[tokens * half], cos = new float[tokens * half];
        for (int m = 0; m < tokens; m++) {
            for (int j = 0; j < half; j++) {
                float angle = (float) m * inv[j];
                float s = (float) Math.sin(angle), c = (float) Math.cos(angle);
                sin[m * half + j] = bf16 ? Floats.roundBf16(s) : s;
                cos[m * half + j] = bf16 ? Floats.roundBf16(c) : c;
            }
        }
        return new RotaryTables(sin, cos, tokens, half);
    }

    /// A table [L, D/2] repeated over both halves, [L, D] (the layout the reference builds).
    static float[] bothHalves(float[] table, int tokens, int half) {
        float[] out = new float[tokens * 2 * half];
        for (int m = 0; m < tokens; m++) {
            System.arraycopy(table, m * half, out, m * 2 * half, half);
            System.arraycopy(table, m * half, out, m * 2 * half + half, half);
        }
        return out;
    }
}
