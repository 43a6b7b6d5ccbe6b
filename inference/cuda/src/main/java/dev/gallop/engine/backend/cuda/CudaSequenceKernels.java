package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;
import static dev.gallop.engine.backend.cuda.CudaKernels.ptrOrNull;

import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.fft.Cufft;
import dev.gallop.engine.backend.cuda.kernels.SequenceNatives;

/// The CUDA backend's [SequenceKernels]: the convolutions as implicit-GEMM kernels and the element-wise steps of
/// natives/conv1d.cu, snake.cu and resample.cu; the resample's transforms on cuFFT (optional: without it resampleFft
/// fails naming what is missing).
final class CudaSequenceKernels implements SequenceKernels {
    private final CudaDevice device;
    private final CudaContext c;
    private volatile ResamplePlans plans;

    CudaSequenceKernels(CudaDevice device, CudaContext c) {
        this.device = device;
        this.c = c;
    }

    private static int tiles(long n, int tile) { return Math.toIntExact(Math.max(1, Math.ceilDiv(n, tile))); }

    @Override public void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride) {
        SequenceShapes.Conv1d g = SequenceShapes.conv1d(out, x, weight, bias, dilation, padding, stride);
        c.launch(SequenceNatives.CONV1D, tiles(g.tOut(), SequenceNatives.CONV_TILE_ROWS), tiles(g.cout(), SequenceNatives.CONV_TILE_COLS),
                SequenceNatives.CONV_THREADS, 0, a -> a.ptr(ptr(x)).ptr(ptr(weight)).ptr(ptrOrNull(bias)).ptr(ptr(out))
                        .i64(g.t()).i32(g.cin()).i64(g.tOut()).i32(g.cout()).i32(g.k()).i32(dilation).i32(padding).i32(stride));
    }

    /// One launch per phase (at most `stride` launches); a phase without taps writes its rows' bias (or zeros).
    @Override public void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        SequenceShapes.ConvTranspose1d g = SequenceShapes.convTranspose1d(out, x, weight, bias, stride, padding);
        for (int r = 0; r < stride; r++) {
            long q0 = g.firstQ(r), rows = (long) g.lastQ(r) - q0 + 1;
            if (rows <= 0) continue;
            int phase = r, taps = g.taps(r);
            c.launch(SequenceNatives.CONV_TRANSPOSE1D, tiles(rows, SequenceNatives.CONV_TILE_ROWS), tiles(g.cout(), SequenceNatives.CONV_TILE_COLS),
                    SequenceNatives.CONV_THREADS, 0, a -> a.ptr(ptr(x)).ptr(ptr(weight)).ptr(ptrOrNull(bias)).ptr(ptr(out))
                            .i64(g.t()).i32(g.cin()).i32(g.cout()).i32(g.k()).i32(stride).i32(padding).i32(phase).i64(q0).i64(rows).i32(taps));
        }
    }

    @Override public void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip) {
        int channels = SequenceShapes.snakeBeta(out, x, freq, recip);
        long n = x.numel();
        c.launch1d(SequenceNatives.SNAKE_BETA, n, a -> a.ptr(ptr(x)).ptr(ptr(out)).ptr(ptr(freq)).ptr(ptr(recip)).i64(n).i32(channels));
    }

    /// R2C of length N (cuFFT) → [SequenceNatives#SPECTRUM_RESIZE] → C2R of length M (cuFFT) → [SequenceNatives#RESAMPLE_SCALE],
    /// all queued on the device's stream; the two half spectra are scratch memory.
    @Override public void resampleFft(Tensor out, Tensor x) {
        SequenceShapes.Resample g = SequenceShapes.resampleFft(out, x);
        Cufft fft = device.fft().require("resampleFft", device.id());
        int n = g.n(), m = g.m(), ch = g.channels();
        ResamplePlans.Pair p = plans(fft).get(n, m, ch);
        long inBins = n / 2 + 1, outBins = m / 2 + 1;
        int k = Math.min(n, m);
        long keep = k / 2 + 1, edge = k % 2 == 0 && m != n ? k / 2 : -1;
        float edgeFactor = m < n ? 2f : 0.5f, inv = 1f / m, ratio = (float) ((double) m / n);
        try (Scratch s = new Scratch(c.pool)) {
            long spectrum = s.alloc(8L * ch * inBins), resized = s.alloc(8L * ch * outBins);
            c.enter();
            fft.execR2C(p.forward(), ptr(x), spectrum);
            c.launch1d(SequenceNatives.SPECTRUM_RESIZE, outBins * ch, a -> a.ptr(spectrum).i64(inBins).ptr(resized).i64(outBins).i32(ch)
                    .i64(keep).i64(edge).f32(edgeFactor).i32(m % 2 == 0 ? 1 : 0));
            fft.execC2R(p.inverse(), resized, ptr(out));
            long total = (long) m * ch;
            c.launch1d(SequenceNatives.RESAMPLE_SCALE, total, a -> a.ptr(ptr(out)).i64(total).f32(inv).f32(ratio));
        }
    }

    private ResamplePlans plans(Cufft fft) {
        ResamplePlans r = plans;
        if (r == null) {
            synchronized (this) {
                if (plans == null) plans = new ResamplePlans(fft, c);
                r = plans;
            }
        }
        return r;
    }

    /// The plan cache (tests).
    int cachedPlans() { return plans == null ? 0 : plans.size(); }

    @Override public void vaeSample(Tensor out, Tensor moments, Tensor noise) {
        int channels = SequenceShapes.vaeSample(out, moments, noise);
        long rows = out.shape().dim(0);
        c.launch1d(SequenceNatives.VAE_SAMPLE, rows * channels, a -> a.ptr(ptr(moments)).ptr(ptr(noise)).ptr(ptr(out)).i64(rows).i32(channels));
    }
}
