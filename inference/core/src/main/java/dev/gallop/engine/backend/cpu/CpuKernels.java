package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.KernelFamilies;

/// The CPU backend's [dev.gallop.engine.backend.Kernels]: one object per operation family, each with a Vector API form and a scalar twin of
/// every kernel; `vector` picks the form (`-Dgallop.cpu.scalar=true` selects the twins everywhere).
public final class CpuKernels extends KernelFamilies {
    private final boolean vector;

    CpuKernels(boolean vector) {
        super(new CpuTransformerKernels(vector), new CpuElementwiseKernels(vector), new CpuSamplerKernels(vector),
                new CpuVolumeKernels(vector), new CpuSequenceKernels(vector));
        this.vector = vector;
    }

    /// Whether these are the Vector API forms (else the scalar twins).
    public boolean vectorized() { return vector; }
}
