package dev.gallop.engine.backend;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;

/// One compute device of a backend: allocates buffers, moves data and runs [Kernels].
public interface Device extends AutoCloseable {
    /// "cpu", "cuda:0", ...
    String id();

    /// A human-readable description ("CPU, 16 threads, AVX-512", "NVIDIA H100 80GB").
    String description();

    MemoryInfo memory();

    /// Whether the kernel family runs here for tensors of this (storage) dtype.
    boolean supports(Op op, DType dtype);

    Buffer allocate(long bytes);

    /// A buffer holding a copy of (or, on the CPU, a zero-copy view of) host memory, such as a mapped safetensors slice.
    Buffer fromHost(MemorySegment host);

    /// Copies a device buffer range to host memory.
    void copyToHost(Buffer src, long srcByteOffset, MemorySegment dst);

    /// Copies host memory into a device buffer range.
    void copyFromHost(MemorySegment src, Buffer dst, long dstByteOffset);

    Kernels kernels();

    void synchronize();

    default Tensor empty(DType dtype, Shape shape) {
        return Tensor.of(allocate(shape.numel() * dtype.bytes()), 0, dtype, shape);
    }

    @Override default void close() {}
}
