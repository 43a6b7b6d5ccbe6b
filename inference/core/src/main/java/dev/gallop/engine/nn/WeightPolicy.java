package dev.gallop.engine.nn;

/// How [Weights#linear] stores GEMM weights on the device. Vectors (norms, biases, bands) are always F32.
public enum WeightPolicy {
    /// As stored in the checkpoint: F32, BF16, F16, or F8_E4M3 with the checkpoint's scale. Zero-copy on the CPU.
    KEEP,
    /// BF16 (what the reference model forces for all linear weights): F32 and F16 are rounded to nearest even,
    /// F8 is dequantized then rounded; BF16 stays zero-copy on the CPU.
    BF16,
    /// F32: everything is widened (F8 dequantized); F32 stays zero-copy on the CPU.
    F32,
    /// F8_E4M3 with one scale per output row (first axis), `absmax(row) / 448`. F8 weights of the checkpoint are kept
    /// as they are (a per-tensor scale becomes the same scale on every row), never quantized twice.
    FP8_PER_CHANNEL
}
