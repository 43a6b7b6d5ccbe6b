package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// Wan's middle AttentionBlock, [C, T, H, W] → same: x + proj(attention(to_qkv(RMS_norm(x)))), one head over the
/// H·W positions of each frame, scale 1/√C (ref: daVinci-MagiHuman inference/model/vae2_2/vae2_2_module.py).
/// Per frame, the [3C, H·W] projection is transposed to tokens [H·W, 3C], its channel thirds become q, k and v
/// [H·W, 1, C], and the output [H·W, C] is transposed back.
final class WanAttention {
    private final Tensor gamma;
    private final ConvLayer toQkv, proj;

    WanAttention(Weights w, int c) {
        ConvPadding none = ConvPadding.causal(1, 1, 1);
        gamma = w.at("norm").owned("gamma", Shape.of(c, 1, 1));
        toQkv = ConvLoader.conv2d(w.at("to_qkv"), 3 * c, c, 1, 1, none);
        proj = ConvLoader.conv2d(w.at("proj"), c, c, 1, 1, none);
    }

    Tensor forward(Device device, Tensor x) {
        Kernels k = device.kernels();
        int[] d = x.shape().dims();
        int c = d[0], t = d[1], n = d[2] * d[3];
        Tensor qkv = toQkv.forward(device, VolumeSteps.l2Norm(device, x, gamma));   // [3C, T, H, W]
        AttentionSpec spec = AttentionSpec.fused((float) (1.0 / Math.sqrt(c)), AttentionMask.full(n));
        Tensor attended = device.empty(DType.F32, x.shape());
        for (int f = 0; f < t; f++) {
            Tensor frame = qkv;
            if (t > 1) {
                frame = device.empty(DType.F32, Shape.of(3 * c, 1, d[2], d[3]));
                k.copyFrames(frame, 0, qkv, f, 1);
            }
            Tensor tokens = device.empty(DType.F32, Shape.of(n, 3 * c));
            k.transpose(tokens, frame.reshape(3 * c, n));                               // [H·W, 3C]
            Tensor q = device.empty(DType.F32, Shape.of(n, c)), kk = device.empty(DType.F32, Shape.of(n, c));
            Tensor v = device.empty(DType.F32, Shape.of(n, c)), o = device.empty(DType.F32, Shape.of(n, 1, c));
            k.copyColumns(q, tokens, 0);
            k.copyColumns(kk, tokens, c);
            k.copyColumns(v, tokens, 2 * c);
            k.attention(o, q.reshape(n, 1, c), kk.reshape(n, 1, c), v.reshape(n, 1, c), spec);
            Tensor back = device.empty(DType.F32, Shape.of(c, n));
            k.transpose(back, o.reshape(n, c));                                        // [C, H·W]
            if (t == 1) attended = back.reshape(c, 1, d[2], d[3]);
            else k.copyFrames(attended, f, back.reshape(c, 1, d[2], d[3]), 0, 1);
        }
        Tensor y = proj.forward(device, attended);                                   // [C, T, H, W]
        k.add(y, x);
        return y;
    }
}
