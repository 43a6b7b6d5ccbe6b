package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.MemoryInfo;
import dev.gallop.engine.backend.MemoryUse;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Replay;
import dev.gallop.engine.backend.Uploader;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.fft.FftSupport;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.backend.cuda.host.GemmPadding;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Map;

/// One NVIDIA GPU. Its CUDA context, stream, kernels and library handles are created on first use, so listing
/// devices costs no GPU memory. All work is queued on one stream; host copies synchronize.
public final class CudaDevice implements Device {
    private final CudaDriver cu;
    private final int ordinal, computeCapability;
    private final String name, dnnNote;
    private final Map<String, byte[]> images;
    private final CublasLt lt;
    private final Cudnn dnn;
    private final FftSupport fft;
    private volatile CudaContext context;
    private volatile CudaKernels kernels;

    CudaDevice(CudaDriver cu, int ordinal, String name, int computeCapability, Map<String, byte[]> images, CublasLt lt, Cudnn dnn,
               String dnnNote, FftSupport fft) {
        this.cu = cu;
        this.ordinal = ordinal;
        this.name = name;
        this.computeCapability = computeCapability;
        this.images = images;
        this.lt = lt;
        this.dnn = dnn;
        this.dnnNote = dnnNote;
        this.fft = fft;
    }

    @Override public String id() { return "cuda:" + ordinal; }

    @Override public String description() {
        long total = cu.totalMemory(cu.device(ordinal));
        int v = cu.driverVersion();
        return String.format(Locale.ROOT, "%s, sm_%d, %.0f GiB, CUDA driver %d.%d, cuBLASLt %s, %s, %s", name, computeCapability,
                total / 1073741824.0, v / 1000, v % 1000 / 10, version3(lt.version()), dnnNote, fft.note());
    }

    /// cuFFT, or why this device has none (the FFT resample then fails naming it).
    public FftSupport fft() { return fft; }

    /// "major.minor.patch" of a version number written major·10000 + minor·100 + patch (cuBLASLt, cuDNN 9).
    static String version3(long v) { return v / 10000 + "." + v / 100 % 100 + "." + v % 100; }

    /// The live CUDA state, created on first use (made current on the calling thread).
    public CudaContext context() {
        CudaContext c = context;
        if (c == null) {
            synchronized (this) {
                if (context == null) context = new CudaContext(cu, ordinal, images, lt, dnn);
                c = context;
            }
        }
        c.enter();
        return c;
    }

    public int computeCapability() { return computeCapability; }

    /// The memory pool's counters (for benchmarks and the UI).
    public DevicePool.Stats poolStats() { return context().pool.stats(); }

    @Override public MemoryUse memoryUse() {
        DevicePool.Stats s = context().pool.stats();
        return new MemoryUse(s.inUseBytes(), s.peakInUseBytes(), context().pool.budget());
    }

    @Override public MemoryBudget limitMemory(MemoryBudget budget) { return context().pool.limit(budget); }

    @Override public void resetPeakMemory() { context().pool.resetPeak(); }

    @Override public void releaseCached() { context().pool.trim(); }

    @Override public long cachedBytes() { return context().pool.stats().cachedBytes(); }

    /// Copies on a stream of their own, from page-locked host memory.
    @Override public Uploader uploader() { return new CudaUploader(this); }

    @Override public MemoryInfo memory() {
        long[] m = context().cu.memoryInfo();
        return new MemoryInfo(m[0], m[1]);
    }

    /// GEMM weights may be F32, BF16 or F8_E4M3; activations F32 or BF16; the VAEs' volume and sequence operations
    /// and the samplers take F32.
    @Override public boolean supports(Op op, DType dtype) {
        return switch (op) {
            case LINEAR, LINEAR_ADD -> dtype == DType.F32 || dtype == DType.BF16 || dtype == DType.F8_E4M3;
            case COPY -> dtype != DType.F16 && dtype != DType.U8;
            case RGB_TO_BYTES, ALPHA_COMPOSITE -> dtype == DType.U8 || dtype == DType.F32;
            case FLOW_X0, DISTILL_STEP, CFG, UNIPC_PREDICT, UNIPC_CORRECT, CONV3D, CHANNEL_RMS_NORM, CHANNEL_L2_NORM, CHANNEL_AFFINE, CHANNEL_DIVIDE_ADD,
                 UPSAMPLE_NEAREST_2X, UPSAMPLE_TRILINEAR, PIXEL_SHUFFLE_2X2, PIXEL_UNSHUFFLE_2X2, FRAMES_FROM_CHANNELS, AVG_DOWN,
                 COPY_FRAMES, PATCHIFY, UNPATCHIFY, CONV1D, CONV_TRANSPOSE1D, SNAKE_BETA, RESAMPLE_FFT, VAE_SAMPLE -> dtype == DType.F32;
            default -> dtype == DType.F32 || dtype == DType.BF16;
        };
    }

    /// K padded so that cuBLASLt stays on its fast kernels (13652 → 13696: 217 → 821 TFLOP/s measured on an H200).
    @Override public int gemmWidth(int k) { return GemmPadding.paddedK(k); }

    @Override public Buffer allocate(long bytes) {
        CudaContext c = context();
        return new CudaBuffer(this, c.pool, c.pool.allocate(Math.max(bytes, 1)));
    }

    @Override public Buffer fromHost(MemorySegment host) {
        Buffer b = allocate(host.byteSize());
        if (host.byteSize() > 0) copyFromHost(host, b, 0);
        return b;
    }

    @Override public void copyToHost(Buffer src, long srcByteOffset, MemorySegment dst) {
        CudaContext c = context();
        long p = checkRange(src, srcByteOffset, dst.byteSize());
        if (dst.byteSize() == 0) return;
        if (!dst.isNative()) {   // the driver copies only to native memory: stage heap arrays
            try (Arena a = Arena.ofConfined()) {
                MemorySegment staged = a.allocate(dst.byteSize(), 16);
                c.cu.copyDtoHAsync(staged, p, dst.byteSize(), c.stream);
                c.cu.streamSynchronize(c.stream);
                MemorySegment.copy(staged, 0, dst, 0, dst.byteSize());
            }
            return;
        }
        c.cu.copyDtoHAsync(dst, p, dst.byteSize(), c.stream);
        c.cu.streamSynchronize(c.stream);
    }

    @Override public void copyFromHost(MemorySegment src, Buffer dst, long dstByteOffset) {
        CudaContext c = context();
        long p = checkRange(dst, dstByteOffset, src.byteSize());
        if (src.byteSize() == 0) return;
        if (!src.isNative()) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment staged = a.allocate(src.byteSize(), 16);
                MemorySegment.copy(src, 0, staged, 0, src.byteSize());
                c.copyToDevice2D(staged, src.byteSize(), p, src.byteSize(), src.byteSize(), 1);
            }
            return;
        }
        c.copyToDevice2D(src, src.byteSize(), p, src.byteSize(), src.byteSize(), 1);
    }

    private long checkRange(Buffer b, long offset, long bytes) {
        if (!(b instanceof CudaBuffer cb) || cb.device() != this) {
            throw new IllegalArgumentException("buffer " + b + " is not memory of " + id());
        }
        if (offset < 0 || offset + bytes > cb.byteSize()) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + bytes) + ") of a " + cb.byteSize() + "-byte buffer on " + id());
        }
        return cb.ptr() + offset;
    }

    @Override public Kernels kernels() {
        CudaKernels k = kernels;
        if (k == null) {
            synchronized (this) {
                if (kernels == null) kernels = new CudaKernels(this, context());
                k = kernels;
            }
        }
        return k;
    }

    @Override public void synchronize() { context().synchronize(); }

    /// Captures `work` into a CUDA graph. It runs eagerly first (with the scratch it releases held back, then returned
    /// to the pool's cache), so library plans exist and the capture finds every scratch block it needs in the cache —
    /// the driver refuses new allocations while a stream captures. During the capture the scratch it releases is held
    /// for the graph and freed with it. The graph is launched once before this returns.
    @Override public Replay record(Runnable work) {
        CudaContext c = context();
        c.pool.hold();
        try {
            work.run();
        } finally {
            for (DevicePool.Block b : c.pool.endHold()) c.pool.release(b);
        }
        c.pool.hold();
        long exec;
        try {
            c.beginCapture();
            long graph;
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                try {
                    long broken = c.endCapture();
                    if (broken != 0) c.destroyGraph(broken);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            graph = c.endCapture();
            try {
                exec = c.instantiate(graph);
            } finally {
                c.destroyGraph(graph);
            }
        } catch (RuntimeException | Error e) {
            for (DevicePool.Block b : c.pool.endHold()) c.pool.release(b);
            throw e;
        }
        java.util.List<DevicePool.Block> held = c.pool.endHold();
        c.launch(exec);
        return new Replay() {
            private boolean closed;

            @Override public void run() {
                if (closed) throw new IllegalStateException("this CUDA graph was closed");
                c.enter();
                c.launch(exec);
            }

            @Override public void close() {
                if (closed) return;
                closed = true;
                c.synchronize();
                c.destroyExec(exec);
                for (DevicePool.Block b : held) c.pool.release(b);
            }
        };
    }
}
