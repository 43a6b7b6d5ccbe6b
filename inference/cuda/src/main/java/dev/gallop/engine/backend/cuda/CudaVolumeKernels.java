package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.VolumeKernels;
import dev.gallop.engine.backend.Tensor;

/// The CUDA backend's [VolumeKernels].
final class CudaVolumeKernels implements VolumeKernels {
    private final CudaDevice device;
    private final CudaContext c;

    CudaVolumeKernels(CudaDevice device, CudaContext c) {
        this.device = device;
        this.c = c;
    }

    @Override public void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) {
        throw new UnsupportedOperationException("conv3d is not implemented on CUDA yet");
    }

    @Override public void channelRmsNorm(Tensor out, Tensor x, float eps) {
        throw new UnsupportedOperationException("channelRmsNorm is not implemented on CUDA yet");
    }

    @Override public void channelL2Norm(Tensor out, Tensor x, Tensor gamma) {
        throw new UnsupportedOperationException("channelL2Norm is not implemented on CUDA yet");
    }

    @Override public void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift) {
        throw new UnsupportedOperationException("channelAffine is not implemented on CUDA yet");
    }

    @Override public void upsampleNearest2x(Tensor out, Tensor x) {
        throw new UnsupportedOperationException("upsampleNearest2x is not implemented on CUDA yet");
    }

    @Override public void upsampleTrilinear(Tensor out, Tensor x) {
        throw new UnsupportedOperationException("upsampleTrilinear is not implemented on CUDA yet");
    }

    @Override public void pixelShuffle2x2(Tensor out, Tensor x) {
        throw new UnsupportedOperationException("pixelShuffle2x2 is not implemented on CUDA yet");
    }

    @Override public void pixelUnshuffle2x2(Tensor out, Tensor x) {
        throw new UnsupportedOperationException("pixelUnshuffle2x2 is not implemented on CUDA yet");
    }

    @Override public void framesFromChannels(Tensor out, Tensor x, boolean dropFirst) {
        throw new UnsupportedOperationException("framesFromChannels is not implemented on CUDA yet");
    }

    @Override public void avgDown(Tensor out, Tensor x, int ft, int fs) {
        throw new UnsupportedOperationException("avgDown is not implemented on CUDA yet");
    }

    @Override public void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) {
        throw new UnsupportedOperationException("copyFrames is not implemented on CUDA yet");
    }

    @Override public void patchify(Tensor tokens, Tensor latent) {
        throw new UnsupportedOperationException("patchify is not implemented on CUDA yet");
    }

    @Override public void unpatchify(Tensor latent, Tensor tokens) {
        throw new UnsupportedOperationException("unpatchify is not implemented on CUDA yet");
    }

    @Override public void rgbToBytes(Tensor out, Tensor rgb) {
        throw new UnsupportedOperationException("rgbToBytes is not implemented on CUDA yet");
    }

}
