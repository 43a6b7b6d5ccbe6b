package dev.gallop.engine.backend.cuda.kernels;

import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.F32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I64;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.PTR;

import java.util.Map;

/// The kernels of the element-wise operations, conversions and checks (natives/elementwise.cu, casts.cu,
/// reductions.cu) and the seeded fills of benchmark weights.
public final class ElementwiseNatives {
    private ElementwiseNatives() {}

    /// (acc, y, n): acc of the out dtype, y of the in dtype.
    public static final Map<String, NativeKernel> ADD = Variants.inOut("add", PTR, PTR, I64);
    /// (x, out, n, factor).
    public static final Map<String, NativeKernel> SCALE = Variants.inOut("scale", PTR, PTR, I64, F32);
    /// (x, y, out, n, a, b).
    public static final Map<String, NativeKernel> AXPBY = Variants.inOut("axpby", PTR, PTR, PTR, I64, F32, F32);
    /// (t, n, value).
    public static final Map<String, NativeKernel> FILL = Variants.each("fill", PTR, I64, F32);
    public static final NativeKernel ROUND_BF16_F32 = NativeKernel.of("round_bf16_f32", PTR, I64);
    /// (src, dst, n): dtype conversion.
    public static final Map<String, NativeKernel> CONVERT = Variants.inOut("convert", PTR, PTR, I64);
    /// (src, scales, perRow, dst, rows, cols): fp8 e4m3 dequantization.
    public static final Map<String, NativeKernel> E4M3_TO = Variants.each("e4m3_to", PTR, PTR, I32, PTR, I64, I64);
    /// (src, lds, col0, dst, ldd, rows, w).
    public static final Map<String, NativeKernel> COPY_COLUMNS = Variants.inOut("copy_columns", PTR, I64, I32, PTR, I64, I64, I32);
    /// (x, out, m, n): out[n, m] = x[m, n]ᵀ through shared-memory tiles.
    public static final Map<String, NativeKernel> TRANSPOSE = Variants.inOut("transpose", PTR, PTR, I64, I64);
    /// (x, out, n).
    public static final Map<String, NativeKernel> SILU = Variants.inOut("silu", PTR, PTR, I64);
    public static final Map<String, NativeKernel> RELU = Variants.inOut("relu", PTR, PTR, I64);
    /// (x, n, count): count (an unsigned 64-bit device counter, zeroed first) += non-finite elements.
    public static final Map<String, NativeKernel> COUNT_NON_FINITE = Variants.each("count_non_finite", PTR, I64, PTR);
    /// (dst, rows, cols, ld, seed, scale): seeded uniform values in ±scale, columns [cols, ld) zero (benchmark weights).
    public static final Map<String, NativeKernel> FILL_UNIFORM = Variants.each("fill_uniform", PTR, I64, I32, I64, I64, F32);
}
