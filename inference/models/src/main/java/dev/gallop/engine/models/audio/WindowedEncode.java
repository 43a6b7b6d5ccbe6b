package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.runtime.NoiseSource;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// MagiHuman's long-audio encode (docs/models/vaes.md#long-audio): inputs up to 29 s go
/// through the encoder in one pass; longer ones are cut into windows of W = 29·51 200 samples starting every ⌊W/2⌋
/// samples (the last window zero-padded to W, stopping at the first window that reaches the end). Each window gives a
/// latent of Lw frames; they are merged with an overlap of O = ⌊Lw/2⌋ frames (so window i starts at frame i·(Lw − O)),
/// the overlap cross-faded linearly: `out = f32((O − f)/O)·prev + f32(f/O)·cur` for f < O, and the result is cut to
/// ⌈n·Lw/W⌉ frames.
///
/// As upstream codes it, the frame step Lw − O (363 for Lw = 725) is half a frame longer than the sample step
/// (362.5 frames), so later windows drift by up to half a frame per window; this is replicated on purpose.
///
/// Everything after the upload of each window's samples and noise runs on the encoder's device.
public final class WindowedEncode {
    /// Window length in seconds.
    public static final int WINDOW_SECONDS = 29;

    private WindowedEncode() {}

    /// Encodes interleaved `samples` and samples the posterior with ε from `noise` (`[Lw, latent]` per window):
    /// the latent `[L, latent]` on the encoder's device.
    public static Tensor encode(OobleckEncoder enc, Kernels k, float[] samples, NoiseSource noise) {
        int io = enc.config().ioChannels();
        if (samples.length == 0 || samples.length % io != 0) {
            throw new IllegalArgumentException("audio of " + samples.length + " values is not [n, " + io + "] with n >= 1");
        }
        int total = samples.length / io;
        int window = WINDOW_SECONDS * enc.sampleRate(), step = window / 2;
        if (total <= window) return sampleWindow(enc, k, samples, noise);
        List<Tensor> latents = new ArrayList<>();
        for (int start = 0; start < total; start += step) {
            int end = Math.min(start + window, total);
            float[] chunk = new float[window * io];
            System.arraycopy(samples, start * io, chunk, 0, (end - start) * io);
            latents.add(sampleWindow(enc, k, chunk, noise));
            if (end >= total) break;
        }
        int frames = latents.get(0).shape().dim(0), channels = enc.config().decoderLatent();
        Tensor merged = merge(k, latents, frames, channels);
        int keep = (int) Math.ceil(total * ((double) frames / window));
        return merged.rows(0, Math.min(keep, merged.shape().dim(0)));
    }

    /// One pass of the encoder over `samples` and the posterior sample with the next ε of `noise`.
    private static Tensor sampleWindow(OobleckEncoder enc, Kernels k, float[] samples, NoiseSource noise) {
        Device d = enc.device();
        int io = enc.config().ioChannels(), channels = enc.config().decoderLatent();
        Tensor moments = enc.moments(k, Tensor.fromFloats(d, Shape.of(samples.length / io, io), samples), OobleckTap.NONE);
        int frames = moments.shape().dim(0);
        Tensor eps = Tensor.fromFloats(d, Shape.of(frames, channels), noise.next(frames * channels));
        Tensor latent = d.empty(DType.F32, Shape.of(frames, channels));
        k.vaeSample(latent, moments, eps);
        return latent;
    }

    /// Overlap-merges window latents, each `[frames, channels]` on one device, with a 50 % linear cross-fade.
    public static Tensor merge(Kernels k, List<Tensor> latents, int frames, int channels) {
        if (latents.isEmpty()) throw new IllegalArgumentException("no window latents to merge");
        for (Tensor l : latents) {
            if (!l.shape().equals(Shape.of(frames, channels))) {
                throw new IllegalArgumentException("window latent " + l.shape() + " is not [" + frames + ", " + channels + "]");
            }
        }
        if (latents.size() == 1) return latents.get(0);
        int overlap = frames / 2, stepFrames = frames - overlap;
        int length = (latents.size() - 1) * stepFrames + frames;
        Tensor out = latents.get(0).device().empty(DType.F32, Shape.of(length, channels));
        k.copy(out.rows(0, frames), latents.get(0));
        for (int w = 1; w < latents.size(); w++) {
            Tensor cur = latents.get(w);
            int start = w * stepFrames;
            k.copy(out.rows(start + overlap, start + frames), cur.rows(overlap, frames));
            for (int f = 0; f < overlap; f++) {
                float prevW = (float) ((double) (overlap - f) / overlap), curW = (float) ((double) f / overlap);
                Tensor row = out.rows(start + f, start + f + 1);
                k.axpby(row, prevW, row, curW, cur.rows(f, f + 1));
            }
        }
        return out;
    }
}
