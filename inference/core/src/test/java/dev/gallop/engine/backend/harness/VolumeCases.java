package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the VAEs' volume operations, at odd sizes (rows that are not whole vectors, several vectors
/// plus a tail, channel counts that are not whole blocks of four). Every one is bit for bit (tolerance 0): the
/// convolution sums its taps in one fixed order with fused multiply-adds, the norms sum squares over channels in
/// order, the affine maps, compositing and byte conversion round every product and quotient, and the rest moves data.
final class VolumeCases {
    private VolumeCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        conv3d(c);
        norms(c);
        layouts(c);
        frames(c);
        return c;
    }

    private static OpCase conv(String what, int cout, int cin, int kt, int kh, int kw, ConvPadding pad, int t, int h, int w, DType wt) {
        int[] out = {cout, t + pad.front() + pad.back() - kt + 1, (h + pad.top() + pad.bottom() - kh) / pad.stride() + 1,
                (w + pad.left() + pad.right() - kw) / pad.stride() + 1};
        String name = "conv3d " + what + " x [" + cin + ", " + t + ", " + h + ", " + w + "] · w " + wt + " [" + cout + ", " + cin + ", "
                + kt + ", " + kh + ", " + kw + "] → " + Shape.of(out);
        double flops = 2.0 * out[0] * out[1] * out[2] * out[3] * cin * kt * kh * kw;
        long seed = 7L * cout + 11L * cin + 13L * t + 17L * h + w;
        return new OpCase(Op.CONV3D, name, 0, flops, (d, k) -> {
            Tensor x = normal(d, DType.F32, seed, 1, cin, t, h, w), weight = normal(d, wt, seed + 1, 0.2, cout, cin, kt, kh, kw);
            Tensor bias = normal(d, DType.F32, seed + 2, 0.5, cout), y = d.empty(DType.F32, Shape.of(out));
            return new OpCase.Run(() -> k.conv3d(y, x, weight, bias, pad), List.of(y));
        });
    }

    private static void conv3d(List<OpCase> c) {
        c.add(conv("replicate 3×3×3", 7, 5, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 3, 7, 19, DType.F32));
        c.add(conv("replicate 3×3×3, one frame, two vectors and a tail per row", 5, 3, 3, 3, 3, ConvPadding.replicateTime(3, 3, 3), 1, 4, 41, DType.F32));
        c.add(conv("causal 3×3×3", 6, 4, 3, 3, 3, ConvPadding.causal(3, 3, 3), 2, 7, 13, DType.F32));
        c.add(conv("causal 3×3×3, bf16 weight", 9, 4, 3, 3, 3, ConvPadding.causal(3, 3, 3), 3, 5, 11, DType.BF16));
        c.add(conv("time only (3, 1, 1)", 10, 5, 3, 1, 1, ConvPadding.replicateTime(3, 1, 1), 4, 3, 9, DType.F32));
        c.add(conv("pointwise", 9, 11, 1, 1, 1, ConvPadding.causal(1, 1, 1), 2, 3, 21, DType.F32));
        c.add(conv("stride-2 downsample", 5, 5, 1, 3, 3, ConvPadding.downsample2x(), 1, 9, 22, DType.F32));
        c.add(conv("per-frame 3×3, zero padding", 6, 3, 1, 3, 3, new ConvPadding(ConvPadding.TimeMode.ZERO, 0, 0, 1, 1, 1, 1, 1), 3, 6, 35, DType.F32));
        c.add(conv("uneven padding, stride 2", 3, 2, 2, 3, 2, new ConvPadding(ConvPadding.TimeMode.ZERO, 1, 2, 2, 0, 0, 3, 2), 2, 8, 15, DType.F32));
    }

    private static void norms(List<OpCase> c) {
        for (int[] s : new int[][] {{7, 3, 5, 13}, {5, 3, 17, 31}}) {
            c.add(OpCase.of(Op.CHANNEL_RMS_NORM, "channel RMS norm " + Shape.of(s), 0, (d, k) -> {
                Tensor x = normal(d, DType.F32, 101, 2, s), y = d.empty(DType.F32, x.shape());
                return new OpCase.Run(() -> k.channelRmsNorm(y, x, 1e-8f), List.of(y));
            }));
        }
        c.add(OpCase.of(Op.CHANNEL_RMS_NORM, "channel RMS norm in place [3, 2, 9, 23], eps 1e-6", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 102, 0.01, 3, 2, 9, 23);
            return new OpCase.Run(() -> k.channelRmsNorm(x, x, 1e-6f), List.of(x));
        }));
        c.add(OpCase.of(Op.CHANNEL_L2_NORM, "channel L2 norm · √C · gamma [5, 2, 7, 37]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 103, 3, 5, 2, 7, 37), g = normal(d, DType.F32, 104, 1, 5), y = d.empty(DType.F32, x.shape());
            return new OpCase.Run(() -> k.channelL2Norm(y, x, g), List.of(y));
        }));
        c.add(OpCase.of(Op.CHANNEL_L2_NORM, "channel L2 norm of zeros [3, 1, 2, 19]", 0, (d, k) -> {
            Tensor x = d.zeros(DType.F32, Shape.of(3, 1, 2, 19)), g = normal(d, DType.F32, 105, 1, 3), y = d.empty(DType.F32, x.shape());
            return new OpCase.Run(() -> k.channelL2Norm(y, x, g), List.of(y));
        }));
        c.add(OpCase.of(Op.CHANNEL_AFFINE, "channel affine [6, 3, 5, 37]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 106, 1, 6, 3, 5, 37), s = normal(d, DType.F32, 107, 1, 6), b = normal(d, DType.F32, 108, 1, 6);
            Tensor y = d.empty(DType.F32, x.shape());
            return new OpCase.Run(() -> k.channelAffine(y, x, s, b), List.of(y));
        }));
        c.add(OpCase.of(Op.CHANNEL_DIVIDE_ADD, "channel divide and add in place [6, 3, 5, 37]", 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, 109, 1, 6, 3, 5, 37), s = normal(d, DType.F32, 110, 1, 6), b = normal(d, DType.F32, 111, 1, 6);
            return new OpCase.Run(() -> k.channelDivideAdd(x, x, s, b), List.of(x));
        }));
    }

    private static OpCase layout(Op op, String what, int[] in, int[] out, long seed, Layout body) {
        return OpCase.of(op, what + " " + Shape.of(in) + " → " + Shape.of(out), 0, (d, k) -> {
            Tensor x = normal(d, DType.F32, seed, 1, in), y = d.empty(DType.F32, Shape.of(out));
            return new OpCase.Run(() -> body.run(k, y, x), List.of(y));
        });
    }

    private interface Layout { void run(Kernels k, Tensor out, Tensor x); }

    private static void layouts(List<OpCase> c) {
        c.add(layout(Op.UPSAMPLE_NEAREST_2X, "nearest ×2", new int[] {3, 2, 5, 37}, new int[] {3, 2, 10, 74}, 111,
                (k, y, x) -> k.upsampleNearest2x(y, x)));
        c.add(layout(Op.PIXEL_SHUFFLE_2X2, "pixel shuffle", new int[] {12, 2, 5, 35}, new int[] {3, 2, 10, 70}, 112,
                (k, y, x) -> k.pixelShuffle2x2(y, x)));
        c.add(layout(Op.PIXEL_UNSHUFFLE_2X2, "pixel unshuffle", new int[] {3, 2, 10, 70}, new int[] {12, 2, 5, 35}, 113,
                (k, y, x) -> k.pixelUnshuffle2x2(y, x)));
        c.add(layout(Op.FRAMES_FROM_CHANNELS, "frames from channels", new int[] {10, 3, 4, 7}, new int[] {5, 6, 4, 7}, 114,
                (k, y, x) -> k.framesFromChannels(y, x, false)));
        c.add(layout(Op.FRAMES_FROM_CHANNELS, "frames from channels, first dropped", new int[] {10, 3, 4, 7}, new int[] {5, 5, 4, 7}, 115,
                (k, y, x) -> k.framesFromChannels(y, x, true)));
        c.add(layout(Op.AVG_DOWN, "avg down (2, 2) with a zero frame", new int[] {6, 3, 6, 38}, new int[] {12, 2, 3, 19}, 116,
                (k, y, x) -> k.avgDown(y, x, 2, 2)));
        c.add(layout(Op.AVG_DOWN, "avg down (1, 2)", new int[] {6, 1, 6, 38}, new int[] {12, 1, 3, 19}, 117,
                (k, y, x) -> k.avgDown(y, x, 1, 2)));
        c.add(layout(Op.AVG_DOWN, "avg down (2, 1), groups of 4", new int[] {8, 4, 3, 5}, new int[] {4, 2, 3, 5}, 118,
                (k, y, x) -> k.avgDown(y, x, 2, 1)));
    }

    private static void frames(List<OpCase> c) {
        c.add(OpCase.of(Op.RGB_TO_BYTES, "rgb to bytes [3, 3, 7, 37] with values outside [−1, 1] and a NaN", 0, (d, k) -> {
            float[] v = OpData.normal(121, 3 * 3 * 7 * 37, 1.2);
            v[5] = Float.NaN;
            v[6] = Float.POSITIVE_INFINITY;
            Tensor rgb = OpData.tensor(d, DType.F32, v, 3, 3, 7, 37), y = d.empty(DType.U8, Shape.of(3, 7, 37, 3));
            return new OpCase.Run(() -> k.rgbToBytes(y, rgb), List.of(y));
        }));
        for (DType out : new DType[] {DType.F32, DType.U8}) {
            c.add(OpCase.of(Op.ALPHA_COMPOSITE, "alpha composite → " + out + " alpha [4, 3, 8, 36], colours [12, 3, 2, 9]", 0, (d, k) -> {
                Tensor a = normal(d, DType.F32, 122, 4, 4, 3, 8, 36), fg = normal(d, DType.F32, 123, 3, 12, 3, 2, 9);
                Tensor bg = normal(d, DType.F32, 124, 3, 12, 3, 2, 9), y = d.empty(out, Shape.of(9, 8, 36, 3));
                return new OpCase.Run(() -> k.alphaComposite(y, a, fg, bg), List.of(y));
            }));
        }
        c.add(OpCase.of(Op.ALPHA_COMPOSITE, "alpha composite → F32 alpha [2, 1, 3, 7], colours [6, 1, 3, 7] (r = 1)", 0, (d, k) -> {
            Tensor a = normal(d, DType.F32, 125, 20, 2, 1, 3, 7), fg = normal(d, DType.F32, 126, 20, 6, 1, 3, 7);
            Tensor bg = normal(d, DType.F32, 127, 20, 6, 1, 3, 7), y = d.empty(DType.F32, Shape.of(1, 3, 7, 3));
            return new OpCase.Run(() -> k.alphaComposite(y, a, fg, bg), List.of(y));
        }));
    }
}
