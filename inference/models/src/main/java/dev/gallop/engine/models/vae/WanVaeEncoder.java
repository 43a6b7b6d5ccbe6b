package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.ImageEncoder;
import dev.gallop.engine.models.vae.ops.Activations;
import dev.gallop.engine.models.vae.ops.ChannelNorm;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.models.vae.ops.Rearrange;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// The Wan2.2 VAE encoder on one image (spec §5.1, §12), the TI2V reference-frame path on the CPU:
/// image [3, 1, H, W] in [−1, 1] → normalised latent [48, 1, H/16, W/16].
///
/// With T = 1 on a first chunk every causal 3×3×3 conv only touches data with its last time tap, and the
/// time-downsampling convs are skipped (their weights are still read). Computed in f32; upstream's GPU path runs
/// this encoder in bf16 with the mean and 1/std tables cast to bf16 too.
///
/// Weights: `Wan2.2_VAE.pth` names, `encoder.*` and `conv1.*`; the decoder's `decoder.*` and `conv2.*` are skipped.
public final class WanVaeEncoder implements ImageEncoder {
    private final WanVaeConfig cfg;
    private final LatentStats stats;
    private final Conv3d conv1, head, quant;
    private final List<WanDownLevel> levels = new ArrayList<>();
    private final WanResBlock mid0, mid2;
    private final WanAttention attention;
    private final float[] headGamma;

    private final Device device;

    public WanVaeEncoder(WanVaeConfig cfg, LatentStats stats, Weights root) {
        this.device = root.device();
        if (stats.channels() != cfg.zDim()) throw new IllegalArgumentException("latent statistics have " + stats.channels() + " channels, z_dim is " + cfg.zDim());
        this.cfg = cfg;
        this.stats = stats;
        Weights e = root.at("encoder");
        ConvPadding causal = ConvPadding.causal(3, 3, 3);
        conv1 = ConvLoader.conv3d(e.at("conv1"), cfg.dim(), 12, 3, 3, 3, causal);
        for (int i = 0; i < cfg.levels(); i++) levels.add(new WanDownLevel(e.at("downsamples").at(i), cfg, i));
        int top = cfg.levelOut(cfg.levels() - 1), z2 = 2 * cfg.zDim();
        Weights m = e.at("middle");
        mid0 = new WanResBlock(m.at(0), top, top);
        attention = new WanAttention(m.at(1), top);
        mid2 = new WanResBlock(m.at(2), top, top);
        headGamma = e.at("head").at(0).floats("gamma", Shape.of(top, 1, 1, 1));
        head = ConvLoader.conv3d(e.at("head").at(2), z2, top, 3, 3, 3, causal);
        quant = ConvLoader.conv3d(root.at("conv1"), z2, z2, 1, 1, 1, ConvPadding.causal(1, 1, 1));
        root.at("decoder").skipAll();                                    // the video decoder half of the .pth
        root.at("conv2").skipAll();
        root.requireAllConsumed();
    }

    public WanVaeConfig config() { return cfg; }

    @Override public Device device() { return device; }

    @Override
    public Tensor encode(byte[] rgb, int height, int width, VideoSize target) {
        float[] latent = encodeHost(rgb, height, width, target);
        return Tensor.fromFloats(device, Shape.of(cfg.zDim(), 1, target.height() / 16, target.width() / 16), latent);
    }

    /// [#encode] as a host array.
    public float[] encodeHost(byte[] rgb, int height, int width, VideoSize target) {
        float[] image = ImagePreprocess.toModelInput(rgb, height, width, target.width(), target.height());
        return encodeImage(new Volume(image, 3, 1, target.height(), target.width()), VaeTaps.NONE).data();
    }

    /// Image [3, 1, H, W] in [−1, 1] (H, W multiples of 16) → normalised latent [48, 1, H/16, W/16].
    /// Taps: patchified_input, encoder.conv1, encoder.downsamples.{i}, encoder.middle.{0,1,2}, encoder.head, conv1,
    /// mu_raw, latent_mu_normalised.
    public Volume encodeImage(Volume image, VaeTaps taps) {
        if (image.c() != 3 || image.t() != 1) throw new IllegalArgumentException("the Wan encoder takes one RGB frame [3, 1, H, W], got " + image.shape());
        if (image.h() % 16 != 0 || image.w() % 16 != 0) throw new IllegalArgumentException("image " + image.shape() + ": H and W must be multiples of 16");
        Volume x = Rearrange.unshuffle2x2(image);                       // [12, 1, H/2, W/2]
        taps.tap("patchified_input", x);
        x = conv1.forward(x);                                           // [dim, 1, H/2, W/2]
        taps.tap("encoder.conv1", x);
        for (int i = 0; i < levels.size(); i++) {
            x = levels.get(i).forward(x);                               // halves H, W on all but the last level
            taps.tap("encoder.downsamples." + i, x);
        }
        x = mid0.forward(x);
        taps.tap("encoder.middle.0", x);
        x = attention.forward(x);
        taps.tap("encoder.middle.1", x);
        x = mid2.forward(x);
        taps.tap("encoder.middle.2", x);
        x = head.forward(Activations.silu(ChannelNorm.l2(x, headGamma)));   // [96, 1, H/16, W/16]
        taps.tap("encoder.head", x);
        x = quant.forward(x);                                           // [96, ...]: μ, log σ²
        taps.tap("conv1", x);
        Volume mu = x.frames(0, 1);
        mu = new Volume(java.util.Arrays.copyOf(mu.data(), cfg.zDim() * mu.plane()), cfg.zDim(), 1, mu.h(), mu.w());
        taps.tap("mu_raw", mu);
        float[] z = mu.data().clone();
        stats.normalise(z, mu.plane());
        Volume out = new Volume(z, cfg.zDim(), 1, mu.h(), mu.w());
        taps.tap("latent_mu_normalised", out);
        return out;
    }
}
