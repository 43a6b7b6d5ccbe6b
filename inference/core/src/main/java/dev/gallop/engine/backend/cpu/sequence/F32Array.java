package dev.gallop.engine.backend.cpu.sequence;

import java.lang.foreign.MemorySegment;

/// The f32 elements of a CPU tensor as the sequence kernels see them: its host memory, the byte offset of its first
/// element and its element count (little-endian floats, contiguous).
public record F32Array(MemorySegment segment, long offset, long length) {
    /// All elements as a new array.
    float[] floats() {
        float[] out = new float[Math.toIntExact(length)];
        read(0, out, 0, out.length);
        return out;
    }

    /// Elements [from, from + n) into dst[off …].
    void read(long from, float[] dst, int off, int n) { MemorySegment.copy(segment, Layouts.F32, offset + 4 * from, dst, off, n); }

    /// src[off … off + n) into elements [from, from + n).
    void write(long from, float[] src, int off, int n) { MemorySegment.copy(src, off, segment, Layouts.F32, offset + 4 * from, n); }
}
