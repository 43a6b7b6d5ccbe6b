package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// A 1-D transposed convolution with torch ConvTranspose1d semantics (no output padding, dilation 1) on time-major
/// activations: input `[T, Cin]`, output `[Tout, Cout]` with `Tout = (T − 1)·stride − 2·pad + K`, and
/// `out[t·stride + k − pad, co] += x[t, ci] · W[ci, co, k]` plus `bias[co]`. The torch weight is `[Cin, Cout, K]`.
///
/// The Oobleck decoder uses K = 2s, stride s, pad ⌈s/2⌉ ([#oobleck]), giving `Tout = T·s` for even s.
///
/// Vector path (polyphase): output step j belongs to phase r = (j + pad) mod s with q = (j + pad) / s; its taps are
/// k = r + m·s (m = 0, 1, … while k < K) reading x[q − m]. Each phase is one [Gemm] of an im2col panel
/// `[rows, taps·Cin]` against `[Cout, taps·Cin]`. [#forwardScalar] is the scatter-add twin.
public final class ConvTranspose1d {
    private final int cin, cout, k, stride, padding;
    private final float[] weight;          // torch layout [Cin, Cout, K]
    private final float[][] phaseWeights;  // per phase [Cout, taps, Cin]
    private final float[] bias;            // [Cout] or null

    /// `weight` `[Cin, Cout, K]` (already weight-norm folded); `bias` `[Cout]` or null.
    public ConvTranspose1d(float[] weight, float[] bias, int cin, int cout, int k, int stride, int padding) {
        if (cin < 1 || cout < 1 || k < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("bad ConvTranspose1d geometry cin=" + cin + " cout=" + cout + " k=" + k
                    + " stride=" + stride + " padding=" + padding);
        }
        if (weight.length != (long) cin * cout * k) {
            throw new IllegalArgumentException("ConvTranspose1d weight has " + weight.length + " values, expected ["
                    + cin + ", " + cout + ", " + k + "]");
        }
        if (bias != null && bias.length != cout) throw new IllegalArgumentException("ConvTranspose1d bias has " + bias.length + " values, expected " + cout);
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        this.weight = weight.clone();
        this.bias = bias == null ? null : bias.clone();
        phaseWeights = new float[stride][];
        for (int r = 0; r < stride; r++) {
            int taps = taps(r);
            float[] w = new float[cout * taps * cin];
            for (int co = 0; co < cout; co++) {
                for (int m = 0; m < taps; m++) {
                    for (int ci = 0; ci < cin; ci++) w[(co * taps + m) * cin + ci] = weight[(ci * cout + co) * k + r + m * stride];
                }
            }
            phaseWeights[r] = w;
        }
    }

    /// The Oobleck upsampler geometry for stride s: K = 2s, padding ⌈s/2⌉.
    public static ConvTranspose1d oobleck(float[] weight, float[] bias, int cin, int cout, int s) {
        return new ConvTranspose1d(weight, bias, cin, cout, 2 * s, s, (s + 1) / 2);
    }

    public int inChannels() { return cin; }

    public int outChannels() { return cout; }

    /// Number of kernel taps of phase r: |{k = r + m·s < K}|.
    private int taps(int r) { return r >= k ? 0 : (k - r + stride - 1) / stride; }

    /// `(t − 1)·stride − 2·pad + K`; throws when that is below 1.
    public int outLength(int t) {
        long len = (long) (t - 1) * stride - 2L * padding + k;
        if (t < 1 || len < 1) throw new IllegalArgumentException("ConvTranspose1d input of " + t + " steps gives no output (stride "
                + stride + ", kernel " + k + ", padding " + padding + ")");
        return (int) len;
    }

    private void checkInput(float[] x, int t) {
        if (x.length != (long) t * cin) {
            throw new IllegalArgumentException("ConvTranspose1d input has " + x.length + " values, expected [" + t + ", " + cin + "]");
        }
    }

    /// Vector path: `x [t, Cin]` → `[Tout, Cout]`.
    public float[] forward(float[] x, int t) {
        checkInput(x, t);
        int tOut = outLength(t);
        float[] out = new float[tOut * cout];
        MemorySegment biasSeg = bias == null ? null : MemorySegment.ofArray(bias);
        for (int r = 0; r < stride; r++) {
            int taps = taps(r);
            // output rows j = q·s + r − pad for q in [qLo, qHi]
            int qLo = Math.max(0, Math.floorDiv(padding - r + stride - 1, stride));
            int qHi = Math.floorDiv(tOut - 1 - r + padding, stride);
            if (qHi < qLo) continue;
            int rows = qHi - qLo + 1;
            if (taps == 0) {
                for (int q = qLo; q <= qHi; q++) {
                    int j = q * stride + r - padding;
                    if (bias != null) System.arraycopy(bias, 0, out, j * cout, cout);
                }
                continue;
            }
            int kk = taps * cin;
            float[] panel = new float[rows * kk];
            Parallel.range(rows, 64, (a, b) -> {
                for (int i = a; i < b; i++) {
                    int q = qLo + i;
                    for (int m = 0; m < taps; m++) {
                        int src = q - m, dst = i * kk + m * cin;
                        if (src >= 0 && src < t) System.arraycopy(x, src * cin, panel, dst, cin);
                    }
                }
            });
            float[] res = new float[rows * cout];
            Gemm.matmul(MemorySegment.ofArray(panel), 0, MemorySegment.ofArray(phaseWeights[r]), 0, DType.F32, null,
                    biasSeg, 0, MemorySegment.ofArray(res), 0, rows, cout, kk, false, true);
            for (int i = 0; i < rows; i++) {
                int j = (qLo + i) * stride + r - padding;
                System.arraycopy(res, i * cout, out, j * cout, cout);
            }
        }
        return out;
    }

    /// Scalar twin of [#forward]: the transposed convolution as a direct scatter-add, then the bias.
    public float[] forwardScalar(float[] x, int t) {
        checkInput(x, t);
        int tOut = outLength(t);
        float[] out = new float[tOut * cout];
        for (int ti = 0; ti < t; ti++) {
            for (int j = 0; j < k; j++) {
                int to = ti * stride + j - padding;
                if (to < 0 || to >= tOut) continue;
                for (int ci = 0; ci < cin; ci++) {
                    float xv = x[ti * cin + ci];
                    for (int co = 0; co < cout; co++) out[to * cout + co] += xv * weight[(ci * cout + co) * k + j];
                }
            }
        }
        if (bias != null) {
            for (int to = 0; to < tOut; to++) for (int co = 0; co < cout; co++) out[to * cout + co] += bias[co];
        }
        return out;
    }
}
