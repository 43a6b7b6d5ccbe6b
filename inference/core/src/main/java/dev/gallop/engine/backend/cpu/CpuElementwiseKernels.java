package dev.gallop.engine.backend.cpu;

import static dev.gallop.engine.backend.cpu.Seg.requireActivation;
import static dev.gallop.engine.backend.cpu.Seg.requireF32;
import static dev.gallop.engine.backend.cpu.Seg.requireSameCount;

import dev.gallop.engine.backend.ElementwiseKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.base.VectorMath;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// The CPU's [ElementwiseKernels]: blocks of elements are read as f32, computed with the Vector API (or the scalar
/// twin) and written back in the output's dtype. The vector and scalar forms give identical bits: the same operations
/// in the same order, no fused multiply-adds, and [VectorMath#expNonPositive] with its scalar replica for SiLU.
final class CpuElementwiseKernels implements ElementwiseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int GRAIN = 1 << 14;

    private final boolean vector;

    CpuElementwiseKernels(boolean vector) { this.vector = vector; }

    /// A block computation: reads its inputs into `in` arrays and writes `out`, all of length `n`.
    interface Block { void run(float[][] in, float[] out, int n); }

    /// Runs `body` over blocks of GRAIN elements in parallel: each input is read as f32, the result written to out.
    static void blocks(Tensor out, Block body, Tensor... inputs) {
        long total = out.numel();
        for (Tensor t : inputs) if (t != null) requireSameCount(out, t, "element-wise");
        int count = (int) ((total + GRAIN - 1) / GRAIN);
        Parallel.range(count, 1, (b0, b1) -> {
            float[][] in = new float[inputs.length][GRAIN];
            float[] res = new float[GRAIN];
            for (int b = b0; b < b1; b++) {
                long from = (long) b * GRAIN;
                int n = (int) Math.min(GRAIN, total - from);
                for (int i = 0; i < inputs.length; i++) if (inputs[i] != null) Seg.read(inputs[i], from, in[i], 0, n);
                body.run(in, res, n);
                Seg.write(out, from, res, 0, n);
            }
        });
    }

    @Override public void add(Tensor acc, Tensor y) {
        requireActivation(acc, "add acc");
        requireActivation(y, "add y");
        blocks(acc, (in, out, n) -> {
            int i = 0;
            if (vector) {
                for (; i < S.loopBound(n); i += L) FloatVector.fromArray(S, in[0], i).add(FloatVector.fromArray(S, in[1], i)).intoArray(out, i);
            }
            for (; i < n; i++) out[i] = in[0][i] + in[1][i];
        }, acc, y);
    }

    @Override public void scale(Tensor out, Tensor x, float factor) {
        requireActivation(out, "scale out");
        requireActivation(x, "scale x");
        blocks(out, (in, res, n) -> {
            int i = 0;
            if (vector) for (; i < S.loopBound(n); i += L) FloatVector.fromArray(S, in[0], i).mul(factor).intoArray(res, i);
            for (; i < n; i++) res[i] = in[0][i] * factor;
        }, x);
    }

    @Override public void axpby(Tensor out, float a, Tensor x, float b, Tensor y) {
        requireActivation(out, "axpby out");
        requireActivation(x, "axpby x");
        requireActivation(y, "axpby y");
        blocks(out, (in, res, n) -> {
            int i = 0;
            if (vector) {
                for (; i < S.loopBound(n); i += L) {
                    FloatVector.fromArray(S, in[0], i).mul(a).add(FloatVector.fromArray(S, in[1], i).mul(b)).intoArray(res, i);
                }
            }
            for (; i < n; i++) res[i] = in[0][i] * a + in[1][i] * b;
        }, x, y);
    }

    @Override public void fill(Tensor t, float value) {
        if (t.dtype() == DType.F8_E4M3 || t.dtype() == DType.U8) {
            throw new IllegalArgumentException("fill: " + t.dtype() + " tensors are not filled with values, got " + t);
        }
        blocks(t, (in, res, n) -> java.util.Arrays.fill(res, 0, n, value));
    }

    @Override public void roundBf16(Tensor t) {
        requireF32(t, "roundBf16");
        blocks(t, (in, res, n) -> {
            for (int i = 0; i < n; i++) res[i] = Floats.roundBf16(in[0][i]);
        }, t);
    }

    @Override public void copy(Tensor dst, Tensor src) {
        requireSameCount(dst, src, "copy");
        if (dst.dtype() == src.dtype() && src.dtype() != DType.F8_E4M3) {
            MemorySegment.copy(Seg.of(src), src.byteOffset(), Seg.of(dst), dst.byteOffset(), src.byteSize());
            return;
        }
        if (dst.dtype() == DType.F8_E4M3 || dst.dtype() == DType.U8) {
            throw new IllegalArgumentException("copy into " + dst.dtype() + " needs a quantizer (see WeightQuantizer), got " + dst);
        }
        if (src.dtype() == DType.F8_E4M3 || src.dtype() == DType.U8) {
            float[] v = src.toFloats();
            Seg.write(dst, 0, v, 0, v.length);
            return;
        }
        blocks(dst, (in, res, n) -> System.arraycopy(in[0], 0, res, 0, n), src);
    }

    @Override public void copyColumns(Tensor dst, Tensor src, int col0) {
        requireActivation(dst, "copyColumns dst");
        requireActivation(src, "copyColumns src");
        long rows = src.shape().rows();
        int c = src.shape().last(), w = dst.shape().last();
        if (dst.shape().rows() != rows || col0 < 0 || col0 + w > c) {
            throw new IllegalArgumentException("copyColumns: columns [" + col0 + ", " + (col0 + w) + ") of " + src.shape() + " into " + dst.shape());
        }
        if (src.dtype() == dst.dtype()) {
            long es = src.dtype().bytes();
            MemorySegment ss = Seg.of(src), ds = Seg.of(dst);
            for (long r = 0; r < rows; r++) {
                MemorySegment.copy(ss, src.byteOffset() + es * (r * c + col0), ds, dst.byteOffset() + es * r * w, es * w);
            }
            return;
        }
        Parallel.range(Math.toIntExact(rows), Math.max(1, GRAIN / w), (r0, r1) -> {
            float[] row = new float[w];
            for (int r = r0; r < r1; r++) {
                Seg.read(src, (long) r * c + col0, row, 0, w);
                Seg.write(dst, (long) r * w, row, 0, w);
            }
        });
    }

    @Override public void transpose(Tensor out, Tensor x) {
        if (x.shape().rank() != 2 || out.shape().rank() != 2 || out.shape().dim(0) != x.shape().dim(1) || out.shape().dim(1) != x.shape().dim(0)) {
            throw new IllegalArgumentException("transpose: " + x.shape() + " into " + out.shape() + " (need [M, N] into [N, M])");
        }
        requireActivation(x, "transpose x");
        requireActivation(out, "transpose out");
        int m = x.shape().dim(0), n = x.shape().dim(1), tile = 64;
        int tilesM = (m + tile - 1) / tile, tilesN = (n + tile - 1) / tile;
        Parallel.range(tilesM * tilesN, 1, (t0, t1) -> {
            float[] row = new float[tile], col = new float[tile * tile];
            for (int t = t0; t < t1; t++) {
                int i0 = (t / tilesN) * tile, j0 = (t % tilesN) * tile;
                int mi = Math.min(tile, m - i0), nj = Math.min(tile, n - j0);
                for (int i = 0; i < mi; i++) {
                    Seg.read(x, (long) (i0 + i) * n + j0, row, 0, nj);
                    for (int j = 0; j < nj; j++) col[j * tile + i] = row[j];
                }
                for (int j = 0; j < nj; j++) Seg.write(out, (long) (j0 + j) * m + i0, col, j * tile, mi);
            }
        });
    }

    @Override public void silu(Tensor out, Tensor x) {
        requireActivation(out, "silu out");
        requireActivation(x, "silu x");
        blocks(out, (in, res, n) -> {
            float[] d = in[0];
            int i = 0;
            if (vector) {
                for (; i + L <= n; i += L) {
                    FloatVector v = FloatVector.fromArray(S, d, i);
                    FloatVector e = VectorMath.expNonPositive(v.abs().neg());
                    FloatVector onePlus = e.add(1f);
                    FloatVector sig = FloatVector.broadcast(S, 1f).div(onePlus).blend(e.div(onePlus), v.compare(VectorOperators.LT, 0f));
                    v.mul(sig).intoArray(res, i);
                }
            }
            for (; i < n; i++) res[i] = silu(d[i]);
        }, x);
    }

    /// x·σ(x) with σ(x) = 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) for x < 0, e^−|x| by [VectorMath#expNonPositive(float)].
    static float silu(float x) {
        float e = VectorMath.expNonPositive(-Math.abs(x));
        float onePlus = e + 1f;
        float sig = x < 0f ? e / onePlus : 1f / onePlus;
        return x * sig;
    }

    @Override public void relu(Tensor out, Tensor x) {
        requireActivation(out, "relu out");
        requireActivation(x, "relu x");
        blocks(out, (in, res, n) -> {
            int i = 0;
            if (vector) for (; i < S.loopBound(n); i += L) FloatVector.fromArray(S, in[0], i).max(0f).intoArray(res, i);
            for (; i < n; i++) res[i] = Math.max(in[0][i], 0f);
        }, x);
    }

    @Override public long countNonFinite(Tensor t) {
        requireActivation(t, "countNonFinite");
        long total = t.numel();
        int count = (int) ((total + GRAIN - 1) / GRAIN);
        long[] perBlock = new long[count];
        Parallel.range(count, 1, (b0, b1) -> {
            float[] a = new float[GRAIN];
            for (int b = b0; b < b1; b++) {
                long from = (long) b * GRAIN;
                int n = (int) Math.min(GRAIN, total - from);
                Seg.read(t, from, a, 0, n);
                long bad = 0;
                for (int i = 0; i < n; i++) if (!Float.isFinite(a[i])) bad++;
                perBlock[b] = bad;
            }
        });
        long sum = 0;
        for (long v : perBlock) sum += v;
        return sum;
    }
}
