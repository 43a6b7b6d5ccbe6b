package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;

/// The demo model's video decoder (docs/models/demo.md): each latent frame [C, h, w] becomes four RGB frames of
/// 16h × 16w by compositing a foreground colour over a background colour through a per-pixel coverage (alpha):
///
/// 1. z = latent · latent_std + latent_mean (per channel; the DiT works on standardised latents);
/// 2. conv_in 3×3 → SiLU → nearest ×2 → conv1 3×3 → SiLU → nearest ×2 → conv2 3×3 → SiLU (all per frame);
/// 3. head 3×3 → 88 channels at 4h × 4w: 64 alpha logits (4 frames × 16 sub-pixels, two 2×2 pixel shuffles up to
///    16h × 16w), 12 foreground and 12 background colour logits (4 frames × RGB, nearest ×4);
/// 4. pixel = σ(alpha)·σ(fg) + (1 − σ(alpha))·σ(bg).
///
/// Latent frame 0 stands for pixel frame 0 alone (its first three outputs are dropped), latent frame t ≥ 1 for
/// frames 4t − 3 … 4t, so T latent frames give 1 + 4(T − 1) frames. Every step is an operation of the device's
/// kernels; only the finished frames come back to the host. Trained in
/// `inference/tools/src/train/python/demo/latent_codecs.py` (VideoDecoder).
public final class DemoVideoDecoder implements VideoDecoder {
    static final int FRAMES = 4, ALPHA = FRAMES * 16, COLOURS = FRAMES * 3;
    private static final ConvPadding SAME_3X3 = new ConvPadding(ConvPadding.TimeMode.ZERO, 0, 0, 1, 1, 1, 1, 1);

    private final Device device;
    private final Kernels kernels;
    private final int channels;
    private final Tensor std, mean;
    private final Conv convIn, conv1, conv2, head;

    /// A per-frame 3×3 conv: weight [Cout, Cin, 1, 3, 3] and bias on the device.
    private record Conv(Tensor weight, Tensor bias) {}

    private DemoVideoDecoder(Device device, Kernels kernels, int channels, Tensor std, Tensor mean, Conv convIn, Conv conv1, Conv conv2,
                             Conv head) {
        this.device = device;
        this.kernels = kernels;
        this.channels = channels;
        this.std = std;
        this.mean = mean;
        this.convIn = convIn;
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.head = head;
    }

    /// Loads `config.json` (latent_channels, widths [3]) and `decoder.safetensors` from `folder` onto `device`.
    public static DemoVideoDecoder load(Path folder, Device device) throws IOException { return load(folder, device, false); }

    /// [#load(Path, Device)] on the CPU.
    public static DemoVideoDecoder load(Path folder) throws IOException { return load(folder, false); }

    /// On the CPU, with its scalar twins when `scalar` (the reference forms of the kernels).
    public static DemoVideoDecoder load(Path folder, boolean scalar) throws IOException {
        return load(folder, Backends.device("cpu"), scalar);
    }

    private static DemoVideoDecoder load(Path folder, Device device, boolean reference) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo video decoder")) {
            int c = f.integer("latent_channels");
            var widths = f.config.get("widths");
            if (widths == null || !widths.isArray() || widths.size() != 3) {
                throw new IOException(folder.resolve("config.json") + ": needs \"widths\": [w0, w1, w2]");
            }
            int w0 = widths.get(0).asInt(), w1 = widths.get(1).asInt(), w2 = widths.get(2).asInt();
            Tensor mean = Tensor.fromFloats(device, Shape.of(c), f.tensor("latent_mean", c));
            Tensor std = Tensor.fromFloats(device, Shape.of(c), f.tensor("latent_std", c));
            Kernels kernels = reference ? device.referenceKernels() : device.kernels();
            DemoVideoDecoder d = new DemoVideoDecoder(device, kernels, c, std, mean, conv(f, device, "conv_in", w0, c),
                    conv(f, device, "conv1", w1, w0), conv(f, device, "conv2", w2, w1), conv(f, device, "head", ALPHA + 2 * COLOURS, w2));
            f.requireAllUsed();
            return d;
        }
    }

    private static Conv conv(DemoDecoderFiles f, Device device, String name, int cout, int cin) throws IOException {
        return new Conv(Tensor.fromFloats(device, Shape.of(cout, cin, 1, 3, 3), f.tensor(name + ".weight", cout, cin, 3, 3)),
                Tensor.fromFloats(device, Shape.of(cout), f.tensor(name + ".bias", cout)));
    }

    public int channels() { return channels; }

    @Override public Device device() { return device; }

    @Override public DecodedVideo decode(Tensor latent, CancelToken cancel) {
        latent = latent.to(device);
        int[] d = dims(latent);
        Tensor frames = device.empty(DType.U8, Shape.of(1 + FRAMES * (d[1] - 1), 16 * d[2], 16 * d[3], 3));
        composite(latent, frames, cancel);
        return new DecodedVideo(frames.toBytes(), frames.shape().dim(0), frames.shape().dim(1), frames.shape().dim(2));
    }

    @Override public DecodedVideo decode(float[] latent, int c, int frames, int height, int width, CancelToken cancel) {
        checkHost(latent, c, frames, height, width);
        return VideoDecoder.super.decode(latent, c, frames, height, width, cancel);
    }

    /// The frames as floats in [0, 1], [1 + 4(T − 1), 16h, 16w, 3].
    public float[] decodeFloats(float[] latent, int c, int frames, int height, int width, CancelToken cancel) {
        checkHost(latent, c, frames, height, width);
        Tensor z = Tensor.fromFloats(device, Shape.of(c, frames, height, width), latent);
        Tensor out = device.empty(DType.F32, Shape.of(1 + FRAMES * (frames - 1), 16 * height, 16 * width, 3));
        composite(z, out, cancel);
        return out.toFloats();
    }

    private void checkHost(float[] latent, int c, int frames, int height, int width) {
        if (c != channels) throw new IllegalArgumentException("demo video decoder takes " + channels + " latent channels, got " + c);
        if (latent.length != (long) c * frames * height * width) {
            throw new IllegalArgumentException("video latent of " + latent.length + " floats is not [" + c + ", " + frames + ", " + height + ", " + width + "]");
        }
    }

    private int[] dims(Tensor latent) {
        int[] d = latent.shape().dims();
        if (d.length != 4 || d[0] != channels || latent.dtype() != DType.F32) {
            throw new IllegalArgumentException("demo video decoder takes " + channels + " latent channels (an F32 latent [" + channels
                    + ", T, h, w]), got " + latent.dtype() + latent.shape());
        }
        return d;
    }

    /// Steps 1–4 into `out` (F32 values in [0, 1], or U8 bytes round(v·255)).
    private void composite(Tensor latent, Tensor out, CancelToken cancel) {
        Kernels k = kernels;
        Tensor z = device.empty(DType.F32, latent.shape());
        k.channelAffine(z, latent, std, mean);                          // z = latent·std + mean
        Tensor x = convSilu(convIn, z);                                 // [w0, T, h, w]
        cancel.throwIfCancelled();
        x = convSilu(conv1, nearest2x(x));                              // [w1, T, 2h, 2w]
        cancel.throwIfCancelled();
        x = convSilu(conv2, nearest2x(x));                              // [w2, T, 4h, 4w]
        cancel.throwIfCancelled();
        Tensor o = conv(head, x);                                       // [88, T, 4h, 4w]
        int[] d = o.shape().dims();
        Tensor alpha16 = device.empty(DType.F32, Shape.of(ALPHA / 4, d[1], 2 * d[2], 2 * d[3]));
        Tensor alpha = device.empty(DType.F32, Shape.of(FRAMES, d[1], 4 * d[2], 4 * d[3]));
        k.pixelShuffle2x2(alpha16, o.rows(0, ALPHA));                   // [16, T, 8h, 8w]
        k.pixelShuffle2x2(alpha, alpha16);                              // [4, T, 16h, 16w]
        k.alphaComposite(out, alpha, o.rows(ALPHA, ALPHA + COLOURS), o.rows(ALPHA + COLOURS, ALPHA + 2 * COLOURS));
    }

    private Tensor conv(Conv c, Tensor x) {
        int[] w = c.weight().shape().dims(), d = x.shape().dims();
        ConvGeometry g = new ConvGeometry(d[0], d[1], d[2], d[3], w[0], w[2], w[3], w[4], SAME_3X3);
        Tensor out = device.empty(DType.F32, Shape.of(g.cout(), g.outT(), g.outH(), g.outW()));
        kernels.conv3d(out, x, c.weight(), c.bias(), SAME_3X3);
        return out;
    }

    private Tensor convSilu(Conv c, Tensor x) {
        Tensor y = conv(c, x), out = device.empty(DType.F32, y.shape());
        kernels.silu(out, y);
        return out;
    }

    private Tensor nearest2x(Tensor x) {
        int[] d = x.shape().dims();
        Tensor out = device.empty(DType.F32, Shape.of(d[0], d[1], 2 * d[2], 2 * d[3]));
        kernels.upsampleNearest2x(out, x);
        return out;
    }
}
