package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;

/// Attention with PyTorch eager bf16 rounding ([AttentionSpec#eager()]) and the dense score taps, on the GPU.
final class CudaEagerAttention {
    private final CudaContext c;

    CudaEagerAttention(CudaContext c) { this.c = c; }

    void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) {
        throw new UnsupportedOperationException("eager attention is not implemented on CUDA yet");
    }

    void scores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) {
        throw new UnsupportedOperationException("attentionScores is not implemented on CUDA yet");
    }
}
