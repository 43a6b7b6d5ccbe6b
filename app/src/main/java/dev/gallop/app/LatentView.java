package dev.gallop.app;

import dev.gallop.engine.pipeline.LatentClip;

/// A quick look at a video latent without a decoder: latent frame `t` with the channels split in three groups
/// (red, green, blue), each group averaged and stretched to 0–255 over the frame. Returns ARGB pixels [H·W].
public final class LatentView {
    private LatentView() {}

    public static int[] frameArgb(LatentClip c, int t) {
        int h = c.height(), w = c.width(), ch = c.channels(), group = Math.max(1, ch / 3);
        float[][] rgb = new float[3][h * w];
        for (int k = 0; k < 3; k++) {
            for (int g = k * group; g < Math.min(ch, (k + 1) * group); g++) {
                int base = (g * c.frames() + t) * h * w;
                for (int i = 0; i < h * w; i++) rgb[k][i] += c.video()[base + i] / group;
            }
        }
        int[] out = new int[h * w];
        for (int k = 0; k < 3; k++) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : rgb[k]) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            float span = hi > lo ? hi - lo : 1;
            for (int i = 0; i < h * w; i++) {
                int v = Math.round((rgb[k][i] - lo) / span * 255);
                out[i] |= v << (16 - 8 * k);
            }
        }
        for (int i = 0; i < out.length; i++) out[i] |= 0xff000000;
        return out;
    }
}
