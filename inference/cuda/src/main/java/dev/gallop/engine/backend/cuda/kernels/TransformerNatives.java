package dev.gallop.engine.backend.cuda.kernels;

import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.F32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I64;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.PTR;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.STRUCT;

import java.util.Map;

/// The kernels of the transformer operations (natives/rmsnorm.cu, rope.cu, gating.cu, activations.cu,
/// attention.cu, casts.cu); `_<in>_<out>` variants per [Variants].
public final class TransformerNatives {
    private TransformerNatives() {}

    /// (x, ldx, y, ldy, gain, rows, d, eps): one warp per row.
    public static final Map<String, NativeKernel> RMSNORM = Variants.inOut("rmsnorm", PTR, I64, PTR, I64, PTR, I64, I32, F32);
    /// (x, rows, heads, d, sin, cos, half): f32 in f32; bf16 with a bf16 run's rounding points.
    public static final Map<String, NativeKernel> ROPE = Variants.each("rope", PTR, I64, I32, I32, PTR, PTR, I32);
    /// (qkv, ldqkv, col0, out, rows, heads, dh, gain, sin, cos, half, eps): one warp per (row, head).
    public static final Map<String, NativeKernel> QK_NORM_ROPE =
            Variants.inOut("qk_norm_rope", PTR, I64, I32, PTR, I64, I32, I32, PTR, PTR, PTR, I32, F32);
    /// (o, out, gates, ldg, col0, rows, heads, d); the gates have o's dtype.
    public static final Map<String, NativeKernel> SIGMOID_GATE = Variants.inOut("sigmoid_gate", PTR, PTR, PTR, I64, I32, I64, I32, I32);
    /// (up, ldu, out, ldo, rows, width): columns [width, ldo) of out are zeroed.
    public static final Map<String, NativeKernel> SWIGLU7 = Variants.inOut("swiglu7", PTR, I64, PTR, I64, I64, I32);
    public static final Map<String, NativeKernel> GELU7 = Variants.inOut("gelu7", PTR, I64, PTR, I64, I64, I32);
    /// (gate, up, out, n).
    public static final Map<String, NativeKernel> GELU_TANH_GLU = Variants.inOut("gelu_tanh_glu", PTR, PTR, PTR, I64);
    /// (q, k, v, out, hq, hkv, d, scale, cap, q0, q1, ranges): fused-kernel rounding; one launch per mask segment.
    public static final Map<String, NativeKernel> ATTENTION =
            Variants.each("attention", PTR, PTR, PTR, PTR, I32, I32, I32, F32, F32, I32, I32, STRUCT);
    /// Eager rounding, one warp per (query, head): same parameters as [#ATTENTION].
    public static final Map<String, NativeKernel> ATTENTION_EAGER =
            Variants.each("attention_eager", PTR, PTR, PTR, PTR, I32, I32, I32, F32, F32, I32, I32, STRUCT);
    /// (logits, rows, n, scale, cap, ranges): in-place masked softmax of q.k rows (attention as two GEMMs).
    public static final NativeKernel ATTENTION_SOFTMAX = NativeKernel.of("attention_softmax_rows_f32", PTR, I64, I32, F32, F32, STRUCT);
    /// (q, k, logits, probs, hq, hkv, d, m, n, scale, cap, q0, q1, ranges, eager): dense score taps of a mask segment.
    public static final Map<String, NativeKernel> ATTENTION_SCORES =
            Variants.each("attention_scores", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32, F32, F32, I32, I32, STRUCT, I32);
    /// (x, ldx, q, ldq, scales, rows, cols): per-row e4m3 quantization, columns [cols, ldq) zeroed.
    public static final Map<String, NativeKernel> QUANTIZE_ROWS = Variants.each("quantize_rows", PTR, I64, PTR, I64, PTR, I64, I32);
    /// (d, ldd, out, rowScale, colScale, bias, rows, cols, accumulate): the fp8 GEMM's scale epilogue.
    public static final Map<String, NativeKernel> SCALE_EPILOGUE =
            Variants.each("scale_epilogue", PTR, I64, PTR, PTR, PTR, PTR, I64, I32, I32);
}
