package dev.gallop.engine.sampling;

/// The distilled (DMD-2) re-noising step (spec §3.3), applied to video and audio alike, in float32:
///
/// `x0 = x − σ·v` and `x_next = σ_next·ε + (1 − σ_next)·x0`,
///
/// with a fresh standard-normal `ε` every step (also at the last step, where `σ_next = 0` and the result is `x0`).
/// Each product and sum is rounded to float32 in exactly this order, so a replay matches upstream bit for bit.
public final class DistilledSampler {
    private DistilledSampler() {}

    /// One step; returns a new array, inputs untouched.
    public static float[] step(float[] x, float[] v, float sigma, float sigmaNext, float[] noise) {
        int n = x.length;
        if (v.length != n || noise.length != n) {
            throw new IllegalArgumentException("length mismatch: x " + n + ", v " + v.length + ", noise " + noise.length);
        }
        float keep = 1f - sigmaNext;
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            float x0 = x[k] - sigma * v[k];
            out[k] = sigmaNext * noise[k] + keep * x0;
        }
        return out;
    }

    /// The clean estimate `x − σ·v` alone (float32).
    public static float[] x0(float[] x, float[] v, float sigma) {
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) out[k] = x[k] - sigma * v[k];
        return out;
    }
}
