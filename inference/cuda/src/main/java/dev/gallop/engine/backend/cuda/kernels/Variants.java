package dev.gallop.engine.backend.cuda.kernels;

import dev.gallop.engine.tensor.DType;
import java.util.LinkedHashMap;
import java.util.Map;

/// Kernels instantiated per dtype: natives/ names each variant `<base>_<dtype>` or `<base>_<in>_<out>` with the
/// dtype suffixes `f32`, `bf16` (e.g. `rmsnorm_bf16_f32` reads bf16 and writes f32).
public final class Variants {
    private Variants() {}

    /// The suffix of a dtype in kernel names.
    public static String suffix(DType t) {
        return switch (t) {
            case F32 -> "f32";
            case BF16 -> "bf16";
            default -> throw new IllegalArgumentException("no CUDA kernel variants for " + t + " activations (F32 or BF16)");
        };
    }

    /// `<base>_<in>_<out>` for every (in, out) pair of F32 and BF16, all with the same parameters.
    public static Map<String, NativeKernel> inOut(String base, NativeKernel.Param... params) {
        Map<String, NativeKernel> m = new LinkedHashMap<>();
        for (DType in : new DType[] {DType.F32, DType.BF16}) {
            for (DType out : new DType[] {DType.F32, DType.BF16}) {
                String name = base + "_" + suffix(in) + "_" + suffix(out);
                m.put(name, NativeKernel.of(name, params));
            }
        }
        return m;
    }

    /// `<base>_<dtype>` for F32 and BF16, with the same parameters.
    public static Map<String, NativeKernel> each(String base, NativeKernel.Param... params) {
        Map<String, NativeKernel> m = new LinkedHashMap<>();
        for (DType t : new DType[] {DType.F32, DType.BF16}) {
            String name = base + "_" + suffix(t);
            m.put(name, NativeKernel.of(name, params));
        }
        return m;
    }

    /// The variant of `family` for (in, out).
    public static NativeKernel pick(Map<String, NativeKernel> family, String base, DType in, DType out) {
        return require(family, base + "_" + suffix(in) + "_" + suffix(out));
    }

    /// The variant of `family` for one dtype.
    public static NativeKernel pick(Map<String, NativeKernel> family, String base, DType t) {
        return require(family, base + "_" + suffix(t));
    }

    private static NativeKernel require(Map<String, NativeKernel> family, String name) {
        NativeKernel k = family.get(name);
        if (k == null) throw new IllegalArgumentException("no CUDA kernel " + name);
        return k;
    }
}
