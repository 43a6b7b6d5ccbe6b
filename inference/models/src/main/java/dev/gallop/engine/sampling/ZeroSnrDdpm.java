package dev.gallop.engine.sampling;

/// The zero-terminal-SNR DDPM table behind the SR re-noise constants (docs/models/magihuman.md#super-resolution).
///
/// * `√β_k` is linear from √0.00085 to √0.012 over `k = 0…999`; `β_k = (√β_k)²`;
/// * `ᾱ_k = ∏_{j ≤ k} (1 − β_j)`;
/// * `a_k = √ᾱ_k` is rescaled so that the last entry is 0 and the first is unchanged:
///   `a'_k = (a_k − a_T)·a_0/(a_0 − a_T)`; the rescaled `ᾱ'_k = a'_k²`.
///
/// Computed in float64 here. The SR signal coefficient is `√ᾱ'₂₂₀` and the noise coefficient `√(1 − ᾱ'₂₂₀)`.
public final class ZeroSnrDdpm {
    public static final double BETA_START = 0.00085;
    public static final double BETA_END = 0.012;
    public static final int STEPS = 1000;

    private ZeroSnrDdpm() {}

    /// The rescaled `√ᾱ'_k`, k = 0…steps−1, float64.
    public static double[] sqrtAlphaBar(double betaStart, double betaEnd, int steps) {
        double s0 = Math.sqrt(betaStart), s1 = Math.sqrt(betaEnd);
        double[] a = new double[steps];
        double cum = 1.0;
        for (int k = 0; k < steps; k++) {
            double sb = steps == 1 ? s0 : s0 + (s1 - s0) * k / (steps - 1);
            cum *= 1.0 - sb * sb;
            a[k] = Math.sqrt(cum);
        }
        double a0 = a[0], aT = a[steps - 1];
        for (int k = 0; k < steps; k++) a[k] = (a[k] - aT) * (a0 / (a0 - aT));
        return a;
    }

    /// `√ᾱ'_index` of the default table, float64.
    public static double signal(int index) { return sqrtAlphaBar(BETA_START, BETA_END, STEPS)[index]; }

    /// `√(1 − ᾱ'_index)` of the default table, float64.
    public static double noise(int index) {
        double s = signal(index);
        return Math.sqrt(1.0 - s * s);
    }
}
