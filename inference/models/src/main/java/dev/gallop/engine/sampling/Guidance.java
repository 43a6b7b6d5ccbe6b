package dev.gallop.engine.sampling;

/// Classifier-free guidance (spec §3.2): `guided = u + s·(c − u)` per modality, in float32 with each operation
/// rounded in that order (`c − u`, then `s·…`, then `u + …`).
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

    /// `u + s·(c − u)` elementwise, float32; returns a new array.
    public static float[] cfg(float[] uncond, float[] cond, float scale) {
        if (uncond.length != cond.length) {
            throw new IllegalArgumentException("length mismatch: uncond " + uncond.length + ", cond " + cond.length);
        }
        float[] out = new float[cond.length];
        for (int k = 0; k < out.length; k++) out[k] = uncond[k] + scale * (cond[k] - uncond[k]);
        return out;
    }
}
