package dev.gallop.engine.backend;

/// The samplers' updates on device latents, in f32 with each operation rounded in the order written (so that a
/// sampler replays the reference's trajectories bit for bit on every backend: no fused multiply-adds). All tensors
/// F32 with equal element counts. Part of [Kernels]. Outputs may alias inputs.
public interface SamplerKernels {

    /// The flow-matching clean estimate: out = x − σ·v.
    void flowX0(Tensor out, Tensor x, Tensor v, float sigma);

    /// The distilled (DMD-2) re-noising step: out = σn·ε + (1 − σn)·(x − σ·v).
    void distillStep(Tensor out, Tensor x, Tensor v, Tensor noise, float sigma, float sigmaNext);

    /// Classifier-free guidance: out = u + s·(c − u).
    void cfg(Tensor out, Tensor uncond, Tensor cond, float scale);

    /// The UniPC predictor: out = ratio·xc − alphaPhi·m − alphaB·(rho0·((mPrev − m)/r)), the last term only at
    /// order 2 (mPrev may be null at order 1).
    void uniPcPredict(Tensor out, Tensor xc, Tensor m, Tensor mPrev, UniPcTerms c);

    /// The UniPC corrector: out = ratio·x − alphaPhi·m1 − alphaB·(rho0·((m2 − m1)/r) + rhoLast·(m − m1)), the rho0
    /// term only at order 2 (m2 may be null at order 1).
    void uniPcCorrect(Tensor out, Tensor x, Tensor m1, Tensor m2, Tensor m, UniPcTerms c);
}
