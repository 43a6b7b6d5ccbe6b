package dev.gallop.engine.backend;


/// The operations the MagiHuman DiT needs, implemented once per backend. All tensors are contiguous and row-major
/// (PyTorch axis order); "rows" means every axis but the last. Activations are F32; where the reference rounds to
/// bf16 (its mixed-precision mode) the caller passes `bf16 = true` or calls [#roundBf16(Tensor)], so the storage type
/// stays F32 and the rounding points are explicit.
public interface Kernels {

    /// out[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N]), accumulated in f32.
    /// `w` may be F32, BF16, F16 or F8_E4M3 (with per-tensor or per-channel scales); `bias` may be null.
    /// With `bf16`, x is rounded to bf16 before the product and the result is rounded to bf16 once
    /// (the bias, if any, is added before that rounding).
    void linear(Tensor out, Tensor x, Tensor w, Tensor bias, boolean bf16);

    /// out[r, :] = x[r, :] · rsqrt(mean(x[r, :]²) + eps) · gain, over the last axis, in f32. gain: F32 [D].
    void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps);

    /// In-place rotate-half RoPE on x[M, H, Dh]: for i < half, (d_i, d_{i+half}) is rotated by the angle whose
    /// sin/cos are sin[m, i], cos[m, i] (tables [M, half]); dims ≥ 2·half pass through.
    void rope(Tensor x, Tensor sin, Tensor cos);

    /// out[M, Hq, D] = softmax(scale · q kᵀ) v per query head, with GQA (query head h reads kv head
    /// h / (Hq / Hkv)). q: [M, Hq, D]; k, v: [N, Hkv, D]. With `bf16`, the unnormalised probabilities are rounded
    /// to bf16 before the product with v and the output is rounded to bf16 (flash-attn's rounding points).
    void attention(Tensor out, Tensor q, Tensor k, Tensor v, float scale, AttentionMask mask, boolean bf16);

    /// out[M, H, D] = o[M, H, D] · sigmoid(gates[M, H]).
    void sigmoidGate(Tensor out, Tensor o, Tensor gates);

    /// SwiGLU7 on an interleaved up-projection: up[M, 2I] with even columns gate a, odd columns linear b;
    /// out[M, I] = min(a,7)·σ(1.702·min(a,7))·(clamp(b,−7,7) + 1).
    void swiglu7(Tensor out, Tensor up);

    /// GELU7 (clamped quick-GELU): out = min(u,7)·σ(1.702·min(u,7)).
    void gelu7(Tensor out, Tensor up);

    /// acc += y (same shape), in f32.
    void add(Tensor acc, Tensor y);

    /// Rounds every element of an F32 tensor to the nearest bf16 value, in place.
    void roundBf16(Tensor t);

    /// dst = src converted to dst's dtype (same element count); scales of an F8 source are applied.
    void copy(Tensor dst, Tensor src);

    /// dst[M, n] = src[M, col0 : col0 + n].
    void copyColumns(Tensor dst, Tensor src, int col0);
}
