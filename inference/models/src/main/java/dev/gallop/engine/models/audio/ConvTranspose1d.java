package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// A torch ConvTranspose1d layer (no output padding, dilation 1) on time-major device tensors: x [T, Cin] →
/// [(T − 1)·stride − 2·padding + K, Cout] through [SequenceKernels#convTranspose1d]; weight [Cin, Cout, K].
///
/// The Oobleck decoder's upsamplers use K = 2s, stride s, padding ⌈s/2⌉ ([#oobleck]), giving T·s for even s
/// (ref: stable-audio-tools `autoencoders.py`, `DecoderBlock`).
public final class ConvTranspose1d {
    private final Tensor weight, bias;
    private final int cin, cout, k, stride, padding;

    public ConvTranspose1d(Tensor weight, Tensor bias, int stride, int padding) {
        if (weight.shape().rank() != 3) throw new IllegalArgumentException("ConvTranspose1d weight must be [Cin, Cout, K], got " + weight.shape());
        this.weight = weight;
        this.bias = bias;
        this.cin = weight.shape().dim(0);
        this.cout = weight.shape().dim(1);
        this.k = weight.shape().dim(2);
        this.stride = stride;
        this.padding = padding;
        if (bias != null && !bias.shape().equals(Shape.of(cout))) {
            throw new IllegalArgumentException("ConvTranspose1d bias must be [" + cout + "], got " + bias.shape());
        }
        SequenceKernels.convTranspose1dLength(Math.max(1, 1 + 2 * padding), k, stride, padding);   // checks the geometry
    }

    /// The Oobleck upsampler of stride s under `w`: weight-normed [in, out, 2s] (the norm per input channel), bias [out].
    static ConvTranspose1d oobleck(Weights w, int in, int out, int s) {
        float[] folded = WeightNorm.load(w, in, out, 2 * s);
        return new ConvTranspose1d(Tensor.fromFloats(w.device(), Shape.of(in, out, 2 * s), folded), w.owned("bias", Shape.of(out)),
                s, (s + 1) / 2);
    }

    public int inChannels() { return cin; }

    public int outChannels() { return cout; }

    /// `(t − 1)·stride − 2·padding + K`; throws when that is below 1.
    public int outLength(int t) { return SequenceKernels.convTranspose1dLength(t, k, stride, padding); }

    /// x [T, Cin] → a new [Tout, Cout] on x's device.
    public Tensor forward(Kernels kn, Tensor x) {
        Tensor out = x.device().empty(DType.F32, Shape.of(outLength(x.shape().dim(0)), cout));
        kn.convTranspose1d(out, x, weight, bias, stride, padding);
        return out;
    }
}
