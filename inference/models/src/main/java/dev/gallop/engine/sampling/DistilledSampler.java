package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;

/// The distilled (DMD-2) re-noising step (docs/models/magihuman.md#distilled-sampler), applied to video and audio
/// alike, in float32 on the latents' device:
///
/// `x0 = x − σ·v` and `x_next = σ_next·ε + (1 − σ_next)·x0`,
///
/// with a fresh standard-normal `ε` every step (also at the last step, where `σ_next = 0` and the result is `x0`).
/// Each product and sum is rounded to float32 in exactly this order on every backend
/// ([dev.gallop.engine.backend.SamplerKernels]), so a replay matches upstream bit for bit.
public final class DistilledSampler {
    private DistilledSampler() {}

    /// One step into a new tensor; inputs untouched.
    public static Tensor step(Kernels k, Tensor x, Tensor v, float sigma, float sigmaNext, Tensor noise) {
        Tensor out = x.device().empty(x.dtype(), x.shape());
        k.distillStep(out, x, v, noise, sigma, sigmaNext);
        return out;
    }

    /// The clean estimate `x − σ·v` into a new tensor.
    public static Tensor x0(Kernels k, Tensor x, Tensor v, float sigma) {
        Tensor out = x.device().empty(x.dtype(), x.shape());
        k.flowX0(out, x, v, sigma);
        return out;
    }
}
