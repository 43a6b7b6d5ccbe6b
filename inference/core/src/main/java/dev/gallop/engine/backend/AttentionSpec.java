package dev.gallop.engine.backend;

/// How [TransformerKernels#attention] scores and rounds.
///
/// @param scale   factor on q·k (usually 1/√D)
/// @param softCap logit soft-cap c > 0 (scores become c·tanh(s / c) before the mask and softmax), or 0 for none
/// @param mask    which keys each query sees
/// @param eager   where a bf16 run (BF16 operands) rounds. `false`: as fused attention kernels (FlashAttention, cuDNN)
///                do — the unnormalised probabilities are rounded to bf16 before the product with v and the output
///                once at the store. `true`: as PyTorch's eager bf16 attention does — q·k, the scaled logit, each
///                step of the soft-cap, the normalised probabilities and the output are each rounded to bf16.
///                Without BF16 operands both compute in f32.
public record AttentionSpec(float scale, float softCap, AttentionMask mask, boolean eager) {
    public AttentionSpec {
        if (!(scale > 0) || !Float.isFinite(scale)) throw new IllegalArgumentException("attention scale must be positive, got " + scale);
        if (softCap < 0 || !Float.isFinite(softCap)) throw new IllegalArgumentException("attention soft-cap must be >= 0, got " + softCap);
        if (mask == null) throw new IllegalArgumentException("attention needs a mask (AttentionMask.full(n) for none)");
    }

    /// Fused-kernel attention without a cap: the DiT's.
    public static AttentionSpec fused(float scale, AttentionMask mask) { return new AttentionSpec(scale, 0f, mask, false); }
}
