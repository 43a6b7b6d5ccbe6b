package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// The Turbo-VAED video decoder (ref: daVinci-MagiHuman inference/model/turbo_vaed/turbo_vaed_module.py) on the
/// device of its weights: a normalised latent [48, T, H, W] → RGB frames [3, 1 + 4(T − 1), 16H, 16W] → uint8.
///
/// Everything is computed in f32, which is what the reference goldens hold. Note that upstream's GPU pipeline runs
/// this decoder in bf16 (the evaluator's default weight dtype) with only the mean/std tables, the RMS variance and
/// the nearest upsample in f32, so its frames differ from these by bf16 rounding.
///
/// Weights: the decoder's state-dict names (`conv_in.conv.weight`, `up_blocks.1.conv_in.conv1.conv.weight`, ...)
/// in any layout [TurboVaedLayout] recognises (upstream's EMA checkpoint: `ema_state_dict.` then an optional
/// `module.` and/or `decoder.`). The training-only `aligned_feature_projection*` tensors are skipped.
public final class TurboVaed implements VideoDecoder {
    private final TurboVaedConfig cfg;
    private final Tensor invStd, mean;   // un-normalising: z ÷ (1/std) + mean per channel
    private final ConvLayer convIn, convOut;
    private final List<TurboResnet> mid = new ArrayList<>();
    private final List<UpBlock> up = new ArrayList<>();

    /// One up-block: optional width-changing ResNet (SiLU), optional upsampler, then ResNets (ReLU first if upsampled).
    private record UpBlock(TurboResnet convIn, TurboUpsampler upsampler, List<TurboResnet> resnets) {}

    private final Device device;

    public TurboVaed(TurboVaedConfig cfg, LatentStats stats, Weights root) {
        this.device = root.device();
        if (stats.channels() != cfg.latentChannels()) {
            throw new IllegalArgumentException("latent statistics have " + stats.channels() + " channels but the decoder takes " + cfg.latentChannels());
        }
        this.cfg = cfg;
        this.invStd = Tensor.fromFloats(device, Shape.of(stats.channels()), stats.inverseStd());
        this.mean = Tensor.fromFloats(device, Shape.of(stats.channels()), stats.mean());
        Weights w = decoderScope(root);
        ConvPadding p3 = ConvPadding.replicateTime(3, 3, 3);
        int top = cfg.upOut(0);
        convIn = ConvLoader.conv3d(w.at("conv_in.conv"), top, cfg.latentChannels(), 3, 3, 3, p3);
        for (int j = 0; j < cfg.midLayers(); j++) mid.add(new TurboResnet(w.at("mid_block.resnets").at(j), top, top, false));
        for (int b = 0; b < cfg.blocks(); b++) {
            Weights ub = w.at("up_blocks").at(b);
            int cin = cfg.upIn(b), cout = cfg.upOut(b);
            TurboResnet first = cin == cout ? null : new TurboResnet(ub.at("conv_in"), cin, cout, false);
            TurboUpsampler us = cfg.upsamples(b) ? new TurboUpsampler(ub.at("upsamplers").at(0), cout, cfg.upsamplesTime(b)) : null;
            List<TurboResnet> rs = new ArrayList<>();
            for (int j = 0; j < cfg.upLayers(b); j++) rs.add(new TurboResnet(ub.at("resnets").at(j), cout, cout, us != null));
            up.add(new UpBlock(first, us, rs));
        }
        int bottom = cfg.upOut(cfg.blocks() - 1);
        convOut = ConvLoader.conv3d(w.at("conv_out.conv"), cfg.outChannels() * cfg.patchSize() * cfg.patchSize(), bottom, 3, 3, 3, p3);
        w.requireAllConsumed();
    }

    /// The scope holding `conv_in.conv.weight` ([TurboVaedLayout]), after skipping the training-only tensors.
    private static Weights decoderScope(Weights root) { return TurboVaedLayout.detect(root).scope(root); }

    public TurboVaedConfig config() { return cfg; }

    @Override public Device device() { return device; }

    @Override public DecodedVideo decode(Tensor latent, CancelToken cancel) {
        return toFrames(device, decodeRgb(latent.to(device), cancel, VaeTaps.NONE));
    }

    /// Latent pixels of context a tile is decoded with ([#decode(Tensor, CancelToken, int)]).
    public static final int TILE_HALO = TurboVaedTiles.HALO;

    /// In spatial tiles of at most `tile` latent pixels a side when the latent is larger ([TurboVaedTiles]).
    @Override public DecodedVideo decode(Tensor latent, CancelToken cancel, int tile) {
        int[] d = latent.shape().dims();
        if (tile <= 0 || d.length != 4 || d[2] <= tile && d[3] <= tile) return decode(latent, cancel);
        return TurboVaedTiles.decode(this, latent.to(device), tile, cancel);
    }

    /// The latent un-normalised and padded to the window plan's length, and the plan: what every window reads.
    record Prepared(Tensor padded, WindowPlan plan) {}

    Prepared prepare(Tensor latent) {
        int[] d = latent.shape().dims();
        if (d.length != 4 || d[0] != cfg.latentChannels() || latent.dtype() != DType.F32) {
            throw new IllegalArgumentException("Turbo-VAED takes " + cfg.latentChannels() + " latent channels (an F32 latent ["
                    + cfg.latentChannels() + ", T, H, W]), got " + latent.dtype() + latent.shape());
        }
        Tensor un = device.empty(DType.F32, latent.shape());
        device.kernels().channelDivideAdd(un, latent, invStd, mean);
        WindowPlan plan = WindowPlan.of(d[1], cfg.firstChunkSize(), cfg.stepSize(), cfg.frameStride());
        return new Prepared(padFrames(un, plan.paddedFrames()), plan);
    }

    @Override
    public DecodedVideo decode(float[] latent, int channels, int frames, int height, int width, CancelToken cancel) {
        if (channels != cfg.latentChannels()) {
            throw new IllegalArgumentException("Turbo-VAED takes " + cfg.latentChannels() + " latent channels, got " + channels);
        }
        if ((long) channels * frames * height * width != latent.length) {
            throw new IllegalArgumentException("latent of " + latent.length + " floats is not [" + channels + ", " + frames + ", " + height + ", " + width + "]");
        }
        return VideoDecoder.super.decode(latent, channels, frames, height, width, cancel);
    }

    /// [#decodeRgb] from and to the host, for parity tests: the latent is uploaded, the RGB floats come back.
    public Volume decodeToFloats(Volume latent, CancelToken cancel, VaeTaps taps) {
        return Volume.of(decodeRgb(latent.to(device), cancel, taps));
    }

    /// Normalised latent [48, T, H, W] → RGB [3, 1 + s(T − 1), 16H, 16W] (nominally in [−1, 1]) on the device, through
    /// the window plan. Taps: per window i, `window{i}.` + the names of [#decodeWindow] (the first being
    /// `decoder_input`, the decoder call's input: un-normalised, padded to the plan's length and cut to the window, as
    /// the reference records it) and `window{i}.raw_out`. Cancellation is checked before every window.
    public Tensor decodeRgb(Tensor latent, CancelToken cancel, VaeTaps taps) {
        Prepared prep = prepare(latent);
        int[] d = latent.shape().dims();
        Kernels k = device.kernels();
        WindowPlan plan = prep.plan();
        Tensor padded = prep.padded();
        int s = plan.frameStride(), px = cfg.pixelStride(), outT = plan.pixelFrames();
        Tensor out = device.empty(DType.F32, Shape.of(cfg.outChannels(), outT, d[2] * px, d[3] * px));
        int written = 0;
        for (int i = 0; i < plan.windows().size(); i++) {
            cancel.throwIfCancelled();
            WindowPlan.Window win = plan.windows().get(i);
            String name = "window" + i + ".";
            Tensor raw = decodeWindow(frames(padded, win.from(), win.to()), win.firstChunk(), taps.prefixed(name));
            taps.tap(name + "raw_out", raw);
            int rawFrames = raw.shape().dim(1);
            if (rawFrames != win.rawFrames(s)) throw new IllegalStateException("window " + i + " gave " + rawFrames + " frames, not " + win.rawFrames(s));
            int keep0 = win.keepFrom(s), keep1 = Math.min(win.keepTo(s), keep0 + outT - written);
            int n = Math.max(0, keep1 - keep0);
            k.copyFrames(out, written, raw, keep0, n);
            written += n;
        }
        return out;
    }

    /// One decoder call on an un-normalised latent window [48, n, H, W] → [3, 1 + s(n − 1) or s·n, 16H, 16W].
    /// Taps: decoder_input (`z` itself), conv_in, mid_block, up_blocks.{b}, conv_out.
    public Tensor decodeWindow(Tensor z, boolean firstChunk, VaeTaps taps) {
        taps.tap("decoder_input", z);
        Kernels k = device.kernels();
        Tensor x = convIn.forward(device, z);                                     // [C3, n, H, W]
        taps.tap("conv_in", x);
        for (TurboResnet r : mid) x = r.forward(device, x);
        taps.tap("mid_block", x);
        for (int b = 0; b < up.size(); b++) {
            UpBlock ub = up.get(b);
            if (ub.convIn() != null) x = ub.convIn().forward(device, x);          // width change
            if (ub.upsampler() != null) x = ub.upsampler().forward(device, x, firstChunk);   // ×2 space (and time)
            for (TurboResnet r : ub.resnets()) x = r.forward(device, x);
            taps.tap("up_blocks." + b, x);
        }
        k.channelRmsNorm(x, x, TurboResnet.EPS);
        x = convOut.forward(device, VolumeSteps.silu(device, x));                 // [12, T', 8H, 8W]
        taps.tap("conv_out", x);
        int[] d = x.shape().dims();
        Tensor rgb = device.empty(DType.F32, Shape.of(d[0] / 4, d[1], 2 * d[2], 2 * d[3]));
        k.pixelShuffle2x2(rgb, x);                                                // [3, T', 16H, 16W]
        return rgb;
    }

    /// RGB floats [3, T, H, W] → uint8 frames [T, H, W, 3]: ⌊clamp(x·0.5 + 0.5, 0, 1)·255⌋, all f32 like upstream.
    public static DecodedVideo toFrames(Volume rgb) {
        Device cpu = Backends.device("cpu");
        return toFrames(cpu, rgb.to(cpu));
    }

    /// [#toFrames(Volume)] of a device volume; only the bytes come to the host.
    static DecodedVideo toFrames(Device device, Tensor rgb) {
        return new DecodedVideo(toBytes(device, rgb), rgb.shape().dim(1), rgb.shape().dim(2), rgb.shape().dim(3));
    }

    /// RGB floats [3, T, H, W] on `device` → uint8 [T, H, W, 3] on the host.
    static byte[] toBytes(Device device, Tensor rgb) {
        int[] d = rgb.shape().dims();
        Tensor bytes = device.empty(DType.U8, Shape.of(d[1], d[2], d[3], 3));
        device.kernels().rgbToBytes(bytes, rgb);
        return bytes.toBytes();
    }

    /// x [C, T, H, W] with its last frame repeated up to `frames` frames.
    private Tensor padFrames(Tensor x, int frames) {
        int t = x.shape().dim(1);
        if (frames == t) return x;
        int[] d = x.shape().dims();
        Tensor out = device.empty(DType.F32, Shape.of(d[0], frames, d[2], d[3]));
        device.kernels().copyFrames(out, 0, x, 0, t);
        for (int f = t; f < frames; f++) device.kernels().copyFrames(out, f, x, t - 1, 1);
        return out;
    }

    /// Frames [from, to) of x [C, T, H, W] as a tensor of their own.
    private Tensor frames(Tensor x, int from, int to) {
        int[] d = x.shape().dims();
        Tensor out = device.empty(DType.F32, Shape.of(d[0], to - from, d[2], d[3]));
        device.kernels().copyFrames(out, 0, x, from, to - from);
        return out;
    }
}
