package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.ImageEncoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// The Wan2.2 VAE encoder on one image (ref: daVinci-MagiHuman inference/model/vae2_2/vae2_2_module.py), the TI2V
/// reference-frame path, on the device of its weights: image [3, 1, H, W] in [−1, 1] → normalised latent
/// [48, 1, H/16, W/16].
///
/// With T = 1 on a first chunk every causal 3×3×3 conv only touches data with its last time tap, and the
/// time-downsampling convs are skipped (their weights are still read). Computed in f32; upstream's GPU path runs
/// this encoder in bf16 with the mean and 1/std tables cast to bf16 too.
///
/// Weights: `Wan2.2_VAE.pth` names, `encoder.*` and `conv1.*`; the decoder's `decoder.*` and `conv2.*` are skipped.
public final class WanVaeEncoder implements ImageEncoder {
    private final WanVaeConfig cfg;
    private final Tensor ones, negMean, invStd, zeros;   // normalising: (μ·1 − mean)·(1/std) + 0 per channel
    private final ConvLayer conv1, head, quant;
    private final List<WanDownLevel> levels = new ArrayList<>();
    private final WanResBlock mid0, mid2;
    private final WanAttention attention;
    private final Tensor headGamma;

    private final Device device;

    public WanVaeEncoder(WanVaeConfig cfg, LatentStats stats, Weights root) {
        this.device = root.device();
        if (stats.channels() != cfg.zDim()) throw new IllegalArgumentException("latent statistics have " + stats.channels() + " channels, z_dim is " + cfg.zDim());
        this.cfg = cfg;
        int z = stats.channels();
        float[] one = new float[z], neg = new float[z];
        Arrays.fill(one, 1f);
        for (int c = 0; c < z; c++) neg[c] = -stats.mean()[c];
        this.ones = Tensor.fromFloats(device, Shape.of(z), one);
        this.negMean = Tensor.fromFloats(device, Shape.of(z), neg);
        this.invStd = Tensor.fromFloats(device, Shape.of(z), stats.inverseStd());
        this.zeros = Tensor.fromFloats(device, Shape.of(z), new float[z]);
        Weights e = root.at("encoder");
        ConvPadding causal = ConvPadding.causal(3, 3, 3);
        conv1 = ConvLoader.conv3d(e.at("conv1"), cfg.dim(), 12, 3, 3, 3, causal);
        for (int i = 0; i < cfg.levels(); i++) levels.add(new WanDownLevel(e.at("downsamples").at(i), cfg, i));
        int top = cfg.levelOut(cfg.levels() - 1), z2 = 2 * cfg.zDim();
        Weights m = e.at("middle");
        mid0 = new WanResBlock(m.at(0), top, top);
        attention = new WanAttention(m.at(1), top);
        mid2 = new WanResBlock(m.at(2), top, top);
        headGamma = e.at("head").at(0).owned("gamma", Shape.of(top, 1, 1, 1));
        head = ConvLoader.conv3d(e.at("head").at(2), z2, top, 3, 3, 3, causal);
        quant = ConvLoader.conv3d(root.at("conv1"), z2, z2, 1, 1, 1, ConvPadding.causal(1, 1, 1));
        root.at("decoder").skipAll();                                    // the video decoder half of the .pth
        root.at("conv2").skipAll();
        root.requireAllConsumed();
    }

    public WanVaeConfig config() { return cfg; }

    @Override public Device device() { return device; }

    /// The reference image, prepared on the host (crop, Lanczos resize, scale: [ImagePreprocess]) and uploaded, is
    /// encoded on the device.
    @Override
    public Tensor encode(byte[] rgb, int height, int width, VideoSize target) {
        float[] image = ImagePreprocess.toModelInput(rgb, height, width, target.width(), target.height());
        return encodeImage(Tensor.fromFloats(device, Shape.of(3, 1, target.height(), target.width()), image), VaeTaps.NONE);
    }

    /// [#encodeImage(Tensor, VaeTaps)] from and to the host, for parity tests.
    public Volume encodeImage(Volume image, VaeTaps taps) {
        return Volume.of(encodeImage(image.to(device), taps));
    }

    /// Image [3, 1, H, W] in [−1, 1] (H, W multiples of 16) → normalised latent [48, 1, H/16, W/16], on the device.
    /// Taps: patchified_input, encoder.conv1, encoder.downsamples.{i}, encoder.middle.{0,1,2}, encoder.head, conv1,
    /// mu_raw, latent_mu_normalised.
    public Tensor encodeImage(Tensor image, VaeTaps taps) {
        int[] d = image.shape().dims();
        if (d.length != 4 || d[0] != 3 || d[1] != 1 || image.dtype() != DType.F32) {
            throw new IllegalArgumentException("the Wan encoder takes one F32 RGB frame [3, 1, H, W], got " + image.dtype() + image.shape());
        }
        if (d[2] % 16 != 0 || d[3] % 16 != 0) throw new IllegalArgumentException("image " + image.shape() + ": H and W must be multiples of 16");
        Kernels k = device.kernels();
        Tensor x = device.empty(DType.F32, Shape.of(12, 1, d[2] / 2, d[3] / 2));
        k.pixelUnshuffle2x2(x, image);                                  // [12, 1, H/2, W/2]
        taps.tap("patchified_input", x);
        x = conv1.forward(device, x);                                   // [dim, 1, H/2, W/2]
        taps.tap("encoder.conv1", x);
        for (int i = 0; i < levels.size(); i++) {
            x = levels.get(i).forward(device, x);                       // halves H, W on all but the last level
            taps.tap("encoder.downsamples." + i, x);
        }
        x = mid0.forward(device, x);
        taps.tap("encoder.middle.0", x);
        x = attention.forward(device, x);
        taps.tap("encoder.middle.1", x);
        x = mid2.forward(device, x);
        taps.tap("encoder.middle.2", x);
        x = head.forward(device, VolumeSteps.silu(device, VolumeSteps.l2Norm(device, x, headGamma)));   // [96, 1, H/16, W/16]
        taps.tap("encoder.head", x);
        x = quant.forward(device, x);                                   // [96, ...]: μ, log σ²
        taps.tap("conv1", x);
        Tensor mu = x.rows(0, cfg.zDim());                              // [48, 1, H/16, W/16]
        taps.tap("mu_raw", mu);
        Tensor out = device.empty(DType.F32, mu.shape());
        k.channelAffine(out, mu, ones, negMean);                        // μ − mean, exactly
        k.channelAffine(out, out, invStd, zeros);                       // ·(1/std)
        taps.tap("latent_mu_normalised", out);
        return out;
    }
}
