package dev.gallop.engine.tensor;

import java.util.Locale;

/// Element types the engine stores. Compute always happens in f32 (or wider) on the CPU;
/// the narrow types are storage formats for weights and for reference-faithful rounding.
public enum DType {
    F32(4, "F32"),
    BF16(2, "BF16"),
    F16(2, "F16"),
    /// OCP fp8 e4m3fn (bias 7, no infinities, 0x7f/0xff are NaN, max 448). Needs a scale (per tensor or per channel).
    F8_E4M3(1, "F8_E4M3"),
    /// Unsigned bytes (decoded 8-bit pixels); not a compute type.
    U8(1, "U8");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    public int bytes() { return bytes; }

    /// The dtype string used in safetensors headers ("F32", "BF16", "F16", "F8_E4M3").
    public String safetensorsName() { return safetensorsName; }

    /// Whether this is a number format models compute with (every dtype but U8).
    public boolean isFloat() { return this != U8; }

    /// Parses a safetensors dtype string; throws naming the value when it is not a float type the engine stores
    /// (U8 tensors of a checkpoint are not weights).
    public static DType fromSafetensors(String name) {
        for (DType d : values()) {
            if (d.isFloat() && d.safetensorsName.equals(name)) return d;
        }
        throw new IllegalArgumentException("unsupported tensor dtype '" + name + "' (supported: F32, BF16, F16, F8_E4M3)");
    }

    public static DType parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "FLOAT32", "FP32" -> F32;
            case "BFLOAT16" -> BF16;
            case "FLOAT16", "FP16", "HALF" -> F16;
            case "FP8", "F8", "FP8_E4M3", "FLOAT8_E4M3FN" -> F8_E4M3;
            default -> fromSafetensors(n);
        };
    }
}
