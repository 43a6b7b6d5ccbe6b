package dev.gallop.app.media;

import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.LatentClip;

/// Pictures of latents without a decoder: the channels split into three groups (red, green, blue), each group
/// averaged and stretched to 0–255. Used for the per-step filmstrip and, when a model has no video decoder, as the
/// take's video (see ADR 0015).
public final class LatentPreview {
    private LatentPreview() {}

    /// Latent frame `t` at latent resolution as ARGB pixels [H·W], stretched over this frame alone.
    public static int[] frameArgb(LatentClip c, int t) {
        checkFrame(c, t);
        float[][] rgb = groups(c, t);
        float[][] range = new float[3][];
        for (int k = 0; k < 3; k++) range[k] = minMax(rgb[k], null);
        int[] out = new int[c.height() * c.width()];
        for (int i = 0; i < out.length; i++) out[i] = 0xff000000 | pack(rgb, range, i);
        return out;
    }

    /// Latent frame `t` as a picture of the size its pixels would have (16 pixels per latent pixel, the long side at
    /// most `maxSide`), scaled up smoothly: with the model's [LatentRgbMap] its colours, else the channel groups.
    /// A picture, not a grid of blocks.
    public static ArgbImage picture(LatentClip c, int t, LatentRgbMap map, int maxSide) {
        checkFrame(c, t);
        int k = Math.max(1, Math.min(16, maxSide / Math.max(c.width(), c.height())));
        int w = c.width() * k, h = c.height() * k;
        if (map != null && map.channels() == c.channels()) return map.picture(c, t, w, h);
        float[][] rgb = groups(c, t);
        float[][] planes = new float[3][];
        for (int i = 0; i < 3; i++) {
            float[] r = minMax(rgb[i], null);
            float span = r[1] > r[0] ? r[1] - r[0] : 1;
            planes[i] = new float[rgb[i].length];
            for (int j = 0; j < rgb[i].length; j++) planes[i][j] = (rgb[i][j] - r[0]) / span;
        }
        return LatentRgbMap.smooth(planes, c.width(), c.height(), w, h);
    }

    /// The whole clip as RGB frames of `width`×`height`: one stretch over all frames (no flicker), bilinear upscaling,
    /// and MagiHuman's temporal layout (pixel frame 0 from latent frame 0, then four pixel frames per latent frame).
    public static DecodedVideo video(LatentClip c, int width, int height) {
        int frames = 1 + 4 * (c.frames() - 1);
        float[][][] g = new float[c.frames()][][];
        float[][] range = new float[3][];
        for (int t = 0; t < c.frames(); t++) {
            g[t] = groups(c, t);
            for (int k = 0; k < 3; k++) range[k] = minMax(g[t][k], range[k]);
        }
        byte[] out = new byte[frames * height * width * 3];
        int lh = c.height(), lw = c.width();
        for (int f = 0; f < frames; f++) {
            float[][] src = g[f == 0 ? 0 : (f - 1) / 4 + 1];
            for (int y = 0; y < height; y++) {
                float sy = Math.clamp((y + 0.5f) * lh / height - 0.5f, 0, lh - 1);
                int y0 = (int) sy, y1 = Math.min(y0 + 1, lh - 1);
                float fy = sy - y0;
                for (int x = 0; x < width; x++) {
                    float sx = Math.clamp((x + 0.5f) * lw / width - 0.5f, 0, lw - 1);
                    int x0 = (int) sx, x1 = Math.min(x0 + 1, lw - 1);
                    float fx = sx - x0;
                    int o = ((f * height + y) * width + x) * 3;
                    for (int k = 0; k < 3; k++) {
                        float[] p = src[k];
                        float v = (p[y0 * lw + x0] * (1 - fx) + p[y0 * lw + x1] * fx) * (1 - fy) + (p[y1 * lw + x0] * (1 - fx) + p[y1 * lw + x1] * fx) * fy;
                        out[o + k] = (byte) scale(v, range[k]);
                    }
                }
            }
        }
        return new DecodedVideo(out, frames, height, width);
    }

    /// The audio latent as a signal, one value per latent frame: the mean over its channels, scaled so the largest
    /// magnitude is 1. A cheap stand-in for the waveform while the audio is still being denoised.
    public static float[] audioEnvelope(LatentClip c) {
        int n = c.audioFrames(), a = c.audioChannels();
        float[] s = new float[n];
        float peak = 0;
        for (int i = 0; i < n; i++) {
            float sum = 0;
            for (int k = 0; k < a; k++) sum += c.audio()[i * a + k];
            s[i] = sum / a;
            peak = Math.max(peak, Math.abs(s[i]));
        }
        if (peak > 0) for (int i = 0; i < n; i++) s[i] /= peak;
        return s;
    }

    private static void checkFrame(LatentClip c, int t) {
        if (t < 0 || t >= c.frames()) throw new IllegalArgumentException("latent frame " + t + " is outside 0.." + (c.frames() - 1));
    }

    private static float[][] groups(LatentClip c, int t) {
        int hw = c.height() * c.width(), ch = c.channels(), group = Math.max(1, ch / 3);
        float[][] rgb = new float[3][hw];
        for (int k = 0; k < 3; k++) {
            int from = Math.min(k * group, ch - 1), to = Math.max(from + 1, Math.min(ch, (k + 1) * group));
            for (int g = from; g < to; g++) {
                int base = (g * c.frames() + t) * hw;
                for (int i = 0; i < hw; i++) rgb[k][i] += c.video()[base + i] / (to - from);
            }
        }
        return rgb;
    }

    private static float[] minMax(float[] v, float[] acc) {
        float lo = acc == null ? Float.MAX_VALUE : acc[0], hi = acc == null ? -Float.MAX_VALUE : acc[1];
        for (float x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return new float[] {lo, hi};
    }

    private static int scale(float v, float[] range) {
        float span = range[1] > range[0] ? range[1] - range[0] : 1;
        return Math.clamp(Math.round((v - range[0]) / span * 255), 0, 255);
    }

    private static int pack(float[][] rgb, float[][] range, int i) {
        return scale(rgb[0][i], range[0]) << 16 | scale(rgb[1][i], range[1]) << 8 | scale(rgb[2][i], range[2]);
    }
}
