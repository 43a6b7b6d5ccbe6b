package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// SnakeBeta with log-scale parameters, per channel c: `y = x + (1 / (e^β + 1e-9)) · sin²(x · e^α)`, evaluated as
/// upstream does in float32: `a = exp(α)`, `b = exp(β)`, `r = 1 / (b + 1e-9)`, `s = sin(x·a)`, `y = x + r·(s·s)`.
/// Activations are time-major `[T, C]`. Uses scalar `Math.sin`/`Math.exp` (deterministic on every JIT tier).
public final class SnakeBeta {
    private final int channels;
    private final float[] freq;  // e^α
    private final float[] recip; // 1 / (e^β + 1e-9)

    /// `alpha`, `beta`: the stored log-scale parameters `[C]`.
    public SnakeBeta(float[] alpha, float[] beta) {
        if (alpha.length != beta.length || alpha.length == 0) {
            throw new IllegalArgumentException("SnakeBeta alpha has " + alpha.length + " values but beta has " + beta.length);
        }
        channels = alpha.length;
        freq = new float[channels];
        recip = new float[channels];
        for (int c = 0; c < channels; c++) {
            freq[c] = (float) Math.exp(alpha[c]);
            float b = (float) Math.exp(beta[c]);
            recip[c] = 1f / (float) (b + 1e-9);
        }
    }

    /// Reads `alpha` and `beta` `[channels]` under `w`.
    public static SnakeBeta load(Weights w, int channels) {
        return new SnakeBeta(w.floats("alpha", Shape.of(channels)), w.floats("beta", Shape.of(channels)));
    }

    public int channels() { return channels; }

    /// New array `snake(x)` for `x [T, C]`, in parallel over time.
    public float[] apply(float[] x) {
        if (x.length % channels != 0) throw new IllegalArgumentException("SnakeBeta input of " + x.length + " values is not [T, " + channels + "]");
        float[] y = new float[x.length];
        int t = x.length / channels;
        Parallel.range(t, Math.max(1, 8192 / channels), (a, b) -> rows(x, y, a, b));
        return y;
    }

    /// Single-threaded twin of [#apply].
    public float[] applyScalar(float[] x) {
        if (x.length % channels != 0) throw new IllegalArgumentException("SnakeBeta input of " + x.length + " values is not [T, " + channels + "]");
        float[] y = new float[x.length];
        rows(x, y, 0, x.length / channels);
        return y;
    }

    private void rows(float[] x, float[] y, int from, int to) {
        for (int t = from; t < to; t++) {
            int o = t * channels;
            for (int c = 0; c < channels; c++) {
                float v = x[o + c];
                float s = (float) Math.sin(v * freq[c]);
                y[o + c] = v + recip[c] * (s * s);
            }
        }
    }
}
