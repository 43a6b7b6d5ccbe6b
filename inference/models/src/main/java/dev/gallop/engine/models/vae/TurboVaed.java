package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Activations;
import dev.gallop.engine.models.vae.ops.ChannelNorm;
import dev.gallop.engine.models.vae.ops.Conv3d;
import dev.gallop.engine.models.vae.ops.ConvPadding;
import dev.gallop.engine.models.vae.ops.Rearrange;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.VideoDecoder;
import dev.gallop.engine.runtime.CancelToken;
import java.util.ArrayList;
import java.util.List;

/// The Turbo-VAED video decoder (spec §5.2, §12) on the CPU: a normalised latent [48, T, H, W] → RGB frames
/// [3, 1 + 4(T − 1), 16H, 16W] → uint8.
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
    private final LatentStats stats;
    private final Conv3d convIn, convOut;
    private final List<TurboResnet> mid = new ArrayList<>();
    private final List<UpBlock> up = new ArrayList<>();

    /// One up-block: optional width-changing ResNet (SiLU), optional upsampler, then ResNets (ReLU first if upsampled).
    private record UpBlock(TurboResnet convIn, TurboUpsampler upsampler, List<TurboResnet> resnets) {}

    public TurboVaed(TurboVaedConfig cfg, LatentStats stats, Weights root) {
        if (stats.channels() != cfg.latentChannels()) {
            throw new IllegalArgumentException("latent statistics have " + stats.channels() + " channels but the decoder takes " + cfg.latentChannels());
        }
        this.cfg = cfg;
        this.stats = stats;
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

    @Override
    public DecodedVideo decode(float[] latent, int channels, int frames, int height, int width, CancelToken cancel) {
        if (channels != cfg.latentChannels()) {
            throw new IllegalArgumentException("Turbo-VAED takes " + cfg.latentChannels() + " latent channels, got " + channels);
        }
        if ((long) channels * frames * height * width != latent.length) {
            throw new IllegalArgumentException("latent of " + latent.length + " floats is not [" + channels + ", " + frames + ", " + height + ", " + width + "]");
        }
        return toFrames(decodeToFloats(new Volume(latent.clone(), channels, frames, height, width), cancel, VaeTaps.NONE));
    }

    /// Normalised latent [48, T, H, W] → RGB [3, 1 + s(T − 1), 16H, 16W] (nominally in [−1, 1]) through the window
    /// plan. Taps: per window i, `window{i}.` + the names of [#decodeWindow] (the first being `decoder_input`, the
    /// decoder call's input: un-normalised, padded to the plan's length and cut to the window, as the reference
    /// records it) and `window{i}.raw_out`. Cancellation is checked before every window.
    public Volume decodeToFloats(Volume latent, CancelToken cancel, VaeTaps taps) {
        if (latent.c() != cfg.latentChannels()) {
            throw new IllegalArgumentException("Turbo-VAED takes " + cfg.latentChannels() + " latent channels, got " + latent.shape());
        }
        float[] z = latent.data().clone();
        stats.unnormalise(z, latent.plane());
        Volume un = new Volume(z, latent.c(), latent.t(), latent.h(), latent.w());
        WindowPlan plan = WindowPlan.of(latent.t(), cfg.firstChunkSize(), cfg.stepSize(), cfg.frameStride());
        Volume padded = padFrames(un, plan.paddedFrames());
        int s = plan.frameStride(), px = cfg.pixelStride(), outT = plan.pixelFrames();
        Volume out = Volume.zeros(cfg.outChannels(), outT, latent.h() * px, latent.w() * px);
        int written = 0;
        for (int i = 0; i < plan.windows().size(); i++) {
            cancel.throwIfCancelled();
            WindowPlan.Window win = plan.windows().get(i);
            String name = "window" + i + ".";
            Volume raw = decodeWindow(padded.frames(win.from(), win.to()), win.firstChunk(), (n, v) -> taps.tap(name + n, v));
            taps.tap(name + "raw_out", raw);
            if (raw.t() != win.rawFrames(s)) throw new IllegalStateException("window " + i + " gave " + raw.t() + " frames, not " + win.rawFrames(s));
            int keep0 = win.keepFrom(s), keep1 = Math.min(win.keepTo(s), keep0 + outT - written);
            written = copyFrames(raw, keep0, keep1, out, written);
        }
        return out;
    }

    /// One decoder call on an un-normalised latent window [48, n, H, W] → [3, 1 + s(n − 1) or s·n, 16H, 16W].
    /// Taps: decoder_input (`z` itself), conv_in, mid_block, up_blocks.{b}, conv_out.
    public Volume decodeWindow(Volume z, boolean firstChunk, VaeTaps taps) {
        taps.tap("decoder_input", z);
        Volume x = convIn.forward(z);                                            // [C3, n, H, W]
        taps.tap("conv_in", x);
        for (TurboResnet r : mid) x = r.forward(x);
        taps.tap("mid_block", x);
        for (int b = 0; b < up.size(); b++) {
            UpBlock ub = up.get(b);
            if (ub.convIn() != null) x = ub.convIn().forward(x);                 // width change
            if (ub.upsampler() != null) x = ub.upsampler().forward(x, firstChunk);  // ×2 space (and time)
            for (TurboResnet r : ub.resnets()) x = r.forward(x);
            taps.tap("up_blocks." + b, x);
        }
        x = convOut.forward(Activations.silu(ChannelNorm.rms(x, TurboResnet.EPS)));  // [12, T', 8H, 8W]
        taps.tap("conv_out", x);
        return Rearrange.shuffle2x2(x);                                          // [3, T', 16H, 16W]
    }

    /// RGB floats → uint8 frames [T, H, W, 3]: clamp(x·0.5 + 0.5, 0, 1)·255, truncated (all f32, like upstream).
    public static DecodedVideo toFrames(Volume rgb) {
        if (rgb.c() != 3) throw new IllegalArgumentException("frames need 3 colour channels, got " + rgb.shape());
        int t = rgb.t(), f = rgb.frame();
        byte[] out = new byte[t * f * 3];
        float[] d = rgb.data();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < t * f; i++) {
                float v = d[c * t * f + i] * 0.5f + 0.5f;
                v = Math.min(Math.max(v, 0f), 1f) * 255f;
                out[i * 3 + c] = (byte) (int) v;
            }
        }
        return new DecodedVideo(out, t, rgb.h(), rgb.w());
    }

    private static Volume padFrames(Volume x, int frames) {
        if (frames == x.t()) return x;
        Volume out = Volume.zeros(x.c(), frames, x.h(), x.w());
        int f = x.frame();
        for (int c = 0; c < x.c(); c++) {
            System.arraycopy(x.data(), c * x.t() * f, out.data(), c * frames * f, x.t() * f);
            for (int t = x.t(); t < frames; t++) System.arraycopy(x.data(), (c * x.t() + x.t() - 1) * f, out.data(), (c * frames + t) * f, f);
        }
        return out;
    }

    private static int copyFrames(Volume src, int from, int to, Volume dst, int at) {
        int f = src.frame(), n = Math.max(0, to - from);
        for (int c = 0; c < src.c(); c++) System.arraycopy(src.data(), (c * src.t() + from) * f, dst.data(), (c * dst.t() + at) * f, n * f);
        return at + n;
    }
}
