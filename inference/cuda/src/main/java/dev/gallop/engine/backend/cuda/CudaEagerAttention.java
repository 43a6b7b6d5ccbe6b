package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.kernels.TransformerNatives;
import dev.gallop.engine.backend.cuda.kernels.Variants;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// Attention with PyTorch's eager bf16 rounding ([AttentionSpec#eager()]: T5Gemma's soft-capped path) and the dense
/// score taps, on natives/attention.cu: one warp per (query, head), one launch per query segment of the mask.
final class CudaEagerAttention {
    private static final int MAX_HEAD_DIM = 512;   // EAGER_MAXD in natives/attention.cu (T5Gemma: 256)

    private final CudaContext c;

    CudaEagerAttention(CudaContext c) { this.c = c; }

    void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) {
        int hq = q.shape().dim(1), hkv = k.shape().dim(1), d = q.shape().dim(2);
        if (d > MAX_HEAD_DIM) throw new IllegalArgumentException("the CUDA eager attention kernel takes head dims up to " + MAX_HEAD_DIM + ", got " + d);
        var kernel = Variants.pick(TransformerNatives.ATTENTION_EAGER, "attention_eager", q.dtype());
        AttentionMask mask = spec.mask();
        for (int s = 0; s < mask.queryStart().length; s++) {
            int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
            if (q1 <= q0) continue;
            int[] words = CudaAttention.keyRanges(mask, s);
            c.launch(kernel, Math.ceilDiv(q1 - q0, 8), hq, 256, 0, a -> a.ptr(ptr(q)).ptr(ptr(k)).ptr(ptr(v)).ptr(ptr(out))
                    .i32(hq).i32(hkv).i32(d).f32(spec.scale()).f32(spec.softCap()).i32(q0).i32(q1).struct(words));
        }
    }

    void scores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) {
        Shape qs = q.shape(), ks = k.shape();
        if (qs.rank() != 3 || ks.rank() != 3 || qs.dim(2) != ks.dim(2) || qs.dim(1) % ks.dim(1) != 0 || k.dtype() != q.dtype()) {
            throw new IllegalArgumentException("attentionScores: q " + q.dtype() + qs + ", k " + k.dtype() + ks);
        }
        int m = qs.dim(0), hq = qs.dim(1), d = qs.dim(2), n = ks.dim(0), hkv = ks.dim(1);
        Shape dense = Shape.of(hq, m, n);
        for (Tensor t : new Tensor[] {logits, probs}) {
            if (t != null && (!t.shape().equals(dense) || t.dtype() != DType.F32)) {
                throw new IllegalArgumentException("attentionScores: " + t + " should be F32 " + dense);
            }
        }
        var kernel = Variants.pick(TransformerNatives.ATTENTION_SCORES, "attention_scores", q.dtype());
        AttentionMask mask = spec.mask();
        long lp = logits == null ? 0 : ptr(logits), pp = probs == null ? 0 : ptr(probs);
        for (int s = 0; s < mask.queryStart().length; s++) {
            int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
            if (q1 <= q0) continue;
            int[] words = CudaAttention.keyRanges(mask, s);
            c.launch(kernel, Math.ceilDiv(q1 - q0, 8), hq, 256, 0, a -> a.ptr(ptr(q)).ptr(ptr(k)).ptr(lp).ptr(pp).i32(hq).i32(hkv).i32(d)
                    .i32(m).i32(n).f32(spec.scale()).f32(spec.softCap()).i32(q0).i32(q1).struct(words).i32(spec.eager() ? 1 : 0));
        }
    }
}
