package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// One convolution of the VAEs: weight [Cout, Cin, kt, kh, kw] and bias [Cout] on the device, and how it pads.
record ConvLayer(Tensor weight, Tensor bias, ConvPadding pad) {
    /// conv(x): [Cin, T, H, W] → [Cout, T', H', W'], a new tensor on `device`.
    Tensor forward(Device device, Tensor x) {
        int[] w = weight.shape().dims(), d = x.shape().dims();
        ConvGeometry g = new ConvGeometry(d[0], d[1], d[2], d[3], w[0], w[2], w[3], w[4], pad);
        Tensor out = device.empty(DType.F32, Shape.of(g.cout(), g.outT(), g.outH(), g.outW()));
        device.kernels().conv3d(out, x, weight, bias, pad);
        return out;
    }
}
