package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// SnakeBeta with log-scale parameters, per channel c: `y = x + (1 / (e^β + 1e-9)) · sin²(x · e^α)`
/// (docs/models/vaes.md#snake; ref: stable-audio-tools `blocks.py`, `SnakeBeta` with `alpha_logscale`). The per-channel factors are computed once at
/// load as upstream does in float32 (`a = exp(α)`, `b = exp(β)`, `r = 1 / (b + 1e-9)`) and kept on the device;
/// [SequenceKernels#snakeBeta] applies them to time-major activations [T, C].
public final class SnakeBeta {
    private final int channels;
    private final Tensor freq, recip;

    /// `alpha`, `beta`: the stored log-scale parameters [C].
    public SnakeBeta(Device device, float[] alpha, float[] beta) {
        if (alpha.length != beta.length || alpha.length == 0) {
            throw new IllegalArgumentException("SnakeBeta alpha has " + alpha.length + " values but beta has " + beta.length);
        }
        channels = alpha.length;
        float[] f = new float[channels], r = new float[channels];
        for (int c = 0; c < channels; c++) {
            f[c] = (float) Math.exp(alpha[c]);
            float b = (float) Math.exp(beta[c]);
            r[c] = 1f / (float) (b + 1e-9);
        }
        freq = Tensor.fromFloats(device, Shape.of(channels), f);
        recip = Tensor.fromFloats(device, Shape.of(channels), r);
    }

    /// Reads `alpha` and `beta` [channels] under `w`.
    public static SnakeBeta load(Weights w, int channels) {
        return new SnakeBeta(w.device(), w.floats("alpha", Shape.of(channels)), w.floats("beta", Shape.of(channels)));
    }

    public int channels() { return channels; }

    /// snake(x) as a new tensor on x's device.
    public Tensor forward(Kernels k, Tensor x) {
        Tensor out = x.device().empty(DType.F32, x.shape());
        forward(k, x, out);
        return out;
    }

    /// out = snake(x); out may be x.
    public void forward(Kernels k, Tensor x, Tensor out) { k.snakeBeta(out, x, freq, recip); }
}
