package dev.gallop.engine.backend.cpu.gemm;

import static dev.gallop.engine.backend.cpu.gemm.Layouts.F32;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.FS;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.L;

import dev.gallop.engine.backend.cpu.base.Lanes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/// GEMM for a few rows of x (decode-like shapes), where packing w would cost as much as the product: weights are
/// streamed once, ROWS output columns at a time, widened into a per-thread buffer, and dotted along K with every
/// x row (vectorized along K, reduced at the end). Parallel over output columns.
final class SmallMGemm {
    private SmallMGemm() {}

    /// Output columns (w rows) per step: four dot products share each x vector load.
    private static final int ROWS = 4;

    static void matmul(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                       MemorySegment bias, long biasOff, MemorySegment out, long outOff,
                       int m, int n, int k, boolean bf16, boolean accumulate) {
        Scratch caller = Scratch.get();
        float[] xs = caller.packedX = Scratch.atLeast(caller.packedX, m * k);
        for (int i = 0; i < m; i++) Widen.xRow(x, xOff, i, k, 0, k, bf16, xs, i * k);
        int groups = (n + ROWS - 1) / ROWS;
        int grain = Math.max(1, (1 << 16) / Math.max(1, k * ROWS));
        Parallel.range(groups, grain, (g0, g1) -> {
            Scratch s = Scratch.get();
            float[] wr = s.rows = Scratch.atLeast(s.rows, ROWS * k);
            for (int g = g0; g < g1; g++) {
                int j0 = g * ROWS, live = Math.min(ROWS, n - j0);
                for (int r = 0; r < live; r++) Widen.weightRow(w, wOff, wType, wScales, j0 + r, k, 0, k, wr, r * k);
                for (int i = 0; i < m; i++) {
                    for (int r = 0; r < live; ) {
                        if (live - r >= ROWS) {
                            dot4(xs, i * k, wr, r * k, k, out, outOff + 4L * ((long) i * n + j0 + r), bias, biasOff, j0 + r, bf16, accumulate);
                            r += ROWS;
                        } else {
                            float v = dot(xs, i * k, wr, r * k, k);
                            store(v, out, outOff + 4L * ((long) i * n + j0 + r), bias, biasOff, j0 + r, bf16, accumulate);
                            r++;
                        }
                    }
                }
            }
        });
    }

    private static void dot4(float[] xs, int xo, float[] wr, int wo, int k, MemorySegment out, long o,
                             MemorySegment bias, long biasOff, int j, boolean bf16, boolean accumulate) {
        FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
        int p = 0;
        for (int up = k - k % L; p < up; p += L) {
            FloatVector xv = FloatVector.fromArray(FS, xs, xo + p);
            a0 = xv.fma(FloatVector.fromArray(FS, wr, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(FS, wr, wo + k + p), a1);
            a2 = xv.fma(FloatVector.fromArray(FS, wr, wo + 2 * k + p), a2);
            a3 = xv.fma(FloatVector.fromArray(FS, wr, wo + 3 * k + p), a3);
        }
        float s0 = Lanes.sum(a0), s1 = Lanes.sum(a1);
        float s2 = Lanes.sum(a2), s3 = Lanes.sum(a3);
        for (; p < k; p++) {
            float xv = xs[xo + p];
            s0 += xv * wr[wo + p];
            s1 += xv * wr[wo + k + p];
            s2 += xv * wr[wo + 2 * k + p];
            s3 += xv * wr[wo + 3 * k + p];
        }
        store(s0, out, o, bias, biasOff, j, bf16, accumulate);
        store(s1, out, o + 4, bias, biasOff, j + 1, bf16, accumulate);
        store(s2, out, o + 8, bias, biasOff, j + 2, bf16, accumulate);
        store(s3, out, o + 12, bias, biasOff, j + 3, bf16, accumulate);
    }

    private static float dot(float[] xs, int xo, float[] wr, int wo, int k) {
        FloatVector acc = FloatVector.zero(FS);
        int p = 0;
        for (int up = k - k % L; p < up; p += L) {
            acc = FloatVector.fromArray(FS, xs, xo + p).fma(FloatVector.fromArray(FS, wr, wo + p), acc);
        }
        float s = Lanes.sum(acc);
        for (; p < k; p++) s += xs[xo + p] * wr[wo + p];
        return s;
    }

    private static void store(float v, MemorySegment out, long o, MemorySegment bias, long biasOff, int j, boolean bf16, boolean accumulate) {
        if (bias != null) v += bias.get(F32, biasOff + 4L * j);
        if (accumulate) v = out.get(F32, o) + v;
        out.set(F32, o, bf16 ? Floats.roundBf16(v) : v);
    }
}
