package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.tensor.Shape;

/// Host arrays as CPU tensors for the sampler tests.
final class Cpu {
    private Cpu() {}

    static Tensor t(float[] v, int... dims) { return Tensor.fromFloats(CpuDevice.get(), Shape.of(dims), v); }

    static Tensor t(float[] v) { return t(v, v.length); }

    static Kernels k() { return CpuDevice.get().kernels(); }
}
