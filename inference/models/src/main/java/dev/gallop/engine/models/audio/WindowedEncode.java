package dev.gallop.engine.models.audio;

import dev.gallop.engine.runtime.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/// MagiHuman's long-audio encode (spec §3.5): inputs up to 29 s go through the encoder in one pass; longer ones are cut
/// into windows of W = 29·51 200 samples starting every ⌊W/2⌋ samples (the last window zero-padded to W, stopping at
/// the first window that reaches the end). Each window gives a latent of Lw frames; they are merged with an overlap of
/// O = ⌊Lw/2⌋ frames (so window i starts at frame i·(Lw − O)), the overlap cross-faded linearly:
/// `out = f32((O − f)/O)·prev + f32(f/O)·cur` for f < O, and the result is cut to ⌈n·Lw/W⌉ frames.
///
/// As upstream codes it, the frame step Lw − O (363 for Lw = 725) is half a frame longer than the sample step
/// (362.5 frames), so later windows drift by up to half a frame per window; this is replicated on purpose.
public final class WindowedEncode {
    /// Window length in seconds.
    public static final int WINDOW_SECONDS = 29;

    private WindowedEncode() {}

    /// Encodes interleaved `samples` and samples the posterior with ε from `noise` (`[Lw, latent]` per window).
    public static float[] encode(OobleckEncoder enc, float[] samples, NoiseSource noise) {
        int io = enc.config().ioChannels();
        if (samples.length == 0 || samples.length % io != 0) {
            throw new IllegalArgumentException("audio of " + samples.length + " values is not [n, " + io + "] with n >= 1");
        }
        int total = samples.length / io;
        int window = WINDOW_SECONDS * enc.sampleRate(), step = window / 2;
        if (total <= window) return sampleOne(enc, samples, noise);
        List<float[]> latents = new ArrayList<>();
        int frames = -1;
        for (int start = 0; start < total; start += step) {
            int end = Math.min(start + window, total);
            float[] chunk = new float[window * io];
            System.arraycopy(samples, start * io, chunk, 0, (end - start) * io);
            OobleckEncoder.Moments m = enc.moments(chunk, OobleckTap.NONE, true);
            frames = m.frames();
            latents.add(m.sample(noise.next(m.mean().length)));
            if (end >= total) break;
        }
        int channels = enc.config().decoderLatent();
        float[] merged = merge(latents, frames, channels);
        int keep = (int) Math.ceil(total * ((double) frames / window));
        keep = Math.min(keep, merged.length / channels);
        float[] out = new float[keep * channels];
        System.arraycopy(merged, 0, out, 0, out.length);
        return out;
    }

    private static float[] sampleOne(OobleckEncoder enc, float[] samples, NoiseSource noise) {
        OobleckEncoder.Moments m = enc.moments(samples, OobleckTap.NONE, true);
        return m.sample(noise.next(m.mean().length));
    }

    /// Overlap-merges window latents, each `[frames, channels]`, with a 50 % linear cross-fade.
    public static float[] merge(List<float[]> latents, int frames, int channels) {
        if (latents.isEmpty()) throw new IllegalArgumentException("no window latents to merge");
        for (float[] l : latents) {
            if (l.length != frames * channels) throw new IllegalArgumentException("window latent of " + l.length + " values is not ["
                    + frames + ", " + channels + "]");
        }
        if (latents.size() == 1) return latents.get(0).clone();
        int overlap = frames / 2, stepFrames = frames - overlap;
        int length = (latents.size() - 1) * stepFrames + frames;
        float[] out = new float[length * channels];
        System.arraycopy(latents.get(0), 0, out, 0, frames * channels);
        for (int w = 1; w < latents.size(); w++) {
            float[] cur = latents.get(w);
            int start = w * stepFrames;
            System.arraycopy(cur, overlap * channels, out, (start + overlap) * channels, (frames - overlap) * channels);
            for (int f = 0; f < overlap; f++) {
                float prevW = (float) ((double) (overlap - f) / overlap), curW = (float) ((double) f / overlap);
                int o = (start + f) * channels, c0 = f * channels;
                for (int c = 0; c < channels; c++) out[o + c] = prevW * out[o + c] + curW * cur[c0 + c];
            }
        }
        return out;
    }
}
