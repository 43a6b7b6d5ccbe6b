package dev.gallop.engine.runtime;

/// Numeric mode of a DiT forward.
public enum Precision {
    /// Everything in f32 (the reference's CPU path; parity 1e-5).
    F32,
    /// The reference's GPU path: bf16 GEMM inputs/outputs and attention operands; f32 residual stream, norms,
    /// RoPE, gating, activations, adapter and heads.
    MIXED_BF16
}
