package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.ConvGeometry;
import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.VolumeKernels;
import dev.gallop.engine.backend.VolumeShapes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.volume.ChannelNorms;
import dev.gallop.engine.backend.cpu.volume.Conv3dKernel;
import dev.gallop.engine.backend.cpu.volume.FrameOutput;
import dev.gallop.engine.backend.cpu.volume.VolumeLayouts;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;

/// The CPU's [VolumeKernels]: the shapes are checked by [VolumeShapes], the work is done by the kernels of
/// `backend.cpu.volume` (each with its Vector API form and scalar twin) on the tensors' memory.
final class CpuVolumeKernels implements VolumeKernels {
    private final boolean vector;

    CpuVolumeKernels(boolean vector) { this.vector = vector; }

    @Override public void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad) {
        ConvGeometry g = VolumeShapes.conv3d(out, x, weight, bias, pad);
        float[] w = Seg.floats(weight), b = Seg.floats(bias);
        if (vector) Conv3dKernel.vector(Seg.of(x), x.byteOffset(), w, b, g, Seg.of(out), out.byteOffset());
        else Conv3dKernel.scalar(Seg.of(x), x.byteOffset(), w, b, g, Seg.of(out), out.byteOffset());
    }

    @Override public void channelRmsNorm(Tensor out, Tensor x, float eps) {
        int[] cn = VolumeShapes.sameVolume("channelRmsNorm", out, x);
        ChannelNorms.rms(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), cn[0], cn[1], eps, vector);
    }

    @Override public void channelL2Norm(Tensor out, Tensor x, Tensor gamma) {
        int[] cn = VolumeShapes.sameVolume("channelL2Norm", out, x);
        VolumeShapes.perChannel("channelL2Norm", "gamma", gamma, cn[0]);
        ChannelNorms.l2(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), Seg.floats(gamma), cn[1], vector);
    }

    @Override public void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift) {
        int[] cn = VolumeShapes.sameVolume("channelAffine", out, x);
        VolumeShapes.perChannel("channelAffine", "scale", scale, cn[0]);
        VolumeShapes.perChannel("channelAffine", "shift", shift, cn[0]);
        ChannelNorms.affine(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), Seg.floats(scale), Seg.floats(shift), cn[1], vector);
    }

    @Override public void channelDivideAdd(Tensor out, Tensor x, Tensor divisor, Tensor shift) {
        int[] cn = VolumeShapes.sameVolume("channelDivideAdd", out, x);
        VolumeShapes.perChannel("channelDivideAdd", "divisor", divisor, cn[0]);
        VolumeShapes.perChannel("channelDivideAdd", "shift", shift, cn[0]);
        ChannelNorms.divideAdd(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), Seg.floats(divisor), Seg.floats(shift), cn[1], vector);
    }

    @Override public void upsampleNearest2x(Tensor out, Tensor x) {
        int[] d = VolumeShapes.nearest2x(out, x);
        VolumeLayouts.nearest2x(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), d[0] * d[1], d[2], d[3], vector);
    }

    @Override public void upsampleTrilinear(Tensor out, Tensor x) {
        Volumes.requireVolume(x, "upsampleTrilinear x");
        Volumes.requireVolume(out, "upsampleTrilinear out");
        int c = x.shape().dim(0), t = x.shape().dim(1), h = x.shape().dim(2), w = x.shape().dim(3);
        int t2 = out.shape().dim(1), h2 = out.shape().dim(2), w2 = out.shape().dim(3);
        if (out.shape().dim(0) != c) throw new IllegalArgumentException("upsampleTrilinear: " + x.shape() + " into " + out.shape() + " changes channels");
        Trilinear at = new Trilinear(t, t2), ah = new Trilinear(h, h2), aw = new Trilinear(w, w2);
        float[] in = Seg.floats(x), res = new float[c * t2 * h2 * w2];
        Parallel.range(c * t2, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ch = r / t2, ot = r % t2, cb = ch * t * h * w;
                for (int oh = 0; oh < h2; oh++) {
                    for (int ow = 0; ow < w2; ow++) {
                        float acc = 0f;
                        for (int jt = 0; jt < 2; jt++) {
                            int it = jt == 0 ? at.i0[ot] : at.i1[ot];
                            float ht = 0f;
                            for (int jh = 0; jh < 2; jh++) {
                                int ih = jh == 0 ? ah.i0[oh] : ah.i1[oh];
                                int row = cb + (it * h + ih) * w;
                                float hw = in[row + aw.i0[ow]] * aw.l0[ow] + in[row + aw.i1[ow]] * aw.l1[ow];
                                float wh = jh == 0 ? ah.l0[oh] : ah.l1[oh];
                                ht = jh == 0 ? hw * wh : ht + hw * wh;
                            }
                            float wt = jt == 0 ? at.l0[ot] : at.l1[ot];
                            acc = jt == 0 ? ht * wt : acc + ht * wt;
                        }
                        res[(r * h2 + oh) * w2 + ow] = acc;
                    }
                }
            }
        });
        Seg.write(out, 0, res, 0, res.length);
    }

    /// Source indices and weights along one axis (align_corners = True).
    static final class Trilinear {
        final int[] i0, i1;
        final float[] l0, l1;

        Trilinear(int in, int outSize) {
            if (in < 1 || outSize < 1) throw new IllegalArgumentException("sizes must be >= 1: " + in + " -> " + outSize);
            float scale = outSize > 1 ? (float) (in - 1) / (float) (outSize - 1) : 0f;
            i0 = new int[outSize];
            i1 = new int[outSize];
            l0 = new float[outSize];
            l1 = new float[outSize];
            for (int o = 0; o < outSize; o++) {
                float src = scale * o;
                int lo = Math.min((int) src, in - 1);
                i0[o] = lo;
                i1[o] = lo < in - 1 ? lo + 1 : lo;
                float lam = Math.min(Math.max(src - lo, 0f), 1f);
                l1[o] = lam;
                l0[o] = 1f - lam;
            }
        }
    }

    @Override public void pixelShuffle2x2(Tensor out, Tensor x) {
        int[] d = VolumeShapes.pixelShuffle(out, x);
        VolumeLayouts.pixelShuffle(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), d[0] / 4, d[1], d[2], d[3], vector);
    }

    @Override public void pixelUnshuffle2x2(Tensor out, Tensor x) {
        int[] d = VolumeShapes.pixelUnshuffle(out, x);
        VolumeLayouts.pixelUnshuffle(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), d[0] / 4, d[1], d[2], d[3], vector);
    }

    @Override public void framesFromChannels(Tensor out, Tensor x, boolean dropFirst) {
        int[] d = VolumeShapes.framesFromChannels(out, x, dropFirst);
        VolumeLayouts.framesFromChannels(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), d[0] / 2, d[1], d[2] * d[3], dropFirst, vector);
    }

    @Override public void avgDown(Tensor out, Tensor x, int ft, int fs) {
        int[] d = VolumeShapes.avgDown(out, x, ft, fs);
        VolumeLayouts.avgDown(Seg.of(x), x.byteOffset(), Seg.of(out), out.byteOffset(), d[0], d[1], d[2], d[3], out.shape().dim(0), ft, fs, vector);
    }

    // ------------------------------------------------------------ latent packing and frames (the DiT's and samplers')

    @Override public void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames) {
        Volumes.requireVolume(dst, "copyFrames dst");
        Volumes.requireVolume(src, "copyFrames src");
        Shape d = dst.shape(), s = src.shape();
        if (d.dim(0) != s.dim(0) || d.dim(2) != s.dim(2) || d.dim(3) != s.dim(3) || frames < 0 || srcFrame < 0 || dstFrame < 0
                || srcFrame + frames > s.dim(1) || dstFrame + frames > d.dim(1) || dst.dtype() != src.dtype()) {
            throw new IllegalArgumentException("copyFrames: frames [" + srcFrame + ", " + (srcFrame + frames) + ") of " + src.dtype() + s
                    + " into frames [" + dstFrame + ", ...) of " + dst.dtype() + d);
        }
        long plane = (long) s.dim(2) * s.dim(3), es = src.dtype().bytes();
        MemorySegment ss = Seg.of(src), ds = Seg.of(dst);
        for (int c = 0; c < s.dim(0); c++) {
            long from = ((long) c * s.dim(1) + srcFrame) * plane, to = ((long) c * d.dim(1) + dstFrame) * plane;
            MemorySegment.copy(ss, src.byteOffset() + es * from, ds, dst.byteOffset() + es * to, es * frames * plane);
        }
    }

    @Override public void patchify(Tensor tokens, Tensor latent) {
        Volumes.requireVolume(latent, "patchify latent");
        int c = latent.shape().dim(0), t = latent.shape().dim(1), h = latent.shape().dim(2), w = latent.shape().dim(3);
        int gh = h / 2, gw = w / 2, f = 4 * c;
        if (h % 2 != 0 || w % 2 != 0 || !tokens.shape().equals(Shape.of(t * gh * gw, f))) {
            throw new IllegalArgumentException("patchify: latent " + latent.shape() + " (H, W even) into tokens " + tokens.shape()
                    + ", expected [" + t * gh * gw + ", " + f + "]");
        }
        float[] in = Seg.floats(latent), out = new float[t * gh * gw * f];
        Parallel.range(t * gh, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ti = r / gh, y = r % gh;
                for (int x = 0; x < gw; x++) {
                    int n = r * gw + x;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ph = 0; ph < 2; ph++) {
                            for (int pw = 0; pw < 2; pw++) {
                                out[n * f + ch * 4 + ph * 2 + pw] = in[((ch * t + ti) * h + 2 * y + ph) * w + 2 * x + pw];
                            }
                        }
                    }
                }
            }
        });
        Seg.write(tokens, 0, out, 0, out.length);
    }

    @Override public void unpatchify(Tensor latent, Tensor tokens) {
        Volumes.requireVolume(latent, "unpatchify latent");
        int c = latent.shape().dim(0), t = latent.shape().dim(1), h = latent.shape().dim(2), w = latent.shape().dim(3);
        int gh = h / 2, gw = w / 2, f = 4 * c;
        if (h % 2 != 0 || w % 2 != 0 || !tokens.shape().equals(Shape.of(t * gh * gw, f))) {
            throw new IllegalArgumentException("unpatchify: tokens " + tokens.shape() + " into latent " + latent.shape()
                    + ", expected tokens [" + t * gh * gw + ", " + f + "]");
        }
        float[] in = Seg.floats(tokens), out = new float[c * t * h * w];
        Parallel.range(t * gh, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ti = r / gh, y = r % gh;
                for (int x = 0; x < gw; x++) {
                    int n = r * gw + x;
                    for (int ph = 0; ph < 2; ph++) {
                        for (int pw = 0; pw < 2; pw++) {
                            for (int ch = 0; ch < c; ch++) {
                                out[((ch * t + ti) * h + 2 * y + ph) * w + 2 * x + pw] = in[n * f + (ph * 2 + pw) * c + ch];
                            }
                        }
                    }
                }
            }
        });
        Seg.write(latent, 0, out, 0, out.length);
    }

    @Override public void rgbToBytes(Tensor out, Tensor rgb) {
        int[] d = VolumeShapes.rgbToBytes(out, rgb);
        FrameOutput.rgbToBytes(Seg.of(rgb), rgb.byteOffset(), Seg.of(out), out.byteOffset(), d[1] * d[2] * d[3], vector);
    }

    @Override public void alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg) {
        int[] d = VolumeShapes.alphaComposite(out, alpha, fg, bg);
        FrameOutput.alphaComposite(Seg.of(alpha), alpha.byteOffset(), Seg.of(fg), fg.byteOffset(), Seg.of(bg), bg.byteOffset(),
                Seg.of(out), out.byteOffset(), out.dtype() == DType.U8, d[0], d[1], d[2], d[3], d[4], vector);
    }

}
