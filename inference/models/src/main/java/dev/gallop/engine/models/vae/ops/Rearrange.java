package dev.gallop.engine.models.vae.ops;

import dev.gallop.engine.backend.cpu.base.Parallel;

/// Data movement between layouts: nearest ×2 upsampling, the 2×2 pixel (un)shuffle, the time-upsample channel split
/// and Wan's average-pool shortcut. Pure copies and sums, so no vector twin is needed.
public final class Rearrange {
    private Rearrange() {}

    /// Nearest-exact ×2 in H and W: out(y, x) = in(⌊y/2⌋, ⌊x/2⌋) (for a factor of exactly 2, nearest-exact's
    /// source index ⌊(y + ½)/2⌋ is ⌊y/2⌋). [C, T, H, W] → [C, T, 2H, 2W].
    public static Volume nearest2x(Volume x) {
        int h = x.h(), w = x.w();
        Volume out = Volume.zeros(x.c(), x.t(), 2 * h, 2 * w);
        float[] d = x.data(), o = out.data();
        Parallel.range(x.c() * x.t(), 4, (from, to) -> {
            for (int f = from; f < to; f++) {
                for (int y = 0; y < 2 * h; y++) {
                    int src = (f * h + y / 2) * w, dst = (f * 2 * h + y) * 2 * w;
                    for (int xx = 0; xx < 2 * w; xx++) o[dst + xx] = d[src + xx / 2];
                }
            }
        });
        return out;
    }

    /// Pixel-unshuffle 2×2: [C, T, 2H, 2W] → [4C, T, H, W]; channel c·4 + j·2 + i holds pixel (2h + i, 2w + j)
    /// of colour c (the column sub-index j is the more significant one).
    public static Volume unshuffle2x2(Volume x) {
        if (x.h() % 2 != 0 || x.w() % 2 != 0) throw new IllegalArgumentException("pixel-unshuffle needs even H and W, got " + x.shape());
        int c = x.c(), t = x.t(), h = x.h() / 2, w = x.w() / 2;
        Volume out = Volume.zeros(4 * c, t, h, w);
        float[] d = x.data(), o = out.data();
        for (int ci = 0; ci < c; ci++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    int oc = ci * 4 + j * 2 + i;
                    for (int f = 0; f < t; f++) {
                        for (int y = 0; y < h; y++) {
                            for (int xx = 0; xx < w; xx++) {
                                o[((oc * t + f) * h + y) * w + xx] = d[((ci * t + f) * 2 * h + 2 * y + i) * 2 * w + 2 * xx + j];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /// The inverse of [#unshuffle2x2]: [4C, T, H, W] → [C, T, 2H, 2W].
    public static Volume shuffle2x2(Volume x) {
        if (x.c() % 4 != 0) throw new IllegalArgumentException("pixel-shuffle needs a multiple of 4 channels, got " + x.shape());
        int c = x.c() / 4, t = x.t(), h = x.h(), w = x.w();
        Volume out = Volume.zeros(c, t, 2 * h, 2 * w);
        float[] d = x.data(), o = out.data();
        for (int ci = 0; ci < c; ci++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    int ic = ci * 4 + j * 2 + i;
                    for (int f = 0; f < t; f++) {
                        for (int y = 0; y < h; y++) {
                            for (int xx = 0; xx < w; xx++) {
                                o[((ci * t + f) * 2 * h + 2 * y + i) * 2 * w + 2 * xx + j] = d[((ic * t + f) * h + y) * w + xx];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /// Time upsample regrouping: [2C, T, H, W] → [C, 2T, H, W] with channels [0, C) as frame 2t and [C, 2C) as
    /// frame 2t + 1; `dropFirst` removes frame 0 of the result (a first chunk gives 1 + 2(T − 1) frames).
    public static Volume channelsToFrames(Volume x, boolean dropFirst) {
        if (x.c() % 2 != 0) throw new IllegalArgumentException("time upsample needs an even channel count, got " + x.shape());
        int c = x.c() / 2, t = x.t(), f = x.frame(), skip = dropFirst ? 1 : 0, tOut = 2 * t - skip;
        Volume out = Volume.zeros(c, tOut, x.h(), x.w());
        float[] d = x.data(), o = out.data();
        for (int ci = 0; ci < c; ci++) {
            for (int ti = 0; ti < t; ti++) {
                for (int half = 0; half < 2; half++) {
                    int dst = 2 * ti + half - skip;
                    if (dst < 0) continue;
                    System.arraycopy(d, ((half * c + ci) * t + ti) * f, o, (ci * tOut + dst) * f, f);
                }
            }
        }
        return out;
    }

    /// Wan's AvgDown3D shortcut: zero-pad time at the front to a multiple of ft, regroup each (ft, fs, fs) cell into
    /// C·ft·fs² channels (channel c·ft·fs² + (dt·fs + dy)·fs + dx), then average consecutive groups of
    /// C·ft·fs²/Cout channels. [C, T, H, W] → [Cout, ⌈T/ft⌉, H/fs, W/fs].
    public static Volume avgDown(Volume x, int cout, int ft, int fs) {
        int c = x.c(), t = x.t(), h = x.h(), w = x.w(), factor = ft * fs * fs;
        if (h % fs != 0 || w % fs != 0 || (c * factor) % cout != 0) {
            throw new IllegalArgumentException("average shortcut cannot take " + x.shape() + " to " + cout + " channels by (" + ft + ", " + fs + ", " + fs + ")");
        }
        int padT = (ft - t % ft) % ft, to = (t + padT) / ft, ho = h / fs, wo = w / fs, group = c * factor / cout;
        Volume out = Volume.zeros(cout, to, ho, wo);
        float[] d = x.data(), o = out.data();
        for (int oc = 0; oc < cout; oc++) {
            for (int f = 0; f < to; f++) {
                for (int y = 0; y < ho; y++) {
                    for (int xx = 0; xx < wo; xx++) {
                        float sum = 0f;
                        for (int g = 0; g < group; g++) {
                            int rc = oc * group + g, ci = rc / factor, sub = rc % factor;
                            int dt = sub / (fs * fs), dy = sub / fs % fs, dx = sub % fs;
                            int ti = f * ft + dt - padT;
                            if (ti >= 0) sum += d[((ci * t + ti) * h + y * fs + dy) * w + xx * fs + dx];
                            else sum += 0f;
                        }
                        o[((oc * to + f) * ho + y) * wo + xx] = sum / group;
                    }
                }
            }
        }
        return out;
    }
}
