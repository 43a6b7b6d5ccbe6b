package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.driver.KernelArgs;
import dev.gallop.engine.backend.cuda.driver.Memcpy2D;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.backend.cuda.host.GpuDriver;
import dev.gallop.engine.backend.cuda.kernels.NativeKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/// One GPU's live CUDA state: its primary context, one non-blocking compute stream on which all work is ordered,
/// Gallop's kernel modules, the device memory pool, and the cuBLASLt and (optional) cuDNN handles bound to the
/// stream. Any thread may use it: [#enter] makes the context current on the calling thread.
public final class CudaContext implements GpuDriver {
    /// Threads per block of the element-wise and warp-per-row kernels.
    static final int BLOCK = 256;

    final CudaDriver cu;
    final int ordinal, device, smCount, ccMajor, ccMinor;
    final String name;
    final MemorySegment context, stream;
    final DevicePool pool;
    final CublasLt lt;
    final MemorySegment ltHandle;
    final Cudnn dnn;
    final MemorySegment dnnHandle;
    private final List<MemorySegment> modules = new ArrayList<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    CudaContext(CudaDriver cu, int ordinal, Map<String, byte[]> images, CublasLt lt, Cudnn dnn) {
        this.cu = cu;
        this.ordinal = ordinal;
        this.device = cu.device(ordinal);
        this.name = cu.deviceName(device);
        this.smCount = cu.attribute(device, CudaDriver.ATTR_MULTIPROCESSOR_COUNT);
        this.ccMajor = cu.attribute(device, CudaDriver.ATTR_CC_MAJOR);
        this.ccMinor = cu.attribute(device, CudaDriver.ATTR_CC_MINOR);
        this.context = cu.primaryContextRetain(device);
        enter();
        this.stream = cu.streamCreate(CudaDriver.STREAM_NON_BLOCKING);
        try (Arena a = Arena.ofConfined()) {
            for (Map.Entry<String, byte[]> e : images.entrySet()) {
                MemorySegment img = a.allocate(e.getValue().length + 1L, 16);
                MemorySegment.copy(MemorySegment.ofArray(e.getValue()), 0, img, 0, e.getValue().length);
                modules.add(cu.moduleLoad(img, e.getKey() + ".fatbin"));
            }
        }
        this.pool = new DevicePool(this, CudaContext::collectGarbage);
        this.lt = lt;
        this.ltHandle = lt.createHandle();
        this.dnn = dnn;
        this.dnnHandle = dnn == null ? null : dnn.createHandle(stream);
    }

    /// Device buffers are freed when the garbage collector finds them unreachable; when the GPU is full, collect and give
    /// the cleaner thread a moment to return them to the pool before the pool retries.
    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /// Makes this context current on the calling thread (once per thread).
    public void enter() {
        if (!current.get()) {
            cu.setCurrent(context);
            current.set(true);
        }
    }

    public CudaDriver driver() { return cu; }

    public MemorySegment stream() { return stream; }

    public DevicePool pool() { return pool; }

    public CublasLt cublasLt() { return lt; }

    public MemorySegment cublasLtHandle() { return ltHandle; }

    /// cuDNN, or null when it was not found.
    public Cudnn cudnn() { return dnn; }

    public MemorySegment cudnnHandle() { return dnnHandle; }

    public String deviceName() { return name; }

    public int smCount() { return smCount; }

    /// Compute capability as major·10 + minor (90 for Hopper).
    public int computeCapability() { return ccMajor * 10 + ccMinor; }

    public boolean hasFp8() { return computeCapability() >= 89; }

    MemorySegment function(String name) {
        MemorySegment f = functions.get(name);
        if (f != null) return f;
        for (MemorySegment m : modules) {
            try {
                f = cu.function(m, name);
                functions.put(name, f);
                return f;
            } catch (CudaException e) {
                if (e.code() != 500) throw e;   // CUDA_ERROR_NOT_FOUND: try the next module
            }
        }
        throw new IllegalStateException("no CUDA kernel named '" + name + "' in the jar's kernel modules");
    }

    /// Launches a grid-stride kernel over `n` elements (blocks capped at 32 per SM).
    public void launch1d(NativeKernel kernel, long n, Consumer<KernelArgs> args) {
        long blocks = Math.max(1, Math.min(Math.ceilDiv(n, BLOCK), 32L * smCount));
        launch(kernel, (int) blocks, 1, BLOCK, 0, args);
    }

    /// Launches a warp-per-row kernel over `rows` rows (8 rows per block).
    public void launchRows(NativeKernel kernel, long rows, Consumer<KernelArgs> args) {
        long blocks = Math.max(1, Math.min(Math.ceilDiv(rows, BLOCK / 32), 64L * smCount));
        launch(kernel, (int) blocks, 1, BLOCK, 0, args);
    }

    /// Launches `kernel` on a gx × gy grid of `block` threads; the arguments must match its declaration.
    public void launch(NativeKernel kernel, int gx, int gy, int block, int sharedBytes, Consumer<KernelArgs> args) {
        enter();
        try (Arena a = Arena.ofConfined()) {
            KernelArgs k = new KernelArgs(a);
            args.accept(k);
            k.check(kernel);
            cu.launch(function(kernel.name()), kernel.name(), gx, gy, 1, block, 1, 1, sharedBytes, stream, k.pointers());
        }
    }

    public void synchronize() {
        enter();
        cu.streamSynchronize(stream);
    }

    // ------------------------------------------------------------------ GpuDriver

    @Override public long malloc(long bytes) {
        enter();
        try {
            return cu.malloc(bytes);
        } catch (CudaException e) {
            if (e.code() == 2) throw new OutOfDeviceMemory(e.getMessage());
            throw e;
        }
    }

    @Override public void free(long ptr) {
        enter();
        cu.free(ptr);
    }

    @Override public void copyToDevice2D(MemorySegment src, long srcPitch, long dst, long dstPitch, long widthBytes, long rows) {
        enter();
        if (srcPitch == widthBytes && dstPitch == widthBytes) {
            cu.copyHtoDAsync(dst, src, widthBytes * rows, stream);
        } else {
            try (Arena a = Arena.ofConfined()) {
                cu.copy2DAsync(Memcpy2D.hostToDevice(a, src, srcPitch, dst, dstPitch, widthBytes, rows), stream);
            }
        }
        cu.streamSynchronize(stream);   // the host memory may be freed by the caller right after
    }

    @Override public void zero(long dst, long bytes) {
        enter();
        cu.memsetAsync(dst, (byte) 0, bytes, stream);
    }

    @Override public void beginCapture() {
        enter();
        cu.beginCapture(stream);
    }

    @Override public long endCapture() { return cu.endCapture(stream).address(); }

    @Override public long instantiate(long graph) { return cu.instantiate(MemorySegment.ofAddress(graph)).address(); }

    @Override public void launch(long exec) { cu.graphLaunch(MemorySegment.ofAddress(exec), stream); }

    @Override public void destroyGraph(long graph) { cu.graphDestroy(MemorySegment.ofAddress(graph)); }

    @Override public void destroyExec(long exec) { cu.graphExecDestroy(MemorySegment.ofAddress(exec)); }
}
