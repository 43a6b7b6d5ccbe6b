package dev.gallop.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.stream.LongStream;

/// Finds the first NaN or infinity in a tensor's stored bytes, by bit pattern (an all-ones exponent), without
/// widening: F32 and BF16 and F16 by their exponent bits, F8_E4M3 (the "fn" variant, which has no infinities) by its
/// one NaN pattern. Large tensors are scanned in parallel blocks.
public final class FiniteValues {
    private FiniteValues() {}

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long BLOCK = 1 << 20;   // elements per parallel block

    /// The index of the first non-finite element of `data` (`n` elements of `dtype`), or -1.
    public static long firstNonFinite(DType dtype, MemorySegment data, long n) {
        if (n <= BLOCK) return scan(dtype, data, 0, n);
        long blocks = (n + BLOCK - 1) / BLOCK;
        return LongStream.range(0, blocks).parallel()
                .map(b -> scan(dtype, data, b * BLOCK, Math.min(n, (b + 1) * BLOCK)))
                .filter(i -> i >= 0).min().orElse(-1);
    }

    private static long scan(DType dtype, MemorySegment d, long from, long to) {
        switch (dtype) {
            case F32 -> {
                for (long i = from; i < to; i++) if ((d.getAtIndex(I32, i) & 0x7f80_0000) == 0x7f80_0000) return i;
            }
            case BF16 -> {
                for (long i = from; i < to; i++) if ((d.getAtIndex(I16, i) & 0x7f80) == 0x7f80) return i;
            }
            case F16 -> {
                for (long i = from; i < to; i++) if ((d.getAtIndex(I16, i) & 0x7c00) == 0x7c00) return i;
            }
            case F8_E4M3 -> {
                for (long i = from; i < to; i++) if ((d.get(ValueLayout.JAVA_BYTE, i) & 0x7f) == 0x7f) return i;
            }
        }
        return -1;
    }

    /// The first non-finite element of `x`, or -1.
    public static int firstNonFinite(float[] x) {
        for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i])) return i;
        return -1;
    }

    /// "index 5 ([1, 1] in [2, 4])": a flat index and where it lies in `shape`.
    public static String where(long index, Shape shape) {
        int[] dims = shape.dims();
        long[] at = new long[dims.length];
        long rest = index;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] == 0) return "index " + index;
            at[i] = rest % dims[i];
            rest /= dims[i];
        }
        return "index " + index + " (" + java.util.Arrays.toString(at) + " in " + shape + ")";
    }

    /// The value at `index` as text ("NaN", "Infinity", "-Infinity").
    public static String value(DType dtype, MemorySegment d, long index) {
        float v = switch (dtype) {
            case F32 -> Float.intBitsToFloat(d.getAtIndex(I32, index));
            case BF16 -> Floats.bf16ToFloat(d.getAtIndex(I16, index));
            case F16 -> Floats.f16ToFloat(d.getAtIndex(I16, index));
            case F8_E4M3 -> Float.NaN;
            case U8 -> (float) Byte.toUnsignedInt(d.get(java.lang.foreign.ValueLayout.JAVA_BYTE, index));
        };
        return Float.toString(v);
    }
}
