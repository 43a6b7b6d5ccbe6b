package dev.gallop.engine.models.demo;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.models.vae.ops.Activations;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.models.vae.ops.Rearrange;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;

/// The demo model's video decoder: each latent frame [C, h, w] becomes four RGB frames of 16h × 16w by compositing a
/// foreground colour over a background colour through a per-pixel coverage (alpha):
///
/// 1. z = latent · latent_std + latent_mean (per channel; the DiT works on standardised latents);
/// 2. conv_in 3×3 → SiLU → nearest ×2 → conv1 3×3 → SiLU → nearest ×2 → conv2 3×3 → SiLU (all per frame);
/// 3. head 3×3 → 88 channels at 4h × 4w: 64 alpha logits (4 frames × 16 sub-pixels, two 2×2 pixel shuffles up to
///    16h × 16w), 12 foreground and 12 background colour logits (4 frames × RGB, nearest ×4);
/// 4. pixel = σ(alpha)·σ(fg) + (1 − σ(alpha))·σ(bg).
///
/// Latent frame 0 stands for pixel frame 0 alone (its first three outputs are dropped), latent frame t ≥ 1 for
/// frames 4t − 3 … 4t, so T latent frames give 1 + 4(T − 1) frames. The convolutions and SiLU are the engine's
/// Conv3d / Activations kernels (vector path and scalar twin, identical bits); `scalar` selects the twin.
/// Trained in `inference/src/train/python/demo/latent_codecs.py` (VideoDecoder).
public final class DemoVideoDecoder implements VideoDecoder {
    static final int FRAMES = 4, ALPHA = FRAMES * 16, COLOURS = FRAMES * 3;

    private final int channels;
    private final float[] mean, std;
    private final Conv3d convIn, conv1, conv2, head;
    private final boolean scalar;

    private DemoVideoDecoder(int channels, float[] mean, float[] std, Conv3d convIn, Conv3d conv1, Conv3d conv2, Conv3d head, boolean scalar) {
        this.channels = channels;
        this.mean = mean;
        this.std = std;
        this.convIn = convIn;
        this.conv1 = conv1;
        this.conv2 = conv2;
        this.head = head;
        this.scalar = scalar;
    }

    /// Loads `config.json` (latent_channels, widths [3]) and `decoder.safetensors` from `folder`.
    public static DemoVideoDecoder load(Path folder) throws IOException { return load(folder, false); }

    public static DemoVideoDecoder load(Path folder, boolean scalar) throws IOException {
        try (DemoDecoderFiles f = DemoDecoderFiles.open(folder, "demo video decoder")) {
            int c = f.integer("latent_channels");
            var widths = f.config.get("widths");
            if (widths == null || !widths.isArray() || widths.size() != 3) {
                throw new IOException(folder.resolve("config.json") + ": needs \"widths\": [w0, w1, w2]");
            }
            int w0 = widths.get(0).asInt(), w1 = widths.get(1).asInt(), w2 = widths.get(2).asInt();
            DemoVideoDecoder d = new DemoVideoDecoder(c, f.tensor("latent_mean", c), f.tensor("latent_std", c),
                    conv(f, "conv_in", w0, c), conv(f, "conv1", w1, w0), conv(f, "conv2", w2, w1), conv(f, "head", ALPHA + 2 * COLOURS, w2), scalar);
            f.requireAllUsed();
            return d;
        }
    }

    private static Conv3d conv(DemoDecoderFiles f, String name, int cout, int cin) throws IOException {
        return new Conv3d(f.tensor(name + ".weight", cout, cin, 3, 3), f.tensor(name + ".bias", cout), cout, cin, 1, 3, 3,
                new ConvPadding(ConvPadding.TimeMode.ZERO, 0, 0, 1, 1, 1, 1, 1));
    }

    public int channels() { return channels; }

    @Override public Device device() { return Backends.device("cpu"); }

    @Override public DecodedVideo decode(Tensor latent, CancelToken cancel) {
        int[] d = latent.shape().dims();
        return decode(latent.toFloats(), d[0], d[1], d[2], d[3], cancel);
    }

    @Override public DecodedVideo decode(float[] latent, int c, int frames, int height, int width, CancelToken cancel) {
        float[] rgb = decodeFloats(latent, c, frames, height, width, cancel);
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) out[i] = (byte) Math.clamp(Math.round(rgb[i] * 255f), 0, 255);
        return new DecodedVideo(out, 1 + FRAMES * (frames - 1), 16 * height, 16 * width);
    }

    /// The frames as floats in [0, 1], [1 + 4(T − 1), 16h, 16w, 3].
    public float[] decodeFloats(float[] latent, int c, int frames, int height, int width, CancelToken cancel) {
        if (c != channels) throw new IllegalArgumentException("demo video decoder takes " + channels + " latent channels, got " + c);
        if (latent.length != c * frames * height * width) {
            throw new IllegalArgumentException("video latent of " + latent.length + " floats is not [" + c + ", " + frames + ", " + height + ", " + width + "]");
        }
        int plane = frames * height * width;
        float[] z = new float[latent.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) z[ch * plane + i] = latent[ch * plane + i] * std[ch] + mean[ch];
        }
        Volume x = silu(conv(convIn, new Volume(z, c, frames, height, width)));
        cancel.throwIfCancelled();
        x = silu(conv(conv1, Rearrange.nearest2x(x)));
        cancel.throwIfCancelled();
        x = silu(conv(conv2, Rearrange.nearest2x(x)));
        cancel.throwIfCancelled();
        Volume o = conv(head, x);                                       // [88, T, 4h, 4w]
        int sub = o.frame(), per = frames * sub;
        float[] d = o.data();
        Volume alpha = Rearrange.shuffle2x2(Rearrange.shuffle2x2(new Volume(java.util.Arrays.copyOfRange(d, 0, ALPHA * per), ALPHA, frames, o.h(), o.w())));
        float[] fg = sigmoid(java.util.Arrays.copyOfRange(d, ALPHA * per, (ALPHA + COLOURS) * per));
        float[] bg = sigmoid(java.util.Arrays.copyOfRange(d, (ALPHA + COLOURS) * per, (ALPHA + 2 * COLOURS) * per));
        int hh = 16 * height, ww = 16 * width, outFrames = 1 + FRAMES * (frames - 1);
        float[] rgb = new float[outFrames * hh * ww * 3];
        float[] a = alpha.data();
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < FRAMES; k++) {
                int f = FRAMES * t - (FRAMES - 1) + k;
                if (f < 0) continue;
                for (int y = 0; y < hh; y++) {
                    for (int xx = 0; xx < ww; xx++) {
                        float s = sigmoid(a[((k * frames + t) * hh + y) * ww + xx]);
                        int cell = (t * o.h() + y / 4) * o.w() + xx / 4, px = ((f * hh + y) * ww + xx) * 3;
                        for (int ch = 0; ch < 3; ch++) {
                            int ci = ((k * 3 + ch) * frames) * sub + cell;
                            rgb[px + ch] = s * fg[ci] + (1 - s) * bg[ci];
                        }
                    }
                }
            }
        }
        return rgb;
    }

    private Volume conv(Conv3d c, Volume x) { return scalar ? c.forwardScalar(x) : c.forward(x); }

    private Volume silu(Volume x) { return scalar ? Activations.siluScalar(x) : Activations.silu(x); }

    private static float[] sigmoid(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = sigmoid(v[i]);
        return o;
    }

    static float sigmoid(float x) { return (float) (1.0 / (1.0 + StrictMath.exp(-x))); }
}
