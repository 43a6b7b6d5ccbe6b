package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// RMS norm with a zero-centred weight (y = x·rsqrt(mean x² + eps)·(1 + w), in f32), one weight per modality expert
/// or shared. The (1 + w) gain is folded once at load, in f32.
final class ExpertNorm {
    private final Tensor[] gains;   // each F32 [dim]
    private final float eps;

    private ExpertNorm(Tensor[] gains, float eps) {
        this.gains = gains;
        this.eps = eps;
    }

    static ExpertNorm load(Weights w, String key, int experts, int dim, float eps, Device device) {
        float[] all = w.floats(key, Shape.of(experts * dim));
        Tensor[] g = new Tensor[experts];
        for (int e = 0; e < experts; e++) {
            float[] gain = new float[dim];
            for (int i = 0; i < dim; i++) gain[i] = 1f + all[e * dim + i];
            g[e] = Tensor.fromFloats(device, Shape.of(dim), gain);
        }
        return new ExpertNorm(g, eps);
    }

    int experts() { return gains.length; }

    Tensor gain(int expert) { return gains[expert]; }

    float eps() { return eps; }

    /// Normalises the last axis of x (first axis = tokens) into y (in y's dtype), per token's expert. y may be x.
    void forward(Kernels k, Tensor y, Tensor x, TokenLayout l) {
        if (gains.length == 1) {
            k.rmsNorm(y, x, gains[0], eps);
            return;
        }
        for (int e = 0; e < gains.length; e++) {
            int s = l.start(e), t = l.end(e);
            if (t > s) k.rmsNorm(y.rows(s, t), x.rows(s, t), gains[e], eps);
        }
    }
}
