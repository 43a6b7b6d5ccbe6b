package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;

/// Classifier-free guidance (docs/models/magihuman.md#guidance): `guided = u + s·(c − u)` per modality, in float32
/// with each operation rounded in that order (`c − u`, then `s·…`, then `u + …`).
///
/// Video scale: `highScale` while the integer timestep is above `threshold`, `lowScale` from then on
/// (defaults 5.0, 2.0, 500). Audio scale: constant (default 5.0).
public record Guidance(float videoHighScale, float videoLowScale, int threshold, float audioScale) {
    public static final float DEFAULT_VIDEO_HIGH = 5.0f;
    public static final float DEFAULT_VIDEO_LOW = 2.0f;
    public static final int DEFAULT_THRESHOLD = 500;
    public static final float DEFAULT_AUDIO = 5.0f;

    /// The shipped base-model configuration: 5.0 / 2.0 at t > 500, audio 5.0.
    public static Guidance defaults() {
        return new Guidance(DEFAULT_VIDEO_HIGH, DEFAULT_VIDEO_LOW, DEFAULT_THRESHOLD, DEFAULT_AUDIO);
    }

    /// Video guidance scale at integer timestep `t`: high if `t > threshold`, else low.
    public float videoScale(int timestep) { return timestep > threshold ? videoHighScale : videoLowScale; }

    /// `u + s·(c − u)` into a new tensor on the inputs' device.
    public static Tensor cfg(Kernels k, Tensor uncond, Tensor cond, float scale) {
        if (uncond.numel() != cond.numel()) {
            throw new IllegalArgumentException("guidance: uncond " + uncond.shape() + " and cond " + cond.shape() + " differ");
        }
        Tensor out = cond.device().empty(cond.dtype(), cond.shape());
        k.cfg(out, uncond, cond, scale);
        return out;
    }
}
