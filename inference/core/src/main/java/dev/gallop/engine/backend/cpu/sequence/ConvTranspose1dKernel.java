package dev.gallop.engine.backend.cpu.sequence;

import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// [dev.gallop.engine.backend.SequenceKernels#convTranspose1d] on CPU tensors.
///
/// Vector form (polyphase): output step j belongs to phase r = (j + padding) mod stride with q = (j + padding) / stride;
/// its taps are k = r + m·stride (m = 0, 1, … while k < K), reading x[q − m]. Each phase is a GEMM of im2col panels
/// [rows, taps·Cin] against the phase's weight [Cout, taps·Cin] (repacked per call from the torch layout), in
/// tiles of at most [Conv1dKernel#PANEL_FLOATS]; a phase without taps holds the bias. Scalar twin: the transposed
/// convolution as a direct scatter-add (inputs in time order, then taps, then input channels), then the bias; in
/// parallel over output channels.
public final class ConvTranspose1dKernel {
    private ConvTranspose1dKernel() {}

    public static void run(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.ConvTranspose1d g, boolean vector) {
        if (vector) vector(out, x, weight, bias, g);
        else scalar(out, x, weight, bias, g);
    }

    static void vector(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.ConvTranspose1d g) {
        MemorySegment xs = x.segment(), os = out.segment();
        float[][] phases = phaseWeights(weight, g);
        float[] b = bias == null ? null : bias.floats();
        MemorySegment bs = b == null ? null : MemorySegment.ofArray(b);
        int cin = g.cin(), cout = g.cout(), stride = g.stride();
        for (int r = 0; r < stride; r++) {
            int taps = g.taps(r), qLo = g.firstQ(r), qHi = g.lastQ(r);
            if (qHi < qLo) continue;
            if (taps == 0) {
                float[] row = b == null ? new float[cout] : b;
                for (int q = qLo; q <= qHi; q++) MemorySegment.copy(row, 0, os, Layouts.F32, out.offset() + 4L * step(g, q, r) * cout, cout);
                continue;
            }
            int kk = taps * cin, phase = r;
            MemorySegment pw = MemorySegment.ofArray(phases[r]);
            int rows = Math.max(1, Math.min(qHi - qLo + 1, Conv1dKernel.PANEL_FLOATS / kk));
            float[] panel = new float[rows * kk], res = new float[rows * cout];
            MemorySegment panelSeg = MemorySegment.ofArray(panel), resSeg = MemorySegment.ofArray(res);
            for (int q0 = qLo; q0 <= qHi; q0 += rows) {
                int n = Math.min(rows, qHi - q0 + 1), base = q0;
                Parallel.range(n, 64, (a, bound) -> {
                    for (int i = a; i < bound; i++) fillRow(xs, x.offset(), g, base + i, taps, panel, i * kk);
                });
                Gemm.matmul(panelSeg, 0, pw, 0, DType.F32, null, bs, 0, resSeg, 0, n, cout, kk, false, true);
                for (int i = 0; i < n; i++) {
                    MemorySegment.copy(res, i * cout, os, Layouts.F32, out.offset() + 4L * step(g, base + i, phase) * cout, cout);
                }
            }
        }
    }

    /// The output step of phase r at q: q·stride + r − padding.
    private static int step(SequenceShapes.ConvTranspose1d g, int q, int r) { return q * g.stride() + r - g.padding(); }

    /// The weight of every phase r as [Cout, taps(r), Cin]: w_r[co, m, ci] = weight[ci, co, r + m·stride]. The torch
    /// weight is read in tiles of 64 input × 64 output channels (each input channel's [64, K] rows contiguous), and each
    /// tile is written out in runs of 64 input channels, so that reads and writes both stay in cache; in parallel over
    /// tiles of output channels.
    static float[][] phaseWeights(F32Array weight, SequenceShapes.ConvTranspose1d g) {
        int cin = g.cin(), cout = g.cout(), k = g.k(), stride = g.stride(), tile = 64;
        int[] taps = new int[stride];
        float[][] p = new float[stride][];
        for (int r = 0; r < stride; r++) {
            taps[r] = g.taps(r);
            p[r] = new float[cout * taps[r] * cin];
        }
        MemorySegment ws = weight.segment();
        long base = weight.offset();
        Parallel.range((cout + tile - 1) / tile, 1, (t0, t1) -> {
            float[] buf = new float[tile * tile * k];
            for (int t = t0; t < t1; t++) {
                int co0 = t * tile, co1 = Math.min(cout, co0 + tile), span = (co1 - co0) * k;
                for (int ci0 = 0; ci0 < cin; ci0 += tile) {
                    int n = Math.min(tile, cin - ci0);
                    for (int i = 0; i < n; i++) {
                        MemorySegment.copy(ws, Layouts.F32, base + 4L * ((long) (ci0 + i) * cout + co0) * k, buf, i * span, span);
                    }
                    for (int co = co0; co < co1; co++) {
                        for (int j = 0; j < k; j++) {
                            int r = j % stride, src = (co - co0) * k + j;
                            float[] dst = p[r];
                            int d = (co * taps[r] + j / stride) * cin + ci0;
                            for (int i = 0; i < n; i++) dst[d + i] = buf[i * span + src];
                        }
                    }
                }
            }
        });
        return p;
    }

    /// The panel row of q: taps slices of Cin values x[q − m], zeros outside the input.
    private static void fillRow(MemorySegment xs, long xOff, SequenceShapes.ConvTranspose1d g, int q, int taps, float[] panel, int off) {
        int cin = g.cin();
        for (int m = 0; m < taps; m++) {
            int src = q - m, dst = off + m * cin;
            if (src < 0 || src >= g.t()) java.util.Arrays.fill(panel, dst, dst + cin, 0f);
            else MemorySegment.copy(xs, Layouts.F32, xOff + 4L * src * cin, panel, dst, cin);
        }
    }

    static void scalar(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.ConvTranspose1d g) {
        float[] xv = x.floats(), w = weight.floats(), b = bias == null ? null : bias.floats();
        int t = g.t(), cin = g.cin(), cout = g.cout(), k = g.k(), tOut = g.tOut();
        float[] res = new float[tOut * cout];
        Parallel.range(cout, 1, (c0, c1) -> {
            for (int co = c0; co < c1; co++) {
                for (int ti = 0; ti < t; ti++) {
                    for (int j = 0; j < k; j++) {
                        int to = ti * g.stride() + j - g.padding();
                        if (to < 0 || to >= tOut) continue;
                        for (int ci = 0; ci < cin; ci++) res[to * cout + co] += xv[ti * cin + ci] * w[(ci * cout + co) * k + j];
                    }
                }
                if (b != null) for (int to = 0; to < tOut; to++) res[to * cout + co] += b[co];
            }
        });
        out.write(0, res, 0, res.length);
    }
}
