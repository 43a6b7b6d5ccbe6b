package dev.gallop.engine.backend.cpu.volume;

import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.cpu.base.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// A direct 3-D convolution of a batch-1 f32 volume x[Cin, T, H, W] with weights [Cout, Cin, kt, kh, kw] and a bias,
/// written to out[Cout, T', H', W'] (all little-endian f32 in native memory). Covers the 3×3×3 convs, the (3, 1, 1)
/// time convs, per-frame 2-D convs (kt = 1), 1×1×1 projections and the stride-2 downsampling conv.
///
/// No im2col: each input frame is copied once into zero-padded "phase planes" (for stride s, plane p holds padded
/// columns p, p + s, p + 2s, ...), so every tap of an output row is one unit-stride vector load, and blocks of four
/// output channels share each load (eight accumulators: four channels × two vectors of the row; each thread
/// regroups the weights of the block it works on as [Cin, taps, 4]). Every output sums
/// its taps in the order (ci, dt, dy, dx) with fused multiply-adds, then adds the bias; [#scalar] does exactly the
/// same per element, so both forms give identical bits. Taps on zero time padding are skipped (fma(0, w, a) = a).
public final class Conv3dKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int CB = 4;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Conv3dKernel() {}

    /// The Vector API form. `weight` is [Cout, Cin, kt, kh, kw] and `bias` [Cout], both f32; x and out are at byte
    /// offsets xo and oo of their segments.
    public static void vector(MemorySegment x, long xo, float[] weight, float[] bias, ConvGeometry g, MemorySegment out, long oo) {
        int s = g.pad().stride(), to = g.outT(), ho = g.outH();
        int woPad = (g.outW() + L - 1) / L * L;
        int pw = woPad + (g.kw() - 1) / s + 1;                 // phase-plane row length
        int hp = g.h() + g.pad().top() + g.pad().bottom();
        float[][] planes = phasePlanes(x, xo, g, s, hp, pw);
        int blocks = (g.cout() + CB - 1) / CB;
        int rows = blocks * to * ho;
        int work = Math.max(1, g.cin() * g.taps() * woPad / L);
        Parallel.range(rows, Math.max(1, 8192 / work), (from, end) -> {
            float[] blocked = new float[g.cin() * g.taps() * CB], res = new float[CB * woPad];
            int[] srcFrames = new int[g.kt()];
            int block = -1;
            for (int r = from; r < end; r++) {
                int yo = r % ho, rest = r / ho, tOut = rest % to, b = rest / to;
                if (b != block) {
                    blockWeights(weight, g, b, blocked);
                    block = b;
                }
                for (int dt = 0; dt < g.kt(); dt++) srcFrames[dt] = g.sourceFrame(tOut, dt);
                row(planes, blocked, g, res, srcFrames, yo, woPad, hp, pw);
                store(res, bias, g, woPad, b, tOut, yo, out, oo);
            }
        });
    }

    /// The weights of output channels [4b, 4b + 4) as [Cin, taps, 4] (channels past Cout are zero).
    private static void blockWeights(float[] weight, ConvGeometry g, int b, float[] blocked) {
        int per = g.cin() * g.taps();
        java.util.Arrays.fill(blocked, 0f);
        for (int k = 0; k < CB && b * CB + k < g.cout(); k++) {
            int base = (b * CB + k) * per;
            for (int i = 0; i < per; i++) blocked[i * CB + k] = weight[base + i];
        }
    }

    /// One output row of a block of four channels into res[4, woPad] (before the bias), two x-vectors at a time,
    /// then one. (Two methods, each small enough for the JIT to inline the vector loads' index checks.)
    private static void row(float[][] planes, float[] w, ConvGeometry g, float[] res, int[] srcFrames, int yo, int woPad, int hp, int pw) {
        int xv = 0;
        for (; xv + 2 * L <= woPad; xv += 2 * L) twoVectors(planes, w, g, res, srcFrames, yo, woPad, hp, pw, xv);
        for (; xv < woPad; xv += L) oneVector(planes, w, g, res, srcFrames, yo, woPad, hp, pw, xv);
    }

    private static void twoVectors(float[][] planes, float[] w, ConvGeometry g, float[] res, int[] srcFrames, int yo, int woPad, int hp,
                                   int pw, int xv) {
        int s = g.pad().stride(), cin = g.cin(), kt = g.kt(), kh = g.kh(), kw = g.kw(), t = g.t();
        int plane = hp * pw;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int ci = 0; ci < cin; ci++) {
            for (int dt = 0; dt < kt; dt++) {
                int src = srcFrames[dt];
                if (src < 0) continue;
                float[] p = planes[ci * t + src];
                for (int dy = 0; dy < kh; dy++) {
                    int rowBase = (yo * s + dy) * pw + xv;
                    int wk = (((ci * kt + dt) * kh + dy) * kw) * CB;
                    for (int dx = 0; dx < kw; dx++) {
                        int at = rowBase + (dx % s) * plane + dx / s;
                        FloatVector v = FloatVector.fromArray(S, p, at), u = FloatVector.fromArray(S, p, at + L);
                        int wi = wk + dx * CB;
                        FloatVector w0 = FloatVector.broadcast(S, w[wi]), w1 = FloatVector.broadcast(S, w[wi + 1]);
                        FloatVector w2 = FloatVector.broadcast(S, w[wi + 2]), w3 = FloatVector.broadcast(S, w[wi + 3]);
                        a0 = v.fma(w0, a0);
                        a1 = v.fma(w1, a1);
                        a2 = v.fma(w2, a2);
                        a3 = v.fma(w3, a3);
                        b0 = u.fma(w0, b0);
                        b1 = u.fma(w1, b1);
                        b2 = u.fma(w2, b2);
                        b3 = u.fma(w3, b3);
                    }
                }
            }
        }
        a0.intoArray(res, xv);
        a1.intoArray(res, woPad + xv);
        a2.intoArray(res, 2 * woPad + xv);
        a3.intoArray(res, 3 * woPad + xv);
        b0.intoArray(res, xv + L);
        b1.intoArray(res, woPad + xv + L);
        b2.intoArray(res, 2 * woPad + xv + L);
        b3.intoArray(res, 3 * woPad + xv + L);
    }

    private static void oneVector(float[][] planes, float[] w, ConvGeometry g, float[] res, int[] srcFrames, int yo, int woPad, int hp,
                                  int pw, int xv) {
        int s = g.pad().stride(), cin = g.cin(), kt = g.kt(), kh = g.kh(), kw = g.kw(), t = g.t();
        int plane = hp * pw;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int ci = 0; ci < cin; ci++) {
            for (int dt = 0; dt < kt; dt++) {
                int src = srcFrames[dt];
                if (src < 0) continue;
                float[] p = planes[ci * t + src];
                for (int dy = 0; dy < kh; dy++) {
                    int rowBase = (yo * s + dy) * pw + xv;
                    int wk = (((ci * kt + dt) * kh + dy) * kw) * CB;
                    for (int dx = 0; dx < kw; dx++) {
                        FloatVector v = FloatVector.fromArray(S, p, rowBase + (dx % s) * plane + dx / s);
                        int wi = wk + dx * CB;
                        a0 = v.fma(FloatVector.broadcast(S, w[wi]), a0);
                        a1 = v.fma(FloatVector.broadcast(S, w[wi + 1]), a1);
                        a2 = v.fma(FloatVector.broadcast(S, w[wi + 2]), a2);
                        a3 = v.fma(FloatVector.broadcast(S, w[wi + 3]), a3);
                    }
                }
            }
        }
        a0.intoArray(res, xv);
        a1.intoArray(res, woPad + xv);
        a2.intoArray(res, 2 * woPad + xv);
        a3.intoArray(res, 3 * woPad + xv);
    }

    /// Adds the bias to each valid channel's row of res and copies its first wo values to out.
    private static void store(float[] res, float[] bias, ConvGeometry g, int woPad, int b, int tOut, int yo, MemorySegment out, long oo) {
        int wo = g.outW();
        for (int k = 0; k < CB; k++) {
            int co = b * CB + k;
            if (co >= g.cout()) return;
            float bc = bias[co];
            for (int xv = 0; xv < woPad; xv += L) FloatVector.fromArray(S, res, k * woPad + xv).add(bc).intoArray(res, k * woPad + xv);
            MemorySegment.copy(res, k * woPad, out, F32, oo + 4 * ((((long) co * g.outT() + tOut) * g.outH() + yo) * wo), wo);
        }
    }

    /// [Cin·T] planes of [s, hp, pw]: plane p of a frame holds padded columns p, p + s, ...; zeros outside the input.
    private static float[][] phasePlanes(MemorySegment x, long xo, ConvGeometry g, int s, int hp, int pw) {
        int t = g.t(), h = g.h(), w = g.w(), top = g.pad().top(), left = g.pad().left();
        float[][] planes = new float[g.cin() * t][];
        Parallel.range(g.cin() * t, 4, (from, end) -> {
            float[] row = new float[w];
            for (int ct = from; ct < end; ct++) {
                float[] pl = new float[s * hp * pw];
                for (int y = 0; y < h; y++) {
                    long src = xo + 4 * (((long) ct * h + y) * w);
                    if (s == 1) {
                        MemorySegment.copy(x, F32, src, pl, (y + top) * pw + left, w);
                        continue;
                    }
                    MemorySegment.copy(x, F32, src, row, 0, w);
                    for (int p = 0; p < s; p++) {
                        int dst = (p * hp + y + top) * pw;
                        for (int j = 0; j < pw; j++) {
                            int xx = j * s + p - left;
                            if (xx >= 0 && xx < w) pl[dst + j] = row[xx];
                        }
                    }
                }
                planes[ct] = pl;
            }
        });
        return planes;
    }

    /// The scalar twin of [#vector]: the same per-element summation order, the same bits.
    public static void scalar(MemorySegment x, long xo, float[] weight, float[] bias, ConvGeometry g, MemorySegment out, long oo) {
        int cin = g.cin(), h = g.h(), w = g.w(), kt = g.kt(), kh = g.kh(), kw = g.kw(), s = g.pad().stride();
        int to = g.outT(), ho = g.outH(), wo = g.outW(), top = g.pad().top(), left = g.pad().left();
        for (int co = 0; co < g.cout(); co++) {
            for (int tOut = 0; tOut < to; tOut++) {
                for (int yo = 0; yo < ho; yo++) {
                    for (int xOut = 0; xOut < wo; xOut++) {
                        float acc = 0f;
                        for (int ci = 0; ci < cin; ci++) {
                            for (int dt = 0; dt < kt; dt++) {
                                int src = g.sourceFrame(tOut, dt);
                                if (src < 0) continue;
                                for (int dy = 0; dy < kh; dy++) {
                                    int y = yo * s + dy - top;
                                    for (int dx = 0; dx < kw; dx++) {
                                        int xx = xOut * s + dx - left;
                                        float v = y >= 0 && y < h && xx >= 0 && xx < w
                                                ? x.get(F32, xo + 4 * ((((long) ci * g.t() + src) * h + y) * w + xx)) : 0f;
                                        acc = Math.fma(v, weight[(((co * cin + ci) * kt + dt) * kh + dy) * kw + dx], acc);
                                    }
                                }
                            }
                        }
                        out.set(F32, oo + 4 * ((((long) co * to + tOut) * ho + yo) * wo + xOut), acc + bias[co]);
                    }
                }
            }
        }
    }
}
