package dev.gallop.engine.backend.cuda.kernels;

import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.F32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I64;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.PTR;

/// The kernels of the sequence operations (natives/conv1d.cu, snake.cu, resample.cu), f32.
public final class SequenceNatives {
    private SequenceNatives() {}

    /// Threads per block and output tile (time steps × channels) of the implicit-GEMM convolutions.
    public static final int CONV_THREADS = 256, CONV_TILE_ROWS = 64, CONV_TILE_COLS = 64;

    /// (x, w, bias, out, t, cin, tOut, cout, k, dilation, padding, stride); grid ⌈tOut/64⌉ × ⌈cout/64⌉.
    public static final NativeKernel CONV1D = NativeKernel.of("conv1d_f32", PTR, PTR, PTR, PTR, I64, I32, I64, I32, I32, I32, I32, I32);
    /// (x, w, bias, out, t, cin, cout, k, stride, padding, phase, q0, rows, taps): one phase's rows; grid ⌈rows/64⌉ × ⌈cout/64⌉.
    public static final NativeKernel CONV_TRANSPOSE1D =
            NativeKernel.of("conv_transpose1d_f32", PTR, PTR, PTR, PTR, I64, I32, I32, I32, I32, I32, I32, I64, I64, I32);
    /// (x, out, freq, recip, n, channels).
    public static final NativeKernel SNAKE_BETA = NativeKernel.of("snake_beta_f32", PTR, PTR, PTR, PTR, I64, I32);
    /// (moments, noise, out, rows, channels).
    public static final NativeKernel VAE_SAMPLE = NativeKernel.of("vae_sample_f32", PTR, PTR, PTR, I64, I32);
    /// (in, inBins, out, outBins, channels, keep, edge, edgeFactor, zeroNyquist): the half spectrum between the transforms.
    public static final NativeKernel SPECTRUM_RESIZE = NativeKernel.of("spectrum_resize_f32", PTR, I64, PTR, I64, I32, I64, I64, F32, I32);
    /// (y, n, inv, ratio).
    public static final NativeKernel RESAMPLE_SCALE = NativeKernel.of("resample_scale_f32", PTR, I64, F32, F32);
}
