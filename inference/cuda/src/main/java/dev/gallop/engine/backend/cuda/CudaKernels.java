package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.KernelFamilies;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;

/// The [dev.gallop.engine.backend.Kernels] of a [CudaDevice], one object per operation family: kernels of natives/
/// launched through their declarations ([dev.gallop.engine.backend.cuda.kernels.KernelTable]), GEMMs on cuBLASLt,
/// attention on cuDNN or Gallop's kernels, FFTs on cuFFT. Every call is queued on the device's stream and returns without waiting.
final class CudaKernels extends KernelFamilies {
    CudaKernels(CudaDevice device, CudaContext c) {
        super(new CudaTransformerKernels(device, c), new CudaElementwiseKernels(device, c), new CudaSamplerKernels(device, c),
                new CudaVolumeKernels(device, c), new CudaSequenceKernels(device, c));
    }

    /// The device address of a tensor's first element.
    static long ptr(Tensor t) {
        if (!(t.buffer() instanceof CudaBuffer b)) throw new IllegalArgumentException("tensor " + t + " is not in CUDA memory");
        return b.ptr() + t.byteOffset();
    }

    /// The device address of a tensor, or 0 for null.
    static long ptrOrNull(Tensor t) { return t == null ? 0 : ptr(t); }

    static void requireF32(Tensor t, String what) {
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(what + " must be F32 on CUDA, got " + t.dtype() + t.shape());
    }

    static void requireActivation(Tensor t, String what) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.BF16) {
            throw new IllegalArgumentException(what + " must be F32 or BF16 on CUDA, got " + t.dtype() + t.shape());
        }
    }

    static void requireSameCount(Tensor a, Tensor b, String what) {
        if (a.numel() != b.numel()) throw new IllegalArgumentException(what + ": " + a.shape() + " and " + b.shape() + " differ in size");
    }
}
