package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// A torch Conv1d layer (zero padding, dilation, stride) on time-major device tensors: x [T, Cin] → [Tout, Cout]
/// through [SequenceKernels#conv1d]. The weight [Cout, Cin, K] (torch layout) and the bias live in device memory of
/// their own, so the checkpoint can be closed after loading.
public final class Conv1d {
    private final Tensor weight, bias;
    private final int cin, cout, k, dilation, padding, stride;

    /// `weight` F32 [Cout, Cin, K], `bias` F32 [Cout] or null, on the device the layer runs on.
    public Conv1d(Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        if (weight.shape().rank() != 3) throw new IllegalArgumentException("Conv1d weight must be [Cout, Cin, K], got " + weight.shape());
        this.weight = weight;
        this.bias = bias;
        this.cout = weight.shape().dim(0);
        this.cin = weight.shape().dim(1);
        this.k = weight.shape().dim(2);
        this.dilation = dilation;
        this.padding = padding;
        this.stride = stride;
        if (bias != null && !bias.shape().equals(Shape.of(cout))) {
            throw new IllegalArgumentException("Conv1d bias must be [" + cout + "], got " + bias.shape());
        }
        SequenceKernels.conv1dLength(Math.max(1, (k - 1) * dilation + 1), k, dilation, padding, stride);   // checks the geometry
    }

    /// A layer from host arrays in torch layout, uploaded to `device`.
    public static Conv1d of(Device device, float[] weight, float[] bias, int cin, int cout, int k, int dilation, int padding, int stride) {
        if (weight.length != (long) cout * cin * k) {
            throw new IllegalArgumentException("Conv1d weight has " + weight.length + " values, expected [" + cout + ", " + cin + ", " + k + "]");
        }
        return new Conv1d(Tensor.fromFloats(device, Shape.of(cout, cin, k), weight),
                bias == null ? null : Tensor.fromFloats(device, Shape.of(bias.length), bias), dilation, padding, stride);
    }

    /// A weight-normed layer (`weight_g`, `weight_v`, folded at load: [WeightNorm]) under `w`, with its `bias` when
    /// `bias` is set.
    static Conv1d weightNormed(Weights w, int cin, int cout, int k, int dilation, int padding, int stride, boolean bias) {
        float[] folded = WeightNorm.load(w, cout, cin, k);
        return new Conv1d(Tensor.fromFloats(w.device(), Shape.of(cout, cin, k), folded),
                bias ? w.owned("bias", Shape.of(cout)) : null, dilation, padding, stride);
    }

    public int inChannels() { return cin; }

    public int outChannels() { return cout; }

    /// Output length for `t` input steps; throws when the input is too short for the kernel.
    public int outLength(int t) { return SequenceKernels.conv1dLength(t, k, dilation, padding, stride); }

    /// x [T, Cin] → a new [Tout, Cout] on x's device.
    public Tensor forward(Kernels kn, Tensor x) {
        Tensor out = x.device().empty(DType.F32, Shape.of(outLength(x.shape().dim(0)), cout));
        forward(kn, x, out);
        return out;
    }

    /// x [T, Cin] → out [Tout, Cout].
    public void forward(Kernels kn, Tensor x, Tensor out) { kn.conv1d(out, x, weight, bias, dilation, padding, stride); }
}
