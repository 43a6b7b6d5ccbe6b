package dev.gallop.engine.sampling;

import dev.gallop.engine.runtime.NoiseSource;

/// A seeded standard-normal generator that gives the same numbers on every platform and backend.
///
/// Stream: xoshiro256** seeded by four SplitMix64 outputs of the seed. Two uniforms `u, v ∈ (−1, 1)` are drawn
/// from the top 53 bits of successive outputs; Marsaglia's polar method accepts them when `0 < s = u² + v² < 1`
/// and yields the pair `u·f, v·f` with `f = √(−2 ln s / s)`, in double precision, each cast to float
/// (the second value of a pair is kept for the next draw).
///
/// It does not reproduce upstream's numbers (upstream draws on the GPU; tests feed upstream's stored draws).
/// The pipeline draws from one generator in this order (docs/models/magihuman.md#noise):
/// 1. audio start noise `[n, 64]`;
/// 2. video start noise `[48, T, H, W]`;
/// 3. for each distilled base step: video noise, then audio noise (also at the last step);
/// 4. the SR video re-noise `[48, T, H2, W2]`;
/// 5. the SR audio noise `[n, 64]`.
///
/// Not thread-safe: one instance per generation.
public final class GaussianNoise implements NoiseSource {
    private long s0, s1, s2, s3;
    private double spare;
    private boolean hasSpare;

    public GaussianNoise(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /// Next raw 64-bit output of xoshiro256**.
    long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /// Uniform in [−1, 1) with 53 random bits.
    private double nextSigned() { return (nextLong() >>> 11) * 0x1.0p-52 - 1.0; }

    /// One standard-normal value in double precision.
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = nextSigned();
            v = nextSigned();
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    /// `n` standard-normal float32 values.
    @Override public float[] next(int n) {
        float[] out = new float[n];
        for (int k = 0; k < n; k++) out[k] = (float) nextGaussian();
        return out;
    }
}
