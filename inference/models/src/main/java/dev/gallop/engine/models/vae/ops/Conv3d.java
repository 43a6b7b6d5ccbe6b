package dev.gallop.engine.models.vae.ops;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.cpu.base.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// A 3-D convolution over a batch-1 [Cin, T, H, W] volume with weights [Cout, Cin, kt, kh, kw] and a bias.
/// Covers the 3×3×3 convs, the (3,1,1) time convs, 2-D per-frame convs (kt = 1) and 1×1×1 projections.
///
/// Direct convolution, no im2col: each input frame is copied once into zero-padded "phase planes" (for stride s,
/// plane p holds padded columns p, p+s, p+2s, ...), so every tap of an output row is one unit-stride vector load.
/// Blocks of 4 output channels share each load. Every output element sums its taps in the order
/// (ci, dt, dy, dx) with fused multiply-adds, then adds the bias; [#forwardScalar] does exactly the same per element,
/// so both paths give identical bits. Taps that fall on zero time padding are skipped (fma(0, w, a) = a).
public final class Conv3d {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int CB = 4;

    private final int cout, cin, kt, kh, kw;
    private final ConvPadding pad;
    private final float[] weight;   // [Cout, Cin, kt, kh, kw]
    private final float[] blocked;  // [ceil(Cout/4), Cin, kt·kh·kw, 4], zero-filled past Cout
    private final float[] bias;     // [Cout]

    public Conv3d(float[] weight, float[] bias, int cout, int cin, int kt, int kh, int kw, ConvPadding pad) {
        int taps = kt * kh * kw;
        if (weight.length != cout * cin * taps) {
            throw new IllegalArgumentException("conv weight of " + weight.length + " floats is not [" + cout + ", " + cin + ", " + kt + ", " + kh + ", " + kw + "]");
        }
        if (bias.length != cout) throw new IllegalArgumentException("conv bias of " + bias.length + " floats for " + cout + " output channels");
        this.cout = cout;
        this.cin = cin;
        this.kt = kt;
        this.kh = kh;
        this.kw = kw;
        this.pad = pad;
        this.weight = weight;
        this.bias = bias;
        int blocks = (cout + CB - 1) / CB;
        this.blocked = new float[blocks * cin * taps * CB];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int k = 0; k < taps; k++) {
                    blocked[((co / CB * cin + ci) * taps + k) * CB + co % CB] = weight[(co * cin + ci) * taps + k];
                }
            }
        }
    }

    public int outChannels() { return cout; }

    public int inChannels() { return cin; }

    public int outT(int t) { return t + pad.front() + pad.back() - kt + 1; }

    public int outH(int h) { return (h + pad.top() + pad.bottom() - kh) / pad.stride() + 1; }

    public int outW(int w) { return (w + pad.left() + pad.right() - kw) / pad.stride() + 1; }

    /// The input frame that time tap dt of output frame `to` reads, or -1 for a zero pad frame.
    private int sourceFrame(int to, int dt, int t) {
        int src = to + dt - pad.front();
        if (src >= 0 && src < t) return src;
        return pad.timeMode() == ConvPadding.TimeMode.REPLICATE ? Math.clamp(src, 0, t - 1) : -1;
    }

    private void check(Volume x) {
        if (x.c() != cin) throw new IllegalArgumentException("conv expects " + cin + " input channels but got " + x.shape());
        if (outT(x.t()) < 1 || outH(x.h()) < 1 || outW(x.w()) < 1) {
            throw new IllegalArgumentException("input " + x.shape() + " is too small for a " + kt + "×" + kh + "×" + kw + " conv");
        }
    }

    /// out [Cout, T', H', W'] = conv(x), vectorised and multithreaded.
    public Volume forward(Volume x) {
        check(x);
        int t = x.t(), to = outT(t), ho = outH(x.h()), wo = outW(x.w()), s = pad.stride();
        int woPad = (wo + L - 1) / L * L;
        int pw = woPad + (kw - 1) / s + 1;                  // phase-plane row length
        int hp = x.h() + pad.top() + pad.bottom();
        float[] planes = phasePlanes(x, s, hp, pw);
        Volume out = Volume.zeros(cout, to, ho, wo);
        int blocks = (cout + CB - 1) / CB;
        int rows = blocks * to * ho;
        int grain = Math.max(1, 8192 / Math.max(1, cin * kt * kh * kw * woPad / L));
        Parallel.range(rows, grain, (from, end) -> {
            float[] tmp = new float[L];
            int[] srcFrames = new int[kt];
            for (int r = from; r < end; r++) {
                int yo = r % ho, rest = r / ho, tOut = rest % to, b = rest / to;
                for (int dt = 0; dt < kt; dt++) srcFrames[dt] = sourceFrame(tOut, dt, t);
                row(planes, out.data(), tmp, srcFrames, b, tOut, yo, t, to, ho, wo, woPad, hp, pw);
            }
        });
        return out;
    }

    /// One output row of 4 output channels, two x-vectors at a time (8 accumulators; each input load feeds 4 FMAs).
    private void row(float[] planes, float[] out, float[] tmp, int[] srcFrames, int b, int tOut, int yo, int t, int to,
                     int ho, int wo, int woPad, int hp, int pw) {
        int s = pad.stride(), taps = kt * kh * kw, plane = hp * pw;
        int wBase = b * cin * taps * CB;
        int xv = 0;
        for (; xv + 2 * L <= woPad; xv += 2 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int ci = 0; ci < cin; ci++) {
                for (int dt = 0; dt < kt; dt++) {
                    int src = srcFrames[dt];
                    if (src < 0) continue;
                    int frameBase = (ci * t + src) * s * plane;
                    for (int dy = 0; dy < kh; dy++) {
                        int rowBase = frameBase + (yo * s + dy) * pw + xv;
                        int wk = wBase + ((ci * kt + dt) * kh + dy) * kw * CB;
                        for (int dx = 0; dx < kw; dx++) {
                            int at = rowBase + (dx % s) * plane + dx / s;
                            FloatVector v = FloatVector.fromArray(S, planes, at), u = FloatVector.fromArray(S, planes, at + L);
                            int wi = wk + dx * CB;
                            FloatVector w0 = FloatVector.broadcast(S, blocked[wi]), w1 = FloatVector.broadcast(S, blocked[wi + 1]);
                            FloatVector w2 = FloatVector.broadcast(S, blocked[wi + 2]), w3 = FloatVector.broadcast(S, blocked[wi + 3]);
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
            store(out, tmp, a0, b, 0, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a1, b, 1, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a2, b, 2, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a3, b, 3, tOut, yo, to, ho, wo, xv);
            store(out, tmp, b0, b, 0, tOut, yo, to, ho, wo, xv + L);
            store(out, tmp, b1, b, 1, tOut, yo, to, ho, wo, xv + L);
            store(out, tmp, b2, b, 2, tOut, yo, to, ho, wo, xv + L);
            store(out, tmp, b3, b, 3, tOut, yo, to, ho, wo, xv + L);
        }
        for (; xv < woPad; xv += L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int ci = 0; ci < cin; ci++) {
                for (int dt = 0; dt < kt; dt++) {
                    int src = srcFrames[dt];
                    if (src < 0) continue;
                    int frameBase = (ci * t + src) * s * plane;
                    for (int dy = 0; dy < kh; dy++) {
                        int rowBase = frameBase + (yo * s + dy) * pw + xv;
                        int wk = wBase + ((ci * kt + dt) * kh + dy) * kw * CB;
                        for (int dx = 0; dx < kw; dx++) {
                            FloatVector v = FloatVector.fromArray(S, planes, rowBase + (dx % s) * plane + dx / s);
                            int wi = wk + dx * CB;
                            a0 = v.fma(FloatVector.broadcast(S, blocked[wi]), a0);
                            a1 = v.fma(FloatVector.broadcast(S, blocked[wi + 1]), a1);
                            a2 = v.fma(FloatVector.broadcast(S, blocked[wi + 2]), a2);
                            a3 = v.fma(FloatVector.broadcast(S, blocked[wi + 3]), a3);
                        }
                    }
                }
            }
            store(out, tmp, a0, b, 0, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a1, b, 1, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a2, b, 2, tOut, yo, to, ho, wo, xv);
            store(out, tmp, a3, b, 3, tOut, yo, to, ho, wo, xv);
        }
    }

    /// Adds the bias and writes the valid lanes of one accumulator (lanes past the row end are dropped).
    private void store(float[] out, float[] tmp, FloatVector acc, int b, int k, int tOut, int yo, int to, int ho, int wo, int xv) {
        int co = b * CB + k;
        if (co >= cout || xv >= wo) return;
        FloatVector y = acc.add(bias[co]);
        int o = ((co * to + tOut) * ho + yo) * wo + xv;
        if (xv + L <= wo) {
            y.intoArray(out, o);
        } else {
            y.intoArray(tmp, 0);
            System.arraycopy(tmp, 0, out, o, wo - xv);
        }
    }

    /// [Cin, T, s, hp, pw]: plane p of a frame holds padded columns p, p + s, ...; zeros outside the input.
    private float[] phasePlanes(Volume x, int s, int hp, int pw) {
        int t = x.t(), h = x.h(), w = x.w();
        float[] planes = new float[x.c() * t * s * hp * pw];
        float[] d = x.data();
        Parallel.range(x.c() * t, 4, (from, end) -> {
            for (int ct = from; ct < end; ct++) {
                for (int p = 0; p < s; p++) {
                    int base = (ct * s + p) * hp * pw;
                    for (int y = 0; y < h; y++) {
                        int dst = base + (y + pad.top()) * pw, srcRow = (ct * h + y) * w;
                        for (int j = 0; j < pw; j++) {
                            int xx = j * s + p - pad.left();
                            if (xx >= 0 && xx < w) planes[dst + j] = d[srcRow + xx];
                        }
                    }
                }
            }
        });
        return planes;
    }

    /// The scalar twin of [#forward]: same per-element summation order, same bits.
    public Volume forwardScalar(Volume x) {
        check(x);
        int t = x.t(), h = x.h(), w = x.w(), to = outT(t), ho = outH(h), wo = outW(w), s = pad.stride();
        Volume out = Volume.zeros(cout, to, ho, wo);
        float[] d = x.data(), o = out.data();
        for (int co = 0; co < cout; co++) {
            for (int tOut = 0; tOut < to; tOut++) {
                for (int yo = 0; yo < ho; yo++) {
                    for (int xo = 0; xo < wo; xo++) {
                        float acc = 0f;
                        for (int ci = 0; ci < cin; ci++) {
                            for (int dt = 0; dt < kt; dt++) {
                                int src = sourceFrame(tOut, dt, t);
                                if (src < 0) continue;
                                for (int dy = 0; dy < kh; dy++) {
                                    int y = yo * s + dy - pad.top();
                                    for (int dx = 0; dx < kw; dx++) {
                                        int xx = xo * s + dx - pad.left();
                                        float v = y >= 0 && y < h && xx >= 0 && xx < w ? d[((ci * t + src) * h + y) * w + xx] : 0f;
                                        acc = Math.fma(v, weight[((((co * cin + ci) * kt + dt) * kh + dy) * kw) + dx], acc);
                                    }
                                }
                            }
                        }
                        o[((co * to + tOut) * ho + yo) * wo + xo] = acc + bias[co];
                    }
                }
            }
        }
        return out;
    }
}
