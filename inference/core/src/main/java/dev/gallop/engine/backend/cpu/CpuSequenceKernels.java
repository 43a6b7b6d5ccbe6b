package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.sequence.Conv1dKernel;
import dev.gallop.engine.backend.cpu.sequence.ConvTranspose1dKernel;
import dev.gallop.engine.backend.cpu.sequence.F32Array;
import dev.gallop.engine.backend.cpu.sequence.FftResample;
import dev.gallop.engine.backend.cpu.sequence.SnakeKernel;
import dev.gallop.engine.backend.cpu.sequence.VaeSampleKernel;

/// The CPU's [SequenceKernels]: the kernels of [dev.gallop.engine.backend.cpu.sequence], each in its Vector API form
/// or its scalar twin.
final class CpuSequenceKernels implements SequenceKernels {
    private final boolean vector;

    CpuSequenceKernels(boolean vector) { this.vector = vector; }

    /// A checked F32 tensor's memory for the kernels (null for null).
    private static F32Array f32(Tensor t) { return t == null ? null : new F32Array(Seg.of(t), t.byteOffset(), t.numel()); }

    @Override public void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        var g = SequenceShapes.conv1d(out, x, weight, bias, dilation, padding, stride);
        Conv1dKernel.run(f32(out), f32(x), f32(weight), f32(bias), g, vector);
    }

    @Override public void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        var g = SequenceShapes.convTranspose1d(out, x, weight, bias, stride, padding);
        ConvTranspose1dKernel.run(f32(out), f32(x), f32(weight), f32(bias), g, vector);
    }

    @Override public void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) {
        int channels = SequenceShapes.snakeBeta(out, x, freq, recip);
        SnakeKernel.run(f32(out), f32(x), f32(freq), f32(recip), channels, vector);
    }

    @Override public void resampleFft(Tensor out, Tensor x) {
        var g = SequenceShapes.resampleFft(out, x);
        FftResample.run(f32(out), f32(x), g, vector);
    }

    @Override public void vaeSample(Tensor out, Tensor moments, Tensor noise) {
        int channels = SequenceShapes.vaeSample(out, moments, noise);
        VaeSampleKernel.run(f32(out), f32(moments), f32(noise), channels);
    }
}
