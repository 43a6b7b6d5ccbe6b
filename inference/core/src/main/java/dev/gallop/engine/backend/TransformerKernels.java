package dev.gallop.engine.backend;

/// The operations of the transformers (the MagiHuman DiT and T5Gemma): matrix products, norms, positions, attention,
/// gates and gated activations. Part of [Kernels].
///
/// Storage and rounding, for every operation of [Kernels] unless it says otherwise: tensors are contiguous and
/// row-major; "rows" are all axes but the last. Activations are F32 or BF16. An operation computes in f32 and stores
/// in its output's dtype, rounding to the nearest bf16 (ties to even) once per stored value; a BF16 input is read
/// exactly. So a model chooses its rounding points by the dtypes of the tensors it allocates.
public interface TransformerKernels {

    /// out[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N]), accumulated in f32, the bias added before the one rounding.
    /// x: F32 or BF16; out: F32 or BF16; bias: F32 or null.
    /// w: F32, BF16, F16, or F8_E4M3 with per-tensor or per-channel scales. With an F8_E4M3 weight, each row of x
    /// is first quantized to e4m3 with its own scale max|x_row| / 448 (nearest even, saturating), the two fp8 operands
    /// are multiplied and summed in f32, and the sum is multiplied by the row's and the channel's scales: what fp8
    /// tensor cores compute.
    void linear(Tensor out, Tensor x, Tensor w, Tensor bias);

    /// out[M, N] += x[M, K] · w[N, K]ᵀ: the product (as in [#linear], without bias) is added to out in f32, with no
    /// rounding of the product first. out: F32. The residual update of a transformer as one GEMM epilogue.
    void linearAdd(Tensor out, Tensor x, Tensor w);

    /// out[r, :] = x[r, :] · rsqrt(mean(x[r, :]²) + eps) · gain over the last axis. gain: F32 [D]. out may be x.
    void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps);

    /// Rotate-half RoPE in place on x[M, H, D]: for i < half, (d_i, d_{i+half}) is rotated by the angle whose sine
    /// and cosine are sin[m, i], cos[m, i] (F32 tables [M, half]); dims ≥ 2·half pass through.
    /// For an F32 x the rotation is computed in f32. For a BF16 x it is computed as a bf16 PyTorch run computes
    /// `x·cos + rotate_half(x)·sin`: each of the two products and their sum rounded to bf16.
    void rope(Tensor x, Tensor sin, Tensor cos);

    /// The DiT's fused q/k preparation: for each row m and head h of out[M, H, Dh], reads the head's Dh values
    /// from columns [col0 + h·Dh, col0 + (h+1)·Dh) of qkv[M, W] (F32 or BF16), RMS-normalises them with gain[Dh]
    /// (F32) and eps, rotates the first 2·half dims as [#rope] does in f32 (tables [M, half]), and stores the result
    /// once in out's dtype.
    void qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, float eps, Tensor sin, Tensor cos);

    /// out[M, Hq, D] = softmax(scale · q kᵀ (soft-capped, masked)) v per query head, with GQA (query head h reads kv
    /// head h / (Hq / Hkv)). q: [M, Hq, D]; k, v: [N, Hkv, D]; q, k, v share one dtype (F32 or BF16); out F32 or BF16.
    /// See [AttentionSpec] for the scale, the logit soft-cap, the mask and where a bf16 run rounds.
    void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec);

    /// The dense intermediates of [#attention], for traces and debugging: logits[Hq, M, N] = scale·q·kᵀ for every
    /// pair (before cap and mask) and probs[Hq, M, N] = the softmax weights, 0 where the mask hides a key; either
    /// may be null. Rounded as `spec` says for the dtype of q and k.
    void attentionScores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec);

    /// out[M, H, D] = o[M, H, D] · σ(gates[m, col0 + h]): a per-head sigmoid gate whose H gate values are read from
    /// columns [col0, col0 + H) of gates[M, W] (F32 or BF16), e.g. straight from a fused QKV projection.
    void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0);

    /// SwiGLU7 on an interleaved up-projection up[M, 2I] (even columns the gate a, odd the linear part b):
    /// out[m, i] = min(a,7)·σ(1.702·min(a,7))·(clamp(b,−7,7) + 1) for i < I. out[M, W] may be wider than I: its
    /// columns [I, W) are set to zero (a GEMM operand padded along K).
    void swiglu7(Tensor out, Tensor up);

    /// GELU7 (clamped quick-GELU) out[m, i] = min(u,7)·σ(1.702·min(u,7)) of up[M, I]; out[M, W ≥ I] as in [#swiglu7].
    void gelu7(Tensor out, Tensor up);

    /// GeGLU with the tanh GELU: out = gelu_tanh(gate)·up, gelu_tanh(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))),
    /// in f32. With a BF16 out, the GELU value is rounded to bf16 before the product (a bf16 PyTorch run) and the
    /// product is rounded once more at the store. gate, up, out: [M, I].
    void geluTanhGlu(Tensor out, Tensor gate, Tensor up);
}
