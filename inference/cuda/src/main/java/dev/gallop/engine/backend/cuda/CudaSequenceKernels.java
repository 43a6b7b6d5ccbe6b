package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;

/// The CUDA backend's [SequenceKernels].
final class CudaSequenceKernels implements SequenceKernels {
    private final CudaDevice device;
    private final CudaContext c;

    CudaSequenceKernels(CudaDevice device, CudaContext c) {
        this.device = device;
        this.c = c;
    }

    @Override public void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        throw new UnsupportedOperationException("conv1d is not implemented on CUDA yet");
    }

    @Override public void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        throw new UnsupportedOperationException("convTranspose1d is not implemented on CUDA yet");
    }

    @Override public void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) {
        throw new UnsupportedOperationException("snakeBeta is not implemented on CUDA yet");
    }

    @Override public void resampleFft(Tensor out, Tensor x) {
        throw new UnsupportedOperationException("resampleFft is not implemented on CUDA yet");
    }

}
