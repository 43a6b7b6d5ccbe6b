package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// Little-endian layouts and tensor → segment access for the CPU kernels.
final class Seg {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Seg() {}

    static MemorySegment of(Tensor t) {
        if (!(t.buffer() instanceof CpuBuffer b)) {
            throw new IllegalArgumentException("tensor " + t + " is not in CPU memory");
        }
        return b.segment();
    }

    /// Reads `n` f32 values of t starting at element `from` into dst.
    static void read(Tensor t, long from, float[] dst, int dstOff, int n) {
        MemorySegment.copy(of(t), F32, t.byteOffset() + 4 * from, dst, dstOff, n);
    }

    static void write(Tensor t, long from, float[] src, int srcOff, int n) {
        MemorySegment.copy(src, srcOff, of(t), F32, t.byteOffset() + 4 * from, n);
    }
}
