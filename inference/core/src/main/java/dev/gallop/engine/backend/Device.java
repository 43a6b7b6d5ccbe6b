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

    /// What Gallop holds on this device now and at its peak, and the budget it is held to.
    MemoryUse memoryUse();

    /// Holds this device's allocations to `budget` from now on ([MemoryBudget#UNLIMITED]: the device's own memory);
    /// an allocation over it throws [DeviceMemoryException]. Returns the budget it replaces.
    MemoryBudget limitMemory(MemoryBudget budget);

    /// Starts a new peak measurement ([MemoryUse#peakBytes]) from what is held now.
    void resetPeakMemory();

    /// Gives memory kept for reuse (a GPU's cached blocks) back to the system, after a job failed or released a
    /// large component. Memory in use stays.
    default void releaseCached() {}

    /// Bytes this device keeps for reuse that [#releaseCached] would give back (neither free nor in use).
    default long cachedBytes() { return 0; }

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

    /// A new [Uploader] for copies that run beside this device's computation (synchronous copies where the device
    /// has no copy engine). Close it when done.
    default Uploader uploader() { return Uploader.synchronous(this); }

    /// The reference form of this device's kernels, the one the op harness holds every backend to: on the CPU the
    /// scalar twins; a device whose kernels have a single form returns [#kernels()]. For tests that run a model both
    /// ways without naming a backend.
    default Kernels referenceKernels() { return kernels(); }

    void synchronize();

    /// A new tensor of uninitialised contents (zeros on the CPU; anything on a GPU).
    default Tensor empty(DType dtype, Shape shape) {
        return Tensor.of(allocate(shape.numel() * dtype.bytes()), 0, dtype, shape);
    }

    /// A new tensor of zeros.
    default Tensor zeros(DType dtype, Shape shape) {
        Tensor t = empty(dtype, shape);
        kernels().fill(t, 0f);
        return t;
    }

    /// The row length a GEMM weight with `k` input columns is stored with on this device: `k`, or more where the
    /// device's matrix units run faster on a padded K (the extra columns are zero). An activation that feeds such a
    /// weight is as wide, its extra columns zero ([TransformerKernels#swiglu7] writes them).
    default int gemmWidth(int k) { return k; }

    /// Records `work` — operations queued on this device, with no host copy, synchronisation or change of buffer
    /// inside — so that it runs again cheaply: on a GPU one graph launch instead of hundreds of kernel launches. The
    /// work has run once when this returns. Buffers it touches must live as long as the replay. Without a graph
    /// facility (the CPU) a replay simply runs the work again.
    default Replay record(Runnable work) {
        work.run();
        return new Replay() {
            @Override public void run() { work.run(); }

            @Override public void close() {}
        };
    }

    @Override default void close() {}
}
