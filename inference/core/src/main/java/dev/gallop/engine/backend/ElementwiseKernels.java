package dev.gallop.engine.backend;

/// Element-wise operations, conversions, copies and checks. Part of [Kernels]; storage and rounding as described
/// in [TransformerKernels]. Operands of one call have the same element count unless stated.
public interface ElementwiseKernels {

    /// acc += y. acc F32 or BF16 (then rounded once, as a bf16 tensor sum), y F32 or BF16.
    void add(Tensor acc, Tensor y);

    /// out = x · factor.
    void scale(Tensor out, Tensor x, float factor);

    /// out = a·x + b·y in f32, each product rounded to f32 before the sum (no fused multiply-add), so the result is
    /// the same on every backend. out may be x or y.
    void axpby(Tensor out, float a, Tensor x, float b, Tensor y);

    /// Every element of t set to `value` (rounded to t's dtype).
    void fill(Tensor t, float value);

    /// Rounds every element of an F32 tensor to the nearest bf16 value, in place.
    void roundBf16(Tensor t);

    /// dst = src converted to dst's dtype (F32, BF16, F16; an F8_E4M3 source is dequantized with its scales).
    void copy(Tensor dst, Tensor src);

    /// dst[M, n] = src[M, col0 : col0 + n], converted to dst's dtype.
    void copyColumns(Tensor dst, Tensor src, int col0);

    /// out[N, M] = x[M, N]ᵀ (a 2-D transpose; for a [C, T, H, W] volume seen as [C, T·H·W], channels-last tokens).
    void transpose(Tensor out, Tensor x);

    /// out = x·σ(x) (SiLU), σ evaluated so that every backend returns the same f32 value within one ulp.
    void silu(Tensor out, Tensor x);

    /// out = max(x, 0).
    void relu(Tensor out, Tensor x);

    /// The number of NaN and infinite elements of t. Waits for the queued work that writes t.
    long countNonFinite(Tensor t);
}
