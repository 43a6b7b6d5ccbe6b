package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.Shape;

/// The hand-over from the base stage to the super-resolution stage (docs/models/magihuman.md#super-resolution).
///
/// 1. The base video latent `[C, T, H, W]` is upsampled trilinearly with `align_corners = True` to
///    `[C, T2, H2, W2]` ([#upsample]).
/// 2. It is re-noised VP-style: `z = up·s + ε·n` with `s = 0.8389104` (float32 `0x3f56c2d5`) and
///    `n = √(1 − s²) = 0.5442696` (`0x3f0b5540`), `s = √ᾱ₂₂₀` of the zero-terminal-SNR DDPM table
///    ([ZeroSnrDdpm]) ([#renoise]).
/// 3. The SR audio input is `ε_a·0.7 + z_a·(1 − 0.7)`, fixed for all SR steps ([#audioInput]).
///
/// All arithmetic is float32, each product rounded before the sum, on the latents' device.
public final class SuperResolution {
    /// Signal coefficient √ᾱ₂₂₀, float32 bits 0x3f56c2d5.
    public static final float SIGNAL = Float.intBitsToFloat(0x3f56c2d5);
    /// Noise coefficient √(1 − ᾱ₂₂₀), float32 bits 0x3f0b5540.
    public static final float NOISE = Float.intBitsToFloat(0x3f0b5540);
    /// Index into the DDPM table (`noise_value`).
    public static final int NOISE_INDEX = 220;
    /// Weight of fresh noise in the SR audio input (`sr_audio_noise_scale`).
    public static final double AUDIO_NOISE_SCALE = 0.7;

    private SuperResolution() {}

    /// `up·SIGNAL + noise·NOISE` into a new tensor.
    public static Tensor renoise(Kernels k, Tensor up, Tensor noise) { return renoise(k, up, noise, SIGNAL, NOISE); }

    /// `up·signal + noise·noiseCoef` into a new tensor, float32, each product rounded before the sum.
    public static Tensor renoise(Kernels k, Tensor up, Tensor noise, float signal, float noiseCoef) {
        Tensor out = up.device().empty(up.dtype(), up.shape());
        k.axpby(out, signal, up, noiseCoef, noise);
        return out;
    }

    /// `noise·0.7 + audio·(1 − 0.7)` into a new tensor (the weights are the float32 roundings of 0.7 and of the
    /// double 1 − 0.7).
    public static Tensor audioInput(Kernels k, Tensor baseAudio, Tensor noise) { return audioInput(k, baseAudio, noise, AUDIO_NOISE_SCALE); }

    /// `noise·scale + audio·(1 − scale)` into a new tensor, float32.
    public static Tensor audioInput(Kernels k, Tensor baseAudio, Tensor noise, double scale) {
        Tensor out = noise.device().empty(noise.dtype(), noise.shape());
        k.axpby(out, (float) scale, noise, (float) (1.0 - scale), baseAudio);
        return out;
    }

    /// Trilinear upsample with `align_corners = True` of `x` `[c, t, h, w]` to `[c, t2, h2, w2]`, into a new tensor
    /// ([dev.gallop.engine.backend.VolumeKernels#upsampleTrilinear] states the arithmetic; within about 1e-6
    /// relative of PyTorch's CPU kernel, which uses fused multiply-adds).
    public static Tensor upsample(Kernels k, Tensor x, int t2, int h2, int w2) {
        Tensor out = x.device().empty(x.dtype(), Shape.of(x.shape().dim(0), t2, h2, w2));
        k.upsampleTrilinear(out, x);
        return out;
    }
}
