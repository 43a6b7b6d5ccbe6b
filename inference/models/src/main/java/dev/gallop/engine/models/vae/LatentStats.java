package dev.gallop.engine.models.vae;

/// The 48-channel latent statistics shared by the Wan2.2 VAE and Turbo-VAED (hard-coded in upstream's
/// `Wan2_2_VAE.__init__` and again in `turbo_vaed_module.py`). The values were typed from `const.latent_mean` /
/// `const.latent_std` of the reference decoder sets (tests/fixtures/magihuman-decoders, upstream commit 209209b7), where
/// both sets hold the same tables; every entry has four decimals.
///
/// Both directions use upstream's reciprocal form, with 1/std rounded to f32 first: normalise (μ − mean)·(1/std),
/// un-normalise z ÷ (1/std) + mean (docs/models/vaes.md#latent-statistics).
public record LatentStats(float[] mean, float[] std) {
    public static final LatentStats WAN22 = new LatentStats(new float[] {
            -0.2289f, -0.0052f, -0.1323f, -0.2339f, -0.2799f, 0.0174f, 0.1838f, 0.1557f,
            -0.1382f, 0.0542f, 0.2813f, 0.0891f, 0.157f, -0.0098f, 0.0375f, -0.1825f,
            -0.2246f, -0.1207f, -0.0698f, 0.5109f, 0.2665f, -0.2108f, -0.2158f, 0.2502f,
            -0.2055f, -0.0322f, 0.1109f, 0.1567f, -0.0729f, 0.0899f, -0.2799f, -0.123f,
            -0.0313f, -0.1649f, 0.0117f, 0.0723f, -0.2839f, -0.2083f, -0.052f, 0.3748f,
            0.0152f, 0.1957f, 0.1433f, -0.2944f, 0.3573f, -0.0548f, -0.1681f, -0.0667f,
    }, new float[] {
            0.4765f, 1.0364f, 0.4514f, 1.1677f, 0.5313f, 0.499f, 0.4818f, 0.5013f,
            0.8158f, 1.0344f, 0.5894f, 1.0901f, 0.6885f, 0.6165f, 0.8454f, 0.4978f,
            0.5759f, 0.3523f, 0.7135f, 0.6804f, 0.5833f, 1.4146f, 0.8986f, 0.5659f,
            0.7069f, 0.5338f, 0.4889f, 0.4917f, 0.4069f, 0.4999f, 0.6866f, 0.4093f,
            0.5709f, 0.6065f, 0.6415f, 0.4944f, 0.5726f, 1.2042f, 0.5458f, 1.6887f,
            0.3971f, 1.06f, 0.3943f, 0.5537f, 0.5444f, 0.4089f, 0.7468f, 0.7744f,
    });

    public LatentStats {
        if (mean.length != std.length) throw new IllegalArgumentException("latent mean has " + mean.length + " entries, std " + std.length);
        mean = mean.clone();
        std = std.clone();
    }

    public int channels() { return mean.length; }

    /// 1/std per channel, rounded to f32: the factor of normalising, (μ − mean)·(1/std), and the divisor of
    /// un-normalising, z ÷ (1/std) + mean.
    public float[] inverseStd() {
        float[] inv = new float[std.length];
        for (int c = 0; c < inv.length; c++) inv[c] = 1f / std[c];
        return inv;
    }
}
