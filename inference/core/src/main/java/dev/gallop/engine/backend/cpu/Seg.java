package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// Little-endian layouts and tensor ↔ f32 access for the CPU kernels: an F32 tensor is read and written as it is,
/// a BF16 or F16 one is widened on read and rounded to nearest even on write.
public final class Seg {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Seg() {}

    /// The host memory of a CPU tensor's buffer.
    public static MemorySegment of(Tensor t) {
        if (!(t.buffer() instanceof CpuBuffer b)) {
            throw new IllegalArgumentException("tensor " + t + " is not in CPU memory");
        }
        return b.segment();
    }

    /// Reads `n` values of t starting at element `from` into dst as f32.
    public static void read(Tensor t, long from, float[] dst, int dstOff, int n) {
        MemorySegment s = of(t);
        long base = t.byteOffset();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(s, F32, base + 4 * from, dst, dstOff, n);
            case BF16 -> {
                for (int i = 0; i < n; i++) dst[dstOff + i] = Floats.bf16ToFloat(s.get(I16, base + 2 * (from + i)));
            }
            case F16 -> {
                for (int i = 0; i < n; i++) dst[dstOff + i] = Floats.f16ToFloat(s.get(I16, base + 2 * (from + i)));
            }
            default -> throw new IllegalArgumentException("cannot read " + t + " as f32 activations");
        }
    }

    /// Writes `n` f32 values into t from element `from`, rounded to t's dtype.
    public static void write(Tensor t, long from, float[] src, int srcOff, int n) {
        MemorySegment s = of(t);
        long base = t.byteOffset();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(src, srcOff, s, F32, base + 4 * from, n);
            case BF16 -> {
                for (int i = 0; i < n; i++) s.set(I16, base + 2 * (from + i), Floats.floatToBf16(src[srcOff + i]));
            }
            case F16 -> {
                for (int i = 0; i < n; i++) s.set(I16, base + 2 * (from + i), Floats.floatToF16(src[srcOff + i]));
            }
            default -> throw new IllegalArgumentException("cannot write f32 activations into " + t);
        }
    }

    /// The whole tensor as a new f32 array.
    public static float[] floats(Tensor t) {
        float[] out = new float[Math.toIntExact(t.numel())];
        read(t, 0, out, 0, out.length);
        return out;
    }

    /// Requires an F32 or BF16 activation.
    static void requireActivation(Tensor t, String what) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.BF16) {
            throw new IllegalArgumentException(what + " must be F32 or BF16, got " + t.dtype() + t.shape());
        }
    }

    static void requireF32(Tensor t, String what) {
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(what + " must be F32, got " + t.dtype() + t.shape());
    }

    static void requireSameCount(Tensor a, Tensor b, String what) {
        if (a.numel() != b.numel()) throw new IllegalArgumentException(what + ": " + a.shape() + " and " + b.shape() + " differ in size");
    }
}
