package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireActivation;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireF32;

import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.TransformerShapes;
import dev.gallop.engine.backend.TransformerKernels;
import dev.gallop.engine.backend.cuda.kernels.TransformerNatives;
import dev.gallop.engine.backend.cuda.kernels.Variants;

/// The CUDA backend's [TransformerKernels]: GEMMs on cuBLASLt ([CudaLinear]), attention on cuDNN or Gallop's kernels
/// ([CudaAttention]), the rest on natives/rmsnorm.cu, rope.cu, gating.cu and activations.cu.
final class CudaTransformerKernels implements TransformerKernels {
    private final CudaContext c;
    private final CudaLinear linear;
    private final CudaAttention attention;

    CudaTransformerKernels(CudaDevice device, CudaContext c) {
        this.c = c;
        this.linear = new CudaLinear(c);
        this.attention = new CudaAttention(c, linear);
    }

    /// Which attention path ran last ("cuDNN fused SDPA", "Gallop flash kernel", ...).
    String attentionPath() { return attention.lastPath; }

    @Override public void linear(Tensor out, Tensor x, Tensor w, Tensor bias) { linear.linear(out, x, w, bias, false); }

    @Override public void linearAdd(Tensor out, Tensor x, Tensor w) { linear.linear(out, x, w, null, true); }

    @Override public void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) {
        int d = TransformerShapes.rmsNorm(out, x, gain);
        long rows = x.shape().rows();
        c.launchRows(Variants.pick(TransformerNatives.RMSNORM, "rmsnorm", x.dtype(), out.dtype()), rows,
                a -> a.ptr(ptr(x)).i64(d).ptr(ptr(out)).i64(d).ptr(ptr(gain)).i64(rows).i32(d).f32(eps));
    }

    @Override public void rope(Tensor x, Tensor sin, Tensor cos) {
        int half = TransformerShapes.rope(x, sin, cos);
        int m = x.shape().dim(0), h = x.shape().dim(1), d = x.shape().dim(2);
        c.launch1d(Variants.pick(TransformerNatives.ROPE, "rope", x.dtype()), (long) m * h * half,
                a -> a.ptr(ptr(x)).i64(m).i32(h).i32(d).ptr(ptr(sin)).ptr(ptr(cos)).i32(half));
    }

    @Override public void qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, float eps, Tensor sin, Tensor cos) {
        int half = TransformerShapes.qkNormRope(out, qkv, col0, gain, sin, cos);
        int m = out.shape().dim(0), h = out.shape().dim(1), dh = out.shape().dim(2), w = qkv.shape().last();
        if (dh > 256) throw new IllegalArgumentException("qkNormRope on CUDA takes heads of at most 256, got " + dh);
        c.launchRows(Variants.pick(TransformerNatives.QK_NORM_ROPE, "qk_norm_rope", qkv.dtype(), out.dtype()), (long) m * h,
                a -> a.ptr(ptr(qkv)).i64(w).i32(col0).ptr(ptr(out)).i64(m).i32(h).i32(dh).ptr(ptr(gain)).ptr(ptr(sin)).ptr(ptr(cos))
                        .i32(half).f32(eps));
    }

    @Override public void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) { attention.attention(out, q, k, v, spec); }

    @Override public void attentionScores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) {
        attention.scores(logits, probs, q, k, spec);
    }

    @Override public void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0) {
        TransformerShapes.sigmoidGate(out, o, gates, col0);
        if (gates.dtype() != o.dtype()) throw new IllegalArgumentException("sigmoidGate on CUDA: gates " + gates.dtype() + " must have o's dtype " + o.dtype());
        int m = o.shape().dim(0), h = o.shape().dim(1), d = o.shape().dim(2), w = gates.shape().last();
        c.launch1d(Variants.pick(TransformerNatives.SIGMOID_GATE, "sigmoid_gate", o.dtype(), out.dtype()), o.numel(),
                a -> a.ptr(ptr(o)).ptr(ptr(out)).ptr(ptr(gates)).i64(w).i32(col0).i64(m).i32(h).i32(d));
    }

    @Override public void swiglu7(Tensor out, Tensor up) {
        int inter = TransformerShapes.swiglu7(out, up), width = out.shape().last();
        long rows = out.shape().rows();
        c.launch1d(Variants.pick(TransformerNatives.SWIGLU7, "swiglu7", up.dtype(), out.dtype()), rows * width,
                a -> a.ptr(ptr(up)).i64(2L * inter).ptr(ptr(out)).i64(width).i64(rows).i32(inter));
    }

    @Override public void gelu7(Tensor out, Tensor up) {
        int inter = TransformerShapes.gelu7(out, up), width = out.shape().last();
        long rows = out.shape().rows();
        c.launch1d(Variants.pick(TransformerNatives.GELU7, "gelu7", up.dtype(), out.dtype()), rows * width,
                a -> a.ptr(ptr(up)).i64(inter).ptr(ptr(out)).i64(width).i64(rows).i32(inter));
    }

    @Override public void geluTanhGlu(Tensor out, Tensor gate, Tensor up) {
        TransformerShapes.geluTanhGlu(out, gate, up);
        long n = out.numel();
        c.launch1d(Variants.pick(TransformerNatives.GELU_TANH_GLU, "gelu_tanh_glu", gate.dtype(), out.dtype()), n,
                a -> a.ptr(ptr(gate)).ptr(ptr(up)).ptr(ptr(out)).i64(n));
    }
}
