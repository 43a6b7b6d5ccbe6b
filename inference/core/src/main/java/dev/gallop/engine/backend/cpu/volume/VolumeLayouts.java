package dev.gallop.engine.backend.cpu.volume;

import dev.gallop.engine.backend.cpu.base.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/// Moves between the layouts of f32 volumes [C, T, H, W]: nearest ×2, the 2×2 pixel (un)shuffle, the time upsample
/// by channel halves and Wan's average-pool shortcut. The vector forms work a row at a time (lane shuffles, gathers
/// and scatters through row buffers); the scalar twins compute every output element from its definition. Only
/// avgDown does arithmetic, summing in the same order in both forms.
public final class VolumeLayouts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VectorShuffle<Float> LOW_TWICE = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> HIGH_TWICE = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    private static final int[] EVEN = stride(2);

    private VolumeLayouts() {}

    /// {0, s, 2s, ...}: an index map for gathers and scatters with stride s.
    static int[] stride(int s) {
        int[] m = new int[L];
        for (int i = 0; i < L; i++) m[i] = i * s;
        return m;
    }

    private static long at(long base, long index) { return base + 4 * index; }

    /// Nearest ×2 in H and W over `planes` = C·T frames of [h, w]: out(y, x) = in(⌊y/2⌋, ⌊x/2⌋).
    public static void nearest2x(MemorySegment x, long xo, MemorySegment out, long oo, int planes, int h, int w, boolean vector) {
        Parallel.range(planes, 1, (p0, p1) -> {
            float[] in = new float[w], row = new float[2 * w];
            for (int p = p0; p < p1; p++) {
                for (int y = 0; y < h; y++) {
                    long src = at(xo, ((long) p * h + y) * w);
                    if (!vector) {
                        for (int dy = 0; dy < 2; dy++) {
                            long dst = at(oo, ((long) p * 2 * h + 2 * y + dy) * 2 * w);
                            for (int xx = 0; xx < 2 * w; xx++) out.set(F32, dst + 4L * xx, x.get(F32, src + 4L * (xx / 2)));
                        }
                        continue;
                    }
                    MemorySegment.copy(x, F32, src, in, 0, w);
                    int i = 0;
                    for (; i + L <= w; i += L) {
                        FloatVector v = FloatVector.fromArray(S, in, i);
                        v.rearrange(LOW_TWICE).intoArray(row, 2 * i);
                        v.rearrange(HIGH_TWICE).intoArray(row, 2 * i + L);
                    }
                    for (; i < w; i++) row[2 * i] = row[2 * i + 1] = in[i];
                    for (int dy = 0; dy < 2; dy++) MemorySegment.copy(row, 0, out, F32, at(oo, ((long) p * 2 * h + 2 * y + dy) * 2 * w), 2 * w);
                }
            }
        });
    }

    /// Pixel-shuffle 2×2: [4C, T, H, W] → [C, T, 2H, 2W]; input channel c·4 + j·2 + i holds pixel (2h + i, 2w + j).
    public static void pixelShuffle(MemorySegment x, long xo, MemorySegment out, long oo, int c, int t, int h, int w, boolean vector) {
        Parallel.range(c * t, 1, (j0, j1) -> {
            float[] a = new float[w], b = new float[w], row = new float[2 * w];
            for (int job = j0; job < j1; job++) {
                int ci = job / t, f = job % t;
                for (int y = 0; y < h; y++) {
                    for (int i = 0; i < 2; i++) {
                        long dst = at(oo, (((long) ci * t + f) * 2 * h + 2 * y + i) * 2 * w);
                        long left = at(xo, ((((long) ci * 4 + i) * t + f) * h + y) * w);       // j = 0
                        long right = at(xo, ((((long) ci * 4 + 2 + i) * t + f) * h + y) * w);   // j = 1
                        if (!vector) {
                            for (int xx = 0; xx < 2 * w; xx++) {
                                out.set(F32, dst + 4L * xx, x.get(F32, (xx % 2 == 0 ? left : right) + 4L * (xx / 2)));
                            }
                            continue;
                        }
                        MemorySegment.copy(x, F32, left, a, 0, w);
                        MemorySegment.copy(x, F32, right, b, 0, w);
                        int k = 0;
                        for (; k + L <= w; k += L) {
                            FloatVector.fromArray(S, a, k).intoArray(row, 2 * k, EVEN, 0);
                            FloatVector.fromArray(S, b, k).intoArray(row, 2 * k + 1, EVEN, 0);
                        }
                        for (; k < w; k++) {
                            row[2 * k] = a[k];
                            row[2 * k + 1] = b[k];
                        }
                        MemorySegment.copy(row, 0, out, F32, dst, 2 * w);
                    }
                }
            }
        });
    }

    /// The inverse of [#pixelShuffle]: [C, T, 2H, 2W] → [4C, T, H, W] (h, w: the output's).
    public static void pixelUnshuffle(MemorySegment x, long xo, MemorySegment out, long oo, int c, int t, int h, int w, boolean vector) {
        Parallel.range(c * t, 1, (j0, j1) -> {
            float[] row = new float[2 * w + L], res = new float[w];
            for (int job = j0; job < j1; job++) {
                int ci = job / t, f = job % t;
                for (int y = 0; y < h; y++) {
                    for (int i = 0; i < 2; i++) {
                        long src = at(xo, (((long) ci * t + f) * 2 * h + 2 * y + i) * 2 * w);
                        if (!vector) {
                            for (int j = 0; j < 2; j++) {
                                long dst = at(oo, ((((long) ci * 4 + j * 2 + i) * t + f) * h + y) * w);
                                for (int xx = 0; xx < w; xx++) out.set(F32, dst + 4L * xx, x.get(F32, src + 4L * (2 * xx + j)));
                            }
                            continue;
                        }
                        MemorySegment.copy(x, F32, src, row, 0, 2 * w);
                        for (int j = 0; j < 2; j++) {
                            int k = 0;
                            for (; k + L <= w; k += L) FloatVector.fromArray(S, row, 2 * k + j, EVEN, 0).intoArray(res, k);
                            for (; k < w; k++) res[k] = row[2 * k + j];
                            MemorySegment.copy(res, 0, out, F32, at(oo, ((((long) ci * 4 + j * 2 + i) * t + f) * h + y) * w), w);
                        }
                    }
                }
            }
        });
    }

    /// Time upsampling by channel halves: [2C, T, H, W] → [C, 2T − d, H, W] (d = 1 drops frame 0); channels [0, C)
    /// become frames 2t, channels [C, 2C) frames 2t + 1. Pure copies: the vector form moves whole frames.
    public static void framesFromChannels(MemorySegment x, long xo, MemorySegment out, long oo, int c, int t, int frame,
                                          boolean dropFirst, boolean vector) {
        int skip = dropFirst ? 1 : 0, tOut = 2 * t - skip;
        Parallel.range(c * tOut, 1, (j0, j1) -> {
            for (int job = j0; job < j1; job++) {
                int ci = job / tOut, to = job % tOut, f = to + skip, half = f % 2, ti = f / 2;
                long src = at(xo, (((long) half * c + ci) * t + ti) * frame), dst = at(oo, (long) job * frame);
                if (vector) {
                    MemorySegment.copy(x, src, out, dst, 4L * frame);
                } else {
                    for (int p = 0; p < frame; p++) out.set(F32, dst + 4L * p, x.get(F32, src + 4L * p));
                }
            }
        });
    }

    /// Wan's AvgDown3D: [C, T, H, W] → [cout, ⌈T/ft⌉, H/fs, W/fs]; zero frames in front to a multiple of ft, each
    /// (ft, fs, fs) cell regrouped into C·ft·fs² channels (c·ft·fs² + (dt·fs + dy)·fs + dx), consecutive groups
    /// averaged: the group's values summed in channel order (zero pad frames add 0), then divided by the group size.
    public static void avgDown(MemorySegment x, long xo, MemorySegment out, long oo, int c, int t, int h, int w, int cout, int ft,
                               int fs, boolean vector) {
        int factor = ft * fs * fs, group = c * factor / cout, padT = (ft - t % ft) % ft, to = (t + padT) / ft;
        int ho = h / fs, wo = w / fs;
        int[] map = stride(fs);
        Parallel.range(cout * to * ho, 1, (r0, r1) -> {
            float[] row = new float[w + L * fs], sum = new float[wo];
            for (int r = r0; r < r1; r++) {
                int y = r % ho, f = r / ho % to, oc = r / ho / to;
                java.util.Arrays.fill(sum, 0f);
                for (int g = 0; g < group; g++) {
                    int rc = oc * group + g, ci = rc / factor, sub = rc % factor;
                    int dt = sub / (fs * fs), dy = sub / fs % fs, dx = sub % fs;
                    int ti = f * ft + dt - padT;
                    long src = at(xo, (((long) ci * t + Math.max(ti, 0)) * h + y * fs + dy) * w);
                    if (!vector) {
                        for (int xx = 0; xx < wo; xx++) sum[xx] += ti >= 0 ? x.get(F32, src + 4L * (xx * fs + dx)) : 0f;
                        continue;
                    }
                    int k = 0;
                    if (ti >= 0) {
                        MemorySegment.copy(x, F32, src, row, 0, w);
                        for (; k + L <= wo; k += L) {
                            FloatVector.fromArray(S, sum, k).add(FloatVector.fromArray(S, row, k * fs + dx, map, 0)).intoArray(sum, k);
                        }
                        for (; k < wo; k++) sum[k] += row[k * fs + dx];
                    } else {
                        for (; k + L <= wo; k += L) FloatVector.fromArray(S, sum, k).add(0f).intoArray(sum, k);
                        for (; k < wo; k++) sum[k] += 0f;
                    }
                }
                long dst = at(oo, (((long) oc * to + f) * ho + y) * wo);
                int k = 0;
                if (vector) for (; k + L <= wo; k += L) FloatVector.fromArray(S, sum, k).div(group).intoArray(sum, k);
                for (; k < wo; k++) sum[k] = sum[k] / group;
                MemorySegment.copy(sum, 0, out, F32, dst, wo);
            }
        });
    }
}
