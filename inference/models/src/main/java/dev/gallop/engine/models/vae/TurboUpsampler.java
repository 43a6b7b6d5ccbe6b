package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// Turbo-VAED upsampler at width C (`upsamplers.0`). With time: a (3,1,1) conv C → 2C (edge frames repeated), its
/// channel halves become frames 2t and 2t + 1, and a first chunk drops frame 0: [C, T] → [C, 2T or 2T − 1].
/// Then, per frame, nearest ×2 and a 3×3 conv (zero pad 1): [C, T', H, W] → [C, T', 2H, 2W].
final class TurboUpsampler {
    private final ConvLayer timeConv;   // null for a spatial-only upsampler
    private final ConvLayer spatialConv;

    TurboUpsampler(Weights w, int c, boolean time) {
        this.timeConv = time ? ConvLoader.conv3d(w.at("time_conv.conv"), 2 * c, c, 3, 1, 1, ConvPadding.replicateTime(3, 1, 1)) : null;
        this.spatialConv = ConvLoader.conv2d(w.at("resample.1"), c, c, 3, 3, ConvPadding.replicateTime(1, 3, 3));
    }

    Tensor forward(Device device, Tensor x, boolean firstChunk) {
        if (timeConv != null) {
            Tensor y = timeConv.forward(device, x);                                   // [2C, T, H, W]
            int[] d = y.shape().dims();
            x = device.empty(DType.F32, Shape.of(d[0] / 2, 2 * d[1] - (firstChunk ? 1 : 0), d[2], d[3]));
            device.kernels().framesFromChannels(x, y, firstChunk);                     // [C, 2T(−1), H, W]
        }
        int[] d = x.shape().dims();
        Tensor up = device.empty(DType.F32, Shape.of(d[0], d[1], 2 * d[2], 2 * d[3]));
        device.kernels().upsampleNearest2x(up, x);
        return spatialConv.forward(device, up);                                      // [C, T', 2H, 2W]
    }
}
