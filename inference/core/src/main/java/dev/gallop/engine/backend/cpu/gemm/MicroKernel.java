package dev.gallop.engine.backend.cpu.gemm;

import static dev.gallop.engine.backend.cpu.gemm.Layouts.FS;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.L;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/// The register-tiled microkernel: an MR × NR tile of x·wᵀ over one packed K block, held in MR × 2 vector
/// accumulators (NR = 2 vectors), one broadcast of x times two vectors of w per row and step of K, fused multiply-add.
/// 12 × 2 (24 accumulators of 32 registers) measured fastest among 6..14 × 2 and 4..8 × 3 on AVX-512.
final class MicroKernel {
    private MicroKernel() {}

    static final int MR = 12;
    static final int NR = 2 * L;

    /// c[MR × NR] = a-panel (MR rows of kc, from ao) · b-panel (kc × NR, from bo).
    static void tile(int kc, float[] a, int ao, float[] b, int bo, float[] c) {
        FloatVector c0a = FloatVector.zero(FS), c0b = FloatVector.zero(FS);
        FloatVector c1a = FloatVector.zero(FS), c1b = FloatVector.zero(FS);
        FloatVector c2a = FloatVector.zero(FS), c2b = FloatVector.zero(FS);
        FloatVector c3a = FloatVector.zero(FS), c3b = FloatVector.zero(FS);
        FloatVector c4a = FloatVector.zero(FS), c4b = FloatVector.zero(FS);
        FloatVector c5a = FloatVector.zero(FS), c5b = FloatVector.zero(FS);
        FloatVector c6a = FloatVector.zero(FS), c6b = FloatVector.zero(FS);
        FloatVector c7a = FloatVector.zero(FS), c7b = FloatVector.zero(FS);
        FloatVector c8a = FloatVector.zero(FS), c8b = FloatVector.zero(FS);
        FloatVector c9a = FloatVector.zero(FS), c9b = FloatVector.zero(FS);
        FloatVector c10a = FloatVector.zero(FS), c10b = FloatVector.zero(FS);
        FloatVector c11a = FloatVector.zero(FS), c11b = FloatVector.zero(FS);
        int a0 = ao + 0 * kc, a1 = ao + 1 * kc, a2 = ao + 2 * kc, a3 = ao + 3 * kc, a4 = ao + 4 * kc, a5 = ao + 5 * kc, a6 = ao + 6 * kc, a7 = ao + 7 * kc, a8 = ao + 8 * kc, a9 = ao + 9 * kc, a10 = ao + 10 * kc, a11 = ao + 11 * kc;
        for (int p = 0; p < kc; p++, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bo);
            FloatVector b1 = FloatVector.fromArray(FS, b, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(FS, a[a0 + p]); c0a = x.fma(b0, c0a); c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(FS, a[a1 + p]); c1a = x.fma(b0, c1a); c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(FS, a[a2 + p]); c2a = x.fma(b0, c2a); c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(FS, a[a3 + p]); c3a = x.fma(b0, c3a); c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(FS, a[a4 + p]); c4a = x.fma(b0, c4a); c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(FS, a[a5 + p]); c5a = x.fma(b0, c5a); c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(FS, a[a6 + p]); c6a = x.fma(b0, c6a); c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(FS, a[a7 + p]); c7a = x.fma(b0, c7a); c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(FS, a[a8 + p]); c8a = x.fma(b0, c8a); c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(FS, a[a9 + p]); c9a = x.fma(b0, c9a); c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(FS, a[a10 + p]); c10a = x.fma(b0, c10a); c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(FS, a[a11 + p]); c11a = x.fma(b0, c11a); c11b = x.fma(b1, c11b);
        }
        c0a.intoArray(c, 0 * NR); c0b.intoArray(c, 0 * NR + L);
        c1a.intoArray(c, 1 * NR); c1b.intoArray(c, 1 * NR + L);
        c2a.intoArray(c, 2 * NR); c2b.intoArray(c, 2 * NR + L);
        c3a.intoArray(c, 3 * NR); c3b.intoArray(c, 3 * NR + L);
        c4a.intoArray(c, 4 * NR); c4b.intoArray(c, 4 * NR + L);
        c5a.intoArray(c, 5 * NR); c5b.intoArray(c, 5 * NR + L);
        c6a.intoArray(c, 6 * NR); c6b.intoArray(c, 6 * NR + L);
        c7a.intoArray(c, 7 * NR); c7b.intoArray(c, 7 * NR + L);
        c8a.intoArray(c, 8 * NR); c8b.intoArray(c, 8 * NR + L);
        c9a.intoArray(c, 9 * NR); c9b.intoArray(c, 9 * NR + L);
        c10a.intoArray(c, 10 * NR); c10b.intoArray(c, 10 * NR + L);
        c11a.intoArray(c, 11 * NR); c11b.intoArray(c, 11 * NR + L);
    }

    /// Adds a computed tile (rows × cols live) into out at (i, j): stores on the first K block, accumulates on later
    /// ones, and on the last adds the bias and rounds to bf16 when asked.
    ///
    /// Kept as small methods on purpose: one 500-byte method holding every case was too big for C1 ("out of virtual
    /// registers in linear scan"). Depending on the compile queues it then either stayed at tier 2 for a whole run or
    /// fell back to the interpreter at each deoptimisation (there being no C1 code), running the Vector API's
    /// allocating Java fall-backs for every tile meanwhile (gigabytes of short-lived `float[]`, see docs/benchmarks.md
    /// "bench memory"). These compile at every tier and are small enough for C2 to inline.
    static void merge(float[] c, MemorySegment out, long outOff, int n, int i, int j, int rows, int cols,
                      boolean first, boolean last, MemorySegment bias, long biasOff, boolean bf16) {
        MemorySegment b = last ? bias : null;
        boolean round = last && bf16;
        long bo = biasOff + 4L * j;
        for (int r = 0; r < rows; r++) {
            long o = outOff + 4L * ((long) (i + r) * n + j);
            half(c, r * NR, out, o, cols, first, b, bo, round);
            half(c, r * NR + L, out, o + 4L * L, cols - L, first, b, bo + 4L * L, round);
        }
    }

    /// One vector of a tile row: `live` of its lanes are real columns (all of them when `live >= L`, none when ≤ 0).
    private static void half(float[] c, int co, MemorySegment out, long o, int live, boolean first, MemorySegment bias,
                             long bo, boolean round) {
        if (live >= L) {
            FloatVector v = FloatVector.fromArray(FS, c, co);
            if (!first) v = v.add(FloatVector.fromMemorySegment(FS, out, o, LE));
            if (bias != null) v = v.add(FloatVector.fromMemorySegment(FS, bias, bo, LE));
            if (round) v = Widen.roundBf16(v);
            v.intoMemorySegment(out, o, LE);
        } else if (live > 0) {
            VectorMask<Float> m = FS.indexInRange(0, live);
            FloatVector v = FloatVector.fromArray(FS, c, co);
            if (!first) v = v.add(FloatVector.fromMemorySegment(FS, out, o, LE, m));
            if (bias != null) v = v.add(FloatVector.fromMemorySegment(FS, bias, bo, LE, m));
            if (round) v = Widen.roundBf16(v);
            v.intoMemorySegment(out, o, LE, m);
        }
    }
}
