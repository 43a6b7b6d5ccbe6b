package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.VolumeKernels;
import dev.gallop.engine.backend.VolumeShapes;
import dev.gallop.engine.backend.cuda.kernels.Variants;
import dev.gallop.engine.backend.cuda.kernels.VolumeNatives;
import dev.gallop.engine.tensor.DType;

/// The CUDA backend's [VolumeKernels] on natives/conv3d.cu and volume.cu: the shapes are checked by [VolumeShapes]
/// (the CPU's rules), every kernel gives the CPU scalar twins' bits.
final class CudaVolumeKernels implements VolumeKernels {
    /// Threads per block of the convolution (output columns of one row).
    static final int CONV_BLOCK = 128;
    /// Output channels per thread of the convolution.
    static final int CONV_CHANNELS = 4;

    private final CudaContext c;

    CudaVolumeKernels(CudaDevice device, CudaContext c) { this.c = c; }

    @Override public void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) {
        ConvGeometry g = VolumeShapes.conv3d(out, x, weight, bias, pad);
        long blocks = (long) Math.ceilDiv(g.outW(), CONV_BLOCK) * g.outT() * g.outH();
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("conv3d: output " + out.shape() + " needs too many blocks");
        int replicate = pad.timeMode() == ConvPadding.TimeMode.REPLICATE ? 1 : 0;
        c.launch(Variants.pick(VolumeNatives.CONV3D, "conv3d", weight.dtype()), (int) blocks, Math.ceilDiv(g.cout(), CONV_CHANNELS), CONV_BLOCK, 0,
                a -> a.ptr(ptr(x)).ptr(ptr(weight)).ptr(ptr(bias)).ptr(ptr(out)).i32(g.cin()).i32(g.t()).i32(g.h()).i32(g.w()).i32(g.cout())
                        .i32(g.kt()).i32(g.kh()).i32(g.kw()).i32(g.outT()).i32(g.outH()).i32(g.outW()).i32(replicate).i32(pad.front())
                        .i32(pad.top()).i32(pad.left()).i32(pad.stride()));
    }

    @Override public void channelRmsNorm(Tensor out, Tensor x, float eps) {
        int[] cn = VolumeShapes.sameVolume("channelRmsNorm", out, x);
        c.launch1d(VolumeNatives.CHANNEL_RMS_NORM, cn[1], a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(cn[0]).i64(cn[1]).f32(eps));
    }

    @Override public void channelL2Norm(Tensor out, Tensor x, Tensor gamma) {
        int[] cn = VolumeShapes.sameVolume("channelL2Norm", out, x);
        VolumeShapes.perChannel("channelL2Norm", "gamma", gamma, cn[0]);
        float scale = (float) Math.sqrt(cn[0]);
        c.launch1d(VolumeNatives.CHANNEL_L2_NORM, cn[1], a -> a.ptr(ptr(x)).ptr(ptr(out)).ptr(ptr(gamma)).i32(cn[0]).i64(cn[1]).f32(scale));
    }

    @Override public void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift) {
        int[] cn = VolumeShapes.sameVolume("channelAffine", out, x);
        VolumeShapes.perChannel("channelAffine", "scale", scale, cn[0]);
        VolumeShapes.perChannel("channelAffine", "shift", shift, cn[0]);
        c.launch1d(VolumeNatives.CHANNEL_AFFINE, x.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).ptr(ptr(scale)).ptr(ptr(shift)).i32(cn[0]).i64(cn[1]));
    }

    @Override public void channelDivideAdd(Tensor out, Tensor x, Tensor divisor, Tensor shift) {
        int[] cn = VolumeShapes.sameVolume("channelDivideAdd", out, x);
        VolumeShapes.perChannel("channelDivideAdd", "divisor", divisor, cn[0]);
        VolumeShapes.perChannel("channelDivideAdd", "shift", shift, cn[0]);
        c.launch1d(VolumeNatives.CHANNEL_DIVIDE_ADD, x.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).ptr(ptr(divisor)).ptr(ptr(shift)).i32(cn[0]).i64(cn[1]));
    }

    @Override public void upsampleNearest2x(Tensor out, Tensor x) {
        int[] d = VolumeShapes.nearest2x(out, x);
        c.launch1d(VolumeNatives.UPSAMPLE_NEAREST_2X, out.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).i64((long) d[0] * d[1]).i32(d[2]).i32(d[3]));
    }

    @Override public void upsampleTrilinear(Tensor out, Tensor x) {
        int[] d = VolumeShapes.trilinear(out, x);
        int[] o = out.shape().dims();
        c.launch1d(VolumeNatives.UPSAMPLE_TRILINEAR, out.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(d[0]).i32(d[1]).i32(d[2]).i32(d[3])
                .i32(o[1]).i32(o[2]).i32(o[3]).f32(alignCornersScale(d[1], o[1])).f32(alignCornersScale(d[2], o[2])).f32(alignCornersScale(d[3], o[3])));
    }

    /// The source step of an align_corners resize from n to m samples, in f32 as the CPU computes it.
    static float alignCornersScale(int n, int m) { return m > 1 ? (float) (n - 1) / (float) (m - 1) : 0f; }

    @Override public void pixelShuffle2x2(Tensor out, Tensor x) {
        int[] d = VolumeShapes.pixelShuffle(out, x);
        c.launch1d(VolumeNatives.PIXEL_SHUFFLE_2X2, out.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(d[0] / 4).i32(d[1]).i32(d[2]).i32(d[3]));
    }

    @Override public void pixelUnshuffle2x2(Tensor out, Tensor x) {
        int[] d = VolumeShapes.pixelUnshuffle(out, x);
        c.launch1d(VolumeNatives.PIXEL_UNSHUFFLE_2X2, out.numel(), a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(d[0] / 4).i32(d[1]).i32(d[2]).i32(d[3]));
    }

    @Override public void framesFromChannels(Tensor out, Tensor x, boolean dropFirst) {
        int[] d = VolumeShapes.framesFromChannels(out, x, dropFirst);
        c.launch1d(VolumeNatives.FRAMES_FROM_CHANNELS, out.numel(),
                a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(d[0] / 2).i32(d[1]).i64((long) d[2] * d[3]).i32(dropFirst ? 1 : 0));
    }

    @Override public void avgDown(Tensor out, Tensor x, int ft, int fs) {
        int[] d = VolumeShapes.avgDown(out, x, ft, fs);
        c.launch1d(VolumeNatives.AVG_DOWN, out.numel(),
                a -> a.ptr(ptr(x)).ptr(ptr(out)).i32(d[0]).i32(d[1]).i32(d[2]).i32(d[3]).i32(out.shape().dim(0)).i32(ft).i32(fs));
    }

    @Override public void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) {
        VolumeShapes.copyFrames(dst, dstFrame, src, srcFrame, frames);
        int[] s = src.shape().dims();
        long n = (long) s[0] * frames * s[2] * s[3];
        if (n == 0) return;
        c.launch1d(VolumeNatives.COPY_FRAMES, n, a -> a.ptr(ptr(src)).i32(s[1]).i32(srcFrame).ptr(ptr(dst)).i32(dst.shape().dim(1)).i32(dstFrame)
                .i32(s[0]).i32(frames).i64((long) s[2] * s[3]));
    }

    @Override public void patchify(Tensor tokens, Tensor latent) {
        int[] d = VolumeShapes.patches("patchify", latent, tokens);
        c.launch1d(VolumeNatives.PATCHIFY, tokens.numel(), a -> a.ptr(ptr(latent)).ptr(ptr(tokens)).i32(d[0]).i32(d[1]).i32(d[2]).i32(d[3]));
    }

    @Override public void unpatchify(Tensor latent, Tensor tokens) {
        int[] d = VolumeShapes.patches("unpatchify", latent, tokens);
        c.launch1d(VolumeNatives.UNPATCHIFY, latent.numel(), a -> a.ptr(ptr(tokens)).ptr(ptr(latent)).i32(d[0]).i32(d[1]).i32(d[2]).i32(d[3]));
    }

    @Override public void rgbToBytes(Tensor out, Tensor rgb) {
        int[] d = VolumeShapes.rgbToBytes(out, rgb);
        long n = (long) d[1] * d[2] * d[3];
        c.launch1d(VolumeNatives.RGB_TO_BYTES, 3 * n, a -> a.ptr(ptr(rgb)).ptr(ptr(out)).i64(n));
    }

    @Override public void alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg) {
        int[] d = VolumeShapes.alphaComposite(out, alpha, fg, bg);
        c.launch1d(out.dtype() == DType.U8 ? VolumeNatives.ALPHA_COMPOSITE_U8 : VolumeNatives.ALPHA_COMPOSITE_F32, out.numel(),
                a -> a.ptr(ptr(alpha)).ptr(ptr(fg)).ptr(ptr(bg)).ptr(ptr(out)).i32(d[0]).i32(d[1]).i32(d[2]).i32(d[3]).i32(d[4]));
    }
}
