package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.sequence.Conv1dKernel;
import dev.gallop.engine.backend.cpu.sequence.ConvTranspose1dKernel;
import dev.gallop.engine.backend.cpu.sequence.FftResample;
import dev.gallop.engine.backend.cpu.sequence.SnakeKernel;
import dev.gallop.engine.backend.cpu.sequence.VaeSampleKernel;

/// The CPU's [SequenceKernels]: the kernels of [dev.gallop.engine.backend.cpu.sequence], each in its Vector API form
/// or its scalar twin.
final class CpuSequenceKernels implements SequenceKernels {
    private final boolean vector;

    CpuSequenceKernels(boolean vector) { this.vector = vector; }

    @Override public void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        Conv1dKernel.run(out, x, weight, bias, SequenceShapes.conv1d(out, x, weight, bias, dilation, padding, stride), vector);
    }

    @Override public void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        ConvTranspose1dKernel.run(out, x, weight, bias, SequenceShapes.convTranspose1d(out, x, weight, bias, stride, padding), vector);
    }

    @Override public void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) {
        SnakeKernel.run(out, x, freq, recip, SequenceShapes.snakeBeta(out, x, freq, recip), vector);
    }

    @Override public void resampleFft(Tensor out, Tensor x) {
        FftResample.run(out, x, SequenceShapes.resampleFft(out, x), vector);
    }

    @Override public void vaeSample(Tensor out, Tensor moments, Tensor noise) {
        VaeSampleKernel.run(out, moments, noise, SequenceShapes.vaeSample(out, moments, noise));
    }
}
