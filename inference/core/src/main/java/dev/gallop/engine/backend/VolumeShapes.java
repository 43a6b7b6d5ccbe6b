package dev.gallop.engine.backend;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// The shape and dtype rules of [VolumeKernels], checked the same way by every backend. Each check throws an
/// [IllegalArgumentException] naming the operation, the operand, and the shape and dtype it got.
public final class VolumeShapes {
    private VolumeShapes() {}

    /// Requires an F32 volume [C, T, H, W]; returns its dims.
    public static int[] volume(String op, String operand, Tensor t) {
        if (t.shape().rank() != 4 || t.dtype() != DType.F32) {
            throw new IllegalArgumentException(op + ": " + operand + " must be an F32 volume [C, T, H, W], got " + t.dtype() + t.shape());
        }
        return t.shape().dims();
    }

    /// Requires an F32 vector of `c` values (a per-channel table).
    public static void perChannel(String op, String operand, Tensor t, int c) {
        if (t.dtype() != DType.F32 || t.numel() != c) {
            throw new IllegalArgumentException(op + ": " + operand + " must be F32 with one value per channel (" + c + "), got " + t.dtype() + t.shape());
        }
    }

    private static void requireOut(String op, Tensor out, int... dims) {
        if (!out.shape().equals(Shape.of(dims))) {
            throw new IllegalArgumentException(op + ": out is " + out.dtype() + out.shape() + ", expected " + Shape.of(dims));
        }
    }

    /// conv3d's operands: x [Cin, T, H, W], weight [Cout, Cin, kt, kh, kw] (F32 or BF16), bias F32 [Cout] and out
    /// [Cout, T', H', W'] with the sizes the padding gives.
    public static ConvGeometry conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) {
        int[] xd = volume("conv3d", "x", x);
        volume("conv3d", "out", out);
        int[] wd = weight.shape().dims();
        if (wd.length != 5 || (weight.dtype() != DType.F32 && weight.dtype() != DType.BF16) || wd[1] != xd[0]) {
            throw new IllegalArgumentException("conv3d: weight must be F32 or BF16 [Cout, " + xd[0] + ", kt, kh, kw] for x "
                    + x.dtype() + x.shape() + ", got " + weight.dtype() + weight.shape());
        }
        perChannel("conv3d", "bias", bias, wd[0]);
        ConvGeometry g = new ConvGeometry(xd[0], xd[1], xd[2], xd[3], wd[0], wd[2], wd[3], wd[4], pad);
        if (g.outT() < 1 || g.outH() < 1 || g.outW() < 1) {
            throw new IllegalArgumentException("conv3d: x " + x.shape() + " is too small for a " + wd[2] + "×" + wd[3] + "×" + wd[4] + " kernel with " + pad);
        }
        requireOut("conv3d", out, g.cout(), g.outT(), g.outH(), g.outW());
        return g;
    }

    /// A per-position operation over channels: out and x F32 volumes of one shape. Returns {C, T·H·W}.
    public static int[] sameVolume(String op, Tensor out, Tensor x) {
        int[] d = volume(op, "x", x);
        volume(op, "out", out);
        requireOut(op, out, d);
        return new int[] {d[0], d[1] * d[2] * d[3]};
    }

    /// upsampleNearest2x: x [C, T, H, W] → out [C, T, 2H, 2W]. Returns x's dims.
    public static int[] nearest2x(Tensor out, Tensor x) {
        int[] d = volume("upsampleNearest2x", "x", x);
        volume("upsampleNearest2x", "out", out);
        requireOut("upsampleNearest2x", out, d[0], d[1], 2 * d[2], 2 * d[3]);
        return d;
    }

    /// pixelShuffle2x2: x [4C, T, H, W] → out [C, T, 2H, 2W]. Returns x's dims.
    public static int[] pixelShuffle(Tensor out, Tensor x) {
        int[] d = volume("pixelShuffle2x2", "x", x);
        volume("pixelShuffle2x2", "out", out);
        if (d[0] % 4 != 0) throw new IllegalArgumentException("pixelShuffle2x2: x must have a multiple of 4 channels, got " + x.dtype() + x.shape());
        requireOut("pixelShuffle2x2", out, d[0] / 4, d[1], 2 * d[2], 2 * d[3]);
        return d;
    }

    /// pixelUnshuffle2x2: x [C, T, 2H, 2W] → out [4C, T, H, W]. Returns out's dims.
    public static int[] pixelUnshuffle(Tensor out, Tensor x) {
        int[] d = volume("pixelUnshuffle2x2", "x", x);
        volume("pixelUnshuffle2x2", "out", out);
        if (d[2] % 2 != 0 || d[3] % 2 != 0) {
            throw new IllegalArgumentException("pixelUnshuffle2x2: x must have even H and W, got " + x.dtype() + x.shape());
        }
        requireOut("pixelUnshuffle2x2", out, 4 * d[0], d[1], d[2] / 2, d[3] / 2);
        return out.shape().dims();
    }

    /// framesFromChannels: x [2C, T, H, W] → out [C, 2T − d, H, W]. Returns x's dims.
    public static int[] framesFromChannels(Tensor out, Tensor x, boolean dropFirst) {
        int[] d = volume("framesFromChannels", "x", x);
        volume("framesFromChannels", "out", out);
        if (d[0] % 2 != 0) throw new IllegalArgumentException("framesFromChannels: x must have an even channel count, got " + x.dtype() + x.shape());
        requireOut("framesFromChannels", out, d[0] / 2, 2 * d[1] - (dropFirst ? 1 : 0), d[2], d[3]);
        return d;
    }

    /// avgDown: x [C, T, H, W] → out [Cout, ⌈T/ft⌉, H/fs, W/fs] with Cout dividing C·ft·fs². Returns x's dims.
    public static int[] avgDown(Tensor out, Tensor x, int ft, int fs) {
        int[] d = volume("avgDown", "x", x);
        int[] o = volume("avgDown", "out", out);
        if (ft < 1 || fs < 1 || d[2] % fs != 0 || d[3] % fs != 0 || (long) d[0] * ft * fs * fs % o[0] != 0) {
            throw new IllegalArgumentException("avgDown: cannot take x " + x.shape() + " to " + o[0] + " channels by (" + ft + ", " + fs + ", " + fs
                    + "): H and W must be multiples of fs and the output channels must divide C·ft·fs²");
        }
        requireOut("avgDown", out, o[0], (d[1] + ft - 1) / ft, d[2] / fs, d[3] / fs);
        return d;
    }

    /// upsampleTrilinear: x [C, T, H, W] → out [C, T2, H2, W2], every size at least 1. Returns x's dims.
    public static int[] trilinear(Tensor out, Tensor x) {
        int[] d = volume("upsampleTrilinear", "x", x);
        int[] o = volume("upsampleTrilinear", "out", out);
        if (o[0] != d[0] || o[1] < 1 || o[2] < 1 || o[3] < 1) {
            throw new IllegalArgumentException("upsampleTrilinear: x " + x.shape() + " into out " + out.shape() + " (same channels, sizes ≥ 1)");
        }
        return d;
    }

    /// copyFrames: frames [srcFrame, srcFrame + frames) of src [C, Ts, H, W] into frames [dstFrame, ...) of dst
    /// [C, Td, H, W], same dtype.
    public static void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) {
        int[] d = volume("copyFrames", "dst", dst), s = volume("copyFrames", "src", src);
        if (d[0] != s[0] || d[2] != s[2] || d[3] != s[3] || frames < 0 || srcFrame < 0 || dstFrame < 0
                || srcFrame + frames > s[1] || dstFrame + frames > d[1]) {
            throw new IllegalArgumentException("copyFrames: frames [" + srcFrame + ", " + (srcFrame + frames) + ") of src " + src.dtype() + src.shape()
                    + " into frames [" + dstFrame + ", " + (dstFrame + frames) + ") of dst " + dst.dtype() + dst.shape());
        }
    }

    /// patchify / unpatchify: latent [C, T, H, W] (H, W even) and tokens [T·H/2·W/2, 4C], both F32.
    public static int[] patches(String op, Tensor latent, Tensor tokens) {
        int[] d = volume(op, "latent", latent);
        if (tokens.dtype() != DType.F32 || d[2] % 2 != 0 || d[3] % 2 != 0
                || !tokens.shape().equals(Shape.of(d[1] * (d[2] / 2) * (d[3] / 2), 4 * d[0]))) {
            throw new IllegalArgumentException(op + ": latent " + latent.dtype() + latent.shape() + " (H, W even) and tokens "
                    + tokens.dtype() + tokens.shape() + ", expected tokens F32[" + d[1] * (d[2] / 2) * (d[3] / 2) + ", " + 4 * d[0] + "]");
        }
        return d;
    }

    /// rgbToBytes: rgb F32 [3, T, H, W] → out U8 [T, H, W, 3]. Returns rgb's dims.
    public static int[] rgbToBytes(Tensor out, Tensor rgb) {
        int[] d = volume("rgbToBytes", "rgb", rgb);
        if (d[0] != 3) throw new IllegalArgumentException("rgbToBytes: rgb must have 3 channels, got " + rgb.dtype() + rgb.shape());
        if (out.dtype() != DType.U8) throw new IllegalArgumentException("rgbToBytes: out must be U8, got " + out.dtype() + out.shape());
        requireOut("rgbToBytes", out, d[1], d[2], d[3], 3);
        return d;
    }

    /// alphaComposite: alpha F32 [K, T, H, W], fg and bg F32 [3K, T, H/r, W/r], out F32 or U8 [K(T − 1) + 1, H, W, 3].
    /// Returns {K, T, H, W, r}.
    public static int[] alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg) {
        int[] a = volume("alphaComposite", "alpha", alpha), f = volume("alphaComposite", "fg", fg);
        volume("alphaComposite", "bg", bg);
        int r = f[2] > 0 ? a[2] / f[2] : 0;
        if (f[0] != 3 * a[0] || f[1] != a[1] || r < 1 || f[2] * r != a[2] || f[3] * r != a[3] || !bg.shape().equals(fg.shape())) {
            throw new IllegalArgumentException("alphaComposite: alpha " + alpha.shape() + " needs fg and bg [" + 3 * a[0] + ", " + a[1]
                    + ", H/r, W/r] for one integer r, got fg " + fg.shape() + " and bg " + bg.shape());
        }
        if (out.dtype() != DType.F32 && out.dtype() != DType.U8) {
            throw new IllegalArgumentException("alphaComposite: out must be F32 or U8, got " + out.dtype() + out.shape());
        }
        requireOut("alphaComposite", out, a[0] * (a[1] - 1) + 1, a[2], a[3], 3);
        return new int[] {a[0], a[1], a[2], a[3], r};
    }
}
