package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.base.VectorMath;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// The vector path of attention: for each query block of one head, S = Q·Kᵀ and O = P·V are two calls of the
/// packed GEMM (which spreads the work over the threads), with a vectorised, deterministic softmax in between.
/// Same rounding points as the scalar twin: scores in f32 times the scale (soft-capped when asked), p = e^(s − max), row sum of the
/// unrounded p, p rounded to bf16 before P·V in bf16 mode, then division by the row sum.
final class BlockedAttention {
    private static final VectorSpecies<Float> S = VectorMath.species();
    private static final int BLOCK = Integer.getInteger("gallop.attention.block", 256);

    private BlockedAttention() {}

    /// q [M, Hq, D], per kv head key/value panels [N, D]; writes res [M, Hq, D].
    static void run(float[] q, int m, int hq, int d, float[][] kh, float[][] vh, int n, float scale, float cap,
                    AttentionMask mask, boolean bf16, float[] res) {
        int hkv = kh.length, group = hq / hkv;
        for (int s = 0; s < mask.queryStart().length; s++) {
            int[] ranges = mask.keyRanges()[s];
            int keyCount = 0;
            for (int r = 0; r < ranges.length; r += 2) keyCount += ranges[r + 1] - ranges[r];
            final int nk = keyCount;
            // gathered key panels [nk, D] and transposed value panels [D, nk] of this segment, per kv head
            MemorySegment[] keys = new MemorySegment[hkv], valuesT = new MemorySegment[hkv];
            for (int g = 0; g < hkv; g++) {
                float[] kp = new float[nk * d], vt = new float[d * nk];
                int row = 0;
                for (int r = 0; r < ranges.length; r += 2) {
                    for (int j = ranges[r]; j < ranges[r + 1]; j++, row++) {
                        System.arraycopy(kh[g], j * d, kp, row * d, d);
                        for (int c = 0; c < d; c++) vt[c * nk + row] = vh[g][j * d + c];
                    }
                }
                keys[g] = MemorySegment.ofArray(kp);
                valuesT[g] = MemorySegment.ofArray(vt);
            }
            float[] qb = new float[BLOCK * d], sc = new float[BLOCK * nk], ob = new float[BLOCK * d], sums = new float[BLOCK];
            MemorySegment qs = MemorySegment.ofArray(qb), ss = MemorySegment.ofArray(sc), os = MemorySegment.ofArray(ob);
            for (int q0 = mask.queryStart()[s]; q0 < mask.queryEnd()[s]; q0 += BLOCK) {
                int bq = Math.min(BLOCK, mask.queryEnd()[s] - q0);
                for (int h = 0; h < hq; h++) {
                    int g = h / group;
                    for (int i = 0; i < bq; i++) System.arraycopy(q, ((q0 + i) * hq + h) * d, qb, i * d, d);
                    Gemm.matmul(qs, 0, keys[g], 0, DType.F32, null, null, 0, ss, 0, bq, nk, d, false, true);
                    Parallel.range(bq, 4, (i0, i1) -> {
                        for (int i = i0; i < i1; i++) sums[i] = softmaxRow(sc, i * nk, nk, scale, cap, bf16);
                    });
                    Gemm.matmul(ss, 0, valuesT[g], 0, DType.F32, null, null, 0, os, 0, bq, d, nk, false, true);
                    for (int i = 0; i < bq; i++) {
                        float inv = sums[i];
                        int o = ((q0 + i) * hq + h) * d;
                        for (int c = 0; c < d; c++) res[o + c] = ob[i * d + c] / inv;
                    }
                }
            }
        }
        if (bf16) for (int i = 0; i < res.length; i++) res[i] = Floats.roundBf16(res[i]);
    }

    /// Scales a score row, replaces it by e^(s − max) (bf16-rounded in bf16 mode) and returns the f32 sum of the
    /// unrounded values.
    private static float softmaxRow(float[] row, int off, int n, float scale, float cap, boolean bf16) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float v = row[off + j] * scale;
            if (cap > 0) v = (float) Math.tanh(v / cap) * cap;
            row[off + j] = v;
            max = Math.max(max, v);
        }
        float sum = 0f;
        int j = 0;
        float[] lanes = new float[S.length()];
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector p = VectorMath.expNonPositive(FloatVector.fromArray(S, row, off + j).sub(max));
            p.intoArray(lanes, 0);
            for (float f : lanes) sum += f;
            if (bf16) for (int k = 0; k < lanes.length; k++) lanes[k] = Floats.roundBf16(lanes[k]);
            System.arraycopy(lanes, 0, row, off + j, lanes.length);
        }
        for (; j < n; j++) {
            float p = (float) Math.exp(row[off + j] - max);
            sum += p;
            row[off + j] = bf16 ? Floats.roundBf16(p) : p;
        }
        return sum;
    }
}
