package dev.gallop.engine.models.audio;

import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// Weight-norm folding at load time: W = v · (g / ‖v‖₂), the norm taken over every axis except axis 0, one value of
/// g per slice along axis 0. For a Conv1d weight `[Cout, Cin, K]` axis 0 is the output channel; for a
/// ConvTranspose1d weight `[Cin, Cout, K]` it is the *input* channel, so `weight_g` is `[Cin, 1, 1]` there.
public final class WeightNorm {
    private WeightNorm() {}

    /// Folds `v` (`rows` slices of `v.length / rows` values) with the gains `g[rows]`. The norm is summed in double,
    /// then `g / ‖v‖` and the product are rounded to float.
    public static float[] fold(float[] v, float[] g, int rows) {
        if (rows < 1 || v.length % rows != 0) {
            throw new IllegalArgumentException("weight_v of " + v.length + " values does not split into " + rows + " slices");
        }
        if (g.length != rows) throw new IllegalArgumentException("weight_g has " + g.length + " values, expected " + rows);
        int len = v.length / rows;
        float[] w = new float[v.length];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int i = 0; i < len; i++) ss += (double) v[r * len + i] * v[r * len + i];
            float norm = (float) Math.sqrt(ss);
            if (!(norm > 0f)) throw new IllegalArgumentException("weight_v slice " + r + " has zero or non-finite norm " + norm);
            float scale = g[r] / norm;
            for (int i = 0; i < len; i++) w[r * len + i] = v[r * len + i] * scale;
        }
        return w;
    }

    /// Reads `weight_g` `[d0, 1, 1]` and `weight_v` `[d0, d1, k]` under `w` and folds them.
    public static float[] load(Weights w, int d0, int d1, int k) {
        float[] g = w.floats("weight_g", Shape.of(d0, 1, 1));
        float[] v = w.floats("weight_v", Shape.of(d0, d1, k));
        try {
            return fold(v, g, d0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w.key("weight_v") + ": " + e.getMessage(), e);
        }
    }
}
