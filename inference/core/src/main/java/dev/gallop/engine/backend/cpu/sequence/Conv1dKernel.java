package dev.gallop.engine.backend.cpu.sequence;

import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// [dev.gallop.engine.backend.SequenceKernels#conv1d] on CPU tensors.
///
/// Vector form: the weight is repacked per call as [Cout, K·Cin] (tap-major, channel inner; Cout·Cin·K values, small
/// next to the product's T·Cout·Cin·K), im2col panels [rows, K·Cin] are built for tiles of output steps, and each
/// tile is one f32 [Gemm] with the bias in its epilogue. A 1×1 convolution without padding or stride is one GEMM on
/// x as it is. Scalar twin: direct loops, f32 accumulation over (tap, channel) in that order, in parallel over time.
public final class Conv1dKernel {
    /// Largest im2col panel built at once, in floats (8 MiB).
    static final int PANEL_FLOATS = 1 << 21;

    private Conv1dKernel() {}

    public static void run(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.Conv1d g, boolean vector) {
        if (vector) vector(out, x, weight, bias, g);
        else scalar(out, x, weight, bias, g);
    }

    static void vector(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.Conv1d g) {
        MemorySegment xs = x.segment(), os = out.segment(), bs = bias == null ? null : bias.segment();
        long bOff = bias == null ? 0 : bias.offset();
        int cin = g.cin(), cout = g.cout(), k = g.k(), kk = k * cin;
        if (k == 1 && g.stride() == 1 && g.padding() == 0) {
            Gemm.matmul(xs, x.offset(), weight.segment(), weight.offset(), DType.F32, null, bs, bOff, os, out.offset(),
                    g.tOut(), cout, cin, false, true);
            return;
        }
        MemorySegment packed = MemorySegment.ofArray(pack(weight, cout, cin, k));
        int tOut = g.tOut(), rows = Math.max(1, Math.min(tOut, PANEL_FLOATS / kk));
        float[] panel = new float[rows * kk];
        MemorySegment panelSeg = MemorySegment.ofArray(panel);
        for (int r0 = 0; r0 < tOut; r0 += rows) {
            int n = Math.min(rows, tOut - r0), base = r0;
            Parallel.range(n, 64, (a, b) -> {
                for (int i = a; i < b; i++) fillRow(xs, x.offset(), g, base + i, panel, i * kk);
            });
            Gemm.matmul(panelSeg, 0, packed, 0, DType.F32, null, bs, bOff, os, out.offset() + 4L * r0 * cout, n, cout, kk, false, true);
        }
    }

    /// weight [Cout, Cin, K] → [Cout, K, Cin], one output channel's contiguous block at a time, in parallel.
    static float[] pack(F32Array weight, int cout, int cin, int k) {
        MemorySegment ws = weight.segment();
        long base = weight.offset();
        int block = cin * k;
        float[] p = new float[cout * block];
        Parallel.range(cout, Math.max(1, 65536 / block), (c0, c1) -> {
            float[] src = new float[block];
            for (int co = c0; co < c1; co++) {
                MemorySegment.copy(ws, Layouts.F32, base + 4L * co * block, src, 0, block);
                int dst = co * block;
                for (int ci = 0; ci < cin; ci++) {
                    for (int j = 0; j < k; j++) p[dst + j * cin + ci] = src[ci * k + j];
                }
            }
        });
        return p;
    }

    /// The im2col row of output step `to`: K slices of Cin values, zeros outside the input.
    private static void fillRow(MemorySegment xs, long xOff, SequenceShapes.Conv1d g, int to, float[] panel, int off) {
        int cin = g.cin(), start = to * g.stride() - g.padding();
        for (int j = 0; j < g.k(); j++) {
            int src = start + j * g.dilation(), dst = off + j * cin;
            if (src < 0 || src >= g.t()) java.util.Arrays.fill(panel, dst, dst + cin, 0f);
            else MemorySegment.copy(xs, Layouts.F32, xOff + 4L * src * cin, panel, dst, cin);
        }
    }

    static void scalar(F32Array out, F32Array x, F32Array weight, F32Array bias, SequenceShapes.Conv1d g) {
        float[] xv = x.floats(), w = weight.floats(), b = bias == null ? null : bias.floats();
        int cin = g.cin(), cout = g.cout(), k = g.k(), tOut = g.tOut();
        float[] res = new float[tOut * cout];
        Parallel.range(tOut, 16, (a, bound) -> {
            for (int to = a; to < bound; to++) {
                int start = to * g.stride() - g.padding();
                for (int co = 0; co < cout; co++) {
                    float acc = 0f;
                    for (int j = 0; j < k; j++) {
                        int src = start + j * g.dilation();
                        if (src < 0 || src >= g.t()) continue;
                        int xi = src * cin, wi = co * cin * k + j;
                        for (int ci = 0; ci < cin; ci++) acc += xv[xi + ci] * w[wi + ci * k];
                    }
                    res[to * cout + co] = b == null ? acc : acc + b[co];
                }
            }
        });
        out.write(0, res, 0, res.length);
    }
}
