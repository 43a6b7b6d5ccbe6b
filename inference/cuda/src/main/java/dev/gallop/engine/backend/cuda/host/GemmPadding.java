package dev.gallop.engine.backend.cuda.host;

/// Padding of a GEMM's reduction axis K. Hopper's TMA GEMM kernels want 16-byte aligned row strides and tiles of
/// 64 or 128 along K; the SwiGLU7 MLP's K = 13652 (27304 bytes in bf16) is neither, so its down-projection weight and
/// activation are zero-padded to 13696 = 107·128 at upload. Zero columns in both operands leave the product exact.
public final class GemmPadding {
    private GemmPadding() {}

    /// K unchanged when it is a multiple of 64, else rounded up to a multiple of 128.
    public static int paddedK(int k) {
        if (k <= 0) throw new IllegalArgumentException("GEMM K must be positive, got " + k);
        return k % 64 == 0 ? k : Math.ceilDiv(k, 128) * 128;
    }

    public static boolean needsPadding(int k) { return paddedK(k) != k; }
}
