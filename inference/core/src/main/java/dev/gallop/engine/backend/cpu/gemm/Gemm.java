package dev.gallop.engine.backend.cpu.gemm;

import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// CPU GEMM for linear layers: out[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N]), f32 accumulation.
/// x, out and bias are F32; w is F32, BF16, F16 or F8_E4M3 (scaled per tensor or per output row).
/// With `bf16`, x is rounded to bf16 first and the result (bias included) is rounded to bf16 once. With
/// `accumulate`, the product is added to what out holds (out += x·wᵀ; no bias, no rounding): a residual update.
/// Offsets are byte offsets into little-endian segments.
///
/// `vector == false` runs [GemmScalar], the plain-loop reference; `vector == true` runs the packed, register-tiled
/// [BlockedGemm], or [SmallMGemm] when x has only a few rows.
public final class Gemm {
    private Gemm() {}

    /// Up to this many rows of x, streaming w through dot products beats packing it.
    static final int SMALL_M = Integer.getInteger("gallop.gemm.smallm", 24);

    public static void matmul(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                              MemorySegment bias, long biasOff, MemorySegment out, long outOff,
                              int m, int n, int k, boolean bf16, boolean vector) {
        matmul(x, xOff, w, wOff, wType, wScales, bias, biasOff, out, outOff, m, n, k, bf16, false, vector);
    }

    public static void matmul(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                              MemorySegment bias, long biasOff, MemorySegment out, long outOff,
                              int m, int n, int k, boolean bf16, boolean accumulate, boolean vector) {
        if (accumulate && (bias != null || bf16)) throw new IllegalArgumentException("an accumulating GEMM takes no bias and no rounding");
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative GEMM size " + m + "x" + n + "x" + k);
        if (wType == DType.F8_E4M3 && (wScales == null || (wScales.length != 1 && wScales.length != n))) {
            throw new IllegalArgumentException("F8_E4M3 weights need 1 or " + n + " scales, got "
                    + (wScales == null ? "none" : wScales.length));
        }
        if (m == 0 || n == 0) return;
        if (!vector || k == 0) {
            GemmScalar.matmul(x, xOff, w, wOff, wType, wScales, bias, biasOff, out, outOff, m, n, k, bf16, accumulate);
        } else if (m <= SMALL_M) {
            SmallMGemm.matmul(x, xOff, w, wOff, wType, wScales, bias, biasOff, out, outOff, m, n, k, bf16, accumulate);
        } else {
            BlockedGemm.matmul(x, xOff, w, wOff, wType, wScales, bias, biasOff, out, outOff, m, n, k, bf16, accumulate);
        }
    }
}
