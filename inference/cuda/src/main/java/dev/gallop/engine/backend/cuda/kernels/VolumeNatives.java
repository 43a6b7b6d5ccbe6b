package dev.gallop.engine.backend.cuda.kernels;

import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.F32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I64;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.PTR;

import java.util.Map;

/// The kernels of the volume operations (natives/conv3d.cu, volume.cu), on f32 volumes [C, T, H, W].
public final class VolumeNatives {
    private VolumeNatives() {}

    /// (x, weight, bias, out, cin, t, h, w, cout, kt, kh, kw, to, ho, wo, replicate, front, top, left, stride): the
    /// dtype suffix is the weight's. Grid: (⌈wo/128⌉·to·ho, ⌈cout/4⌉) blocks of 128 threads.
    public static final Map<String, NativeKernel> CONV3D =
            Variants.each("conv3d", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32);
    /// (x, out, c, n, eps)
    public static final NativeKernel CHANNEL_RMS_NORM = NativeKernel.of("channel_rms_norm_f32", PTR, PTR, I32, I64, F32);
    /// (x, out, gamma, c, n, √C)
    public static final NativeKernel CHANNEL_L2_NORM = NativeKernel.of("channel_l2_norm_f32", PTR, PTR, PTR, I32, I64, F32);
    /// (x, out, scale, shift, c, n)
    public static final NativeKernel CHANNEL_AFFINE = NativeKernel.of("channel_affine_f32", PTR, PTR, PTR, PTR, I32, I64);
    /// (x, out, divisor, shift, c, n)
    public static final NativeKernel CHANNEL_DIVIDE_ADD = NativeKernel.of("channel_divide_add_f32", PTR, PTR, PTR, PTR, I32, I64);
    /// (x, out, planes, h, w)
    public static final NativeKernel UPSAMPLE_NEAREST_2X = NativeKernel.of("upsample_nearest2x_f32", PTR, PTR, I64, I32, I32);
    /// (x, out, c, t, h, w, t2, h2, w2, scaleT, scaleH, scaleW)
    public static final NativeKernel UPSAMPLE_TRILINEAR =
            NativeKernel.of("upsample_trilinear_f32", PTR, PTR, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32);
    /// (x, out, c, t, h, w): c, h, w of the smaller side.
    public static final NativeKernel PIXEL_SHUFFLE_2X2 = NativeKernel.of("pixel_shuffle2x2_f32", PTR, PTR, I32, I32, I32, I32);
    public static final NativeKernel PIXEL_UNSHUFFLE_2X2 = NativeKernel.of("pixel_unshuffle2x2_f32", PTR, PTR, I32, I32, I32, I32);
    /// (x, out, c, t, frame, dropFirst)
    public static final NativeKernel FRAMES_FROM_CHANNELS = NativeKernel.of("frames_from_channels_f32", PTR, PTR, I32, I32, I64, I32);
    /// (x, out, c, t, h, w, cout, ft, fs)
    public static final NativeKernel AVG_DOWN = NativeKernel.of("avg_down_f32", PTR, PTR, I32, I32, I32, I32, I32, I32, I32);
    /// (src, ts, srcFrame, dst, td, dstFrame, c, frames, plane)
    public static final NativeKernel COPY_FRAMES = NativeKernel.of("copy_frames_f32", PTR, I32, I32, PTR, I32, I32, I32, I32, I64);
    /// (latent, tokens, c, t, h, w)
    public static final NativeKernel PATCHIFY = NativeKernel.of("patchify_f32", PTR, PTR, I32, I32, I32, I32);
    /// (tokens, latent, c, t, h, w)
    public static final NativeKernel UNPATCHIFY = NativeKernel.of("unpatchify_f32", PTR, PTR, I32, I32, I32, I32);
    /// (rgb, out, n)
    public static final NativeKernel RGB_TO_BYTES = NativeKernel.of("rgb_to_bytes_f32", PTR, PTR, I64);
    /// (alpha, fg, bg, out, k, t, h, w, r): the suffix is out's dtype.
    public static final NativeKernel ALPHA_COMPOSITE_F32 = NativeKernel.of("alpha_composite_f32", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32);
    public static final NativeKernel ALPHA_COMPOSITE_U8 = NativeKernel.of("alpha_composite_u8", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32);
}
