package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// A 1-D convolution with torch Conv1d semantics (zero padding, dilation, stride) on time-major activations:
/// input `[T, Cin]`, output `[Tout, Cout]`, `Tout = ⌊(T + 2·pad − dil·(K − 1) − 1) / stride⌋ + 1`,
/// `out[t, co] = bias[co] + Σ_{k, ci} x[t·stride + k·dil − pad, ci] · W[co, ci, k]`.
///
/// The vector path builds im2col panels `[rows, K·Cin]` (tap-major, channel inner) for a tile of output rows and runs
/// the engine's f32 [Gemm] against the weight repacked as `[Cout, K·Cin]`; [#forwardScalar] is the plain-loop twin.
public final class Conv1d {
    /// Largest im2col panel, in floats, built at once.
    static final int PANEL_FLOATS = 1 << 21;

    private final int cin, cout, k, dilation, padding, stride;
    private final float[] packed; // [Cout, K, Cin]
    private final MemorySegment packedSeg;
    private final float[] bias;   // [Cout] or null
    private final MemorySegment biasSeg;

    /// `weight` in torch layout `[Cout, Cin, K]` (already weight-norm folded); `bias` `[Cout]` or null.
    public Conv1d(float[] weight, float[] bias, int cin, int cout, int k, int dilation, int padding, int stride) {
        if (cin < 1 || cout < 1 || k < 1 || dilation < 1 || padding < 0 || stride < 1) {
            throw new IllegalArgumentException("bad Conv1d geometry cin=" + cin + " cout=" + cout + " k=" + k
                    + " dilation=" + dilation + " padding=" + padding + " stride=" + stride);
        }
        if (weight.length != (long) cout * cin * k) {
            throw new IllegalArgumentException("Conv1d weight has " + weight.length + " values, expected [" + cout + ", " + cin + ", " + k + "]");
        }
        if (bias != null && bias.length != cout) throw new IllegalArgumentException("Conv1d bias has " + bias.length + " values, expected " + cout);
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.dilation = dilation;
        this.padding = padding;
        this.stride = stride;
        this.packed = new float[weight.length];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int j = 0; j < k; j++) packed[(co * k + j) * cin + ci] = weight[(co * cin + ci) * k + j];
            }
        }
        this.packedSeg = MemorySegment.ofArray(packed);
        this.bias = bias == null ? null : bias.clone();
        this.biasSeg = bias == null ? null : MemorySegment.ofArray(this.bias);
    }

    public int inChannels() { return cin; }

    public int outChannels() { return cout; }

    /// Output length for `t` input steps; throws when the input is too short for the kernel.
    public int outLength(int t) {
        long span = (long) t + 2L * padding - (long) dilation * (k - 1) - 1;
        if (t < 1 || span < 0) {
            throw new IllegalArgumentException("Conv1d input of " + t + " steps is too short for kernel " + k
                    + " dilation " + dilation + " padding " + padding);
        }
        return (int) (span / stride + 1);
    }

    private void checkInput(float[] x, int t) {
        if (x.length != (long) t * cin) {
            throw new IllegalArgumentException("Conv1d input has " + x.length + " values, expected [" + t + ", " + cin + "]");
        }
    }

    /// Vector path: `x [t, Cin]` → `[Tout, Cout]`.
    public float[] forward(float[] x, int t) {
        checkInput(x, t);
        int tOut = outLength(t);
        float[] out = new float[tOut * cout];
        MemorySegment outSeg = MemorySegment.ofArray(out);
        int kk = k * cin;
        if (k == 1 && stride == 1 && padding == 0) {
            Gemm.matmul(MemorySegment.ofArray(x), 0, packedSeg, 0, DType.F32, null, biasSeg, 0, outSeg, 0, tOut, cout, kk, false, true);
            return out;
        }
        int rows = Math.max(1, Math.min(tOut, PANEL_FLOATS / kk));
        float[] panel = new float[rows * kk];
        MemorySegment panelSeg = MemorySegment.ofArray(panel);
        for (int r0 = 0; r0 < tOut; r0 += rows) {
            int n = Math.min(rows, tOut - r0);
            int base = r0;
            Parallel.range(n, 64, (a, b) -> {
                for (int i = a; i < b; i++) fillRow(x, t, base + i, panel, i * kk);
            });
            Gemm.matmul(panelSeg, 0, packedSeg, 0, DType.F32, null, biasSeg, 0, outSeg, 4L * r0 * cout, n, cout, kk, false, true);
        }
        return out;
    }

    /// im2col row of output step `to`: K slices of Cin values, zero outside the input.
    private void fillRow(float[] x, int t, int to, float[] panel, int off) {
        int start = to * stride - padding;
        for (int j = 0; j < k; j++) {
            int src = start + j * dilation, dst = off + j * cin;
            if (src < 0 || src >= t) java.util.Arrays.fill(panel, dst, dst + cin, 0f);
            else System.arraycopy(x, src * cin, panel, dst, cin);
        }
    }

    /// Scalar twin of [#forward]: direct loops, float accumulation in (tap, channel) order.
    public float[] forwardScalar(float[] x, int t) {
        checkInput(x, t);
        int tOut = outLength(t);
        float[] out = new float[tOut * cout];
        for (int to = 0; to < tOut; to++) {
            int start = to * stride - padding;
            for (int co = 0; co < cout; co++) {
                float acc = 0f;
                for (int j = 0; j < k; j++) {
                    int src = start + j * dilation;
                    if (src < 0 || src >= t) continue;
                    int w = (co * k + j) * cin, xi = src * cin;
                    for (int ci = 0; ci < cin; ci++) acc += x[xi + ci] * packed[w + ci];
                }
                out[to * cout + co] = bias == null ? acc : acc + bias[co];
            }
        }
        return out;
    }
}
