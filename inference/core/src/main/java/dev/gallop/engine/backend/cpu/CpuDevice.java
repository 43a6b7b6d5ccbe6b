package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.DeviceMemoryException;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.MemoryInfo;
import dev.gallop.engine.backend.MemoryLedger;
import dev.gallop.engine.backend.MemoryUse;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import jdk.incubator.vector.FloatVector;

/// The host CPU. Buffers are native memory freed by the GC (`Arena.ofAuto()`); mapped files are used in place.
/// Kernels use the Vector API unless `-Dgallop.cpu.scalar=true` selects their scalar twins.
public final class CpuDevice implements Device {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final CpuDevice INSTANCE = new CpuDevice(!Boolean.getBoolean("gallop.cpu.scalar"));

    private final CpuKernels kernels;
    private final CpuKernels scalar = new CpuKernels(false);

    /// The memory buffers of this device hold (allocations and host views alike: mapped weights count as resident),
    /// returned when the garbage collector finds a buffer unreachable.
    private final MemoryLedger ledger = new MemoryLedger("cpu", CpuDevice::collectGarbage);

    private CpuDevice(boolean vector) { this.kernels = new CpuKernels(vector); }

    public static CpuDevice get() { return INSTANCE; }

    @Override public String id() { return "cpu"; }

    @Override public String description() {
        return "CPU, " + Parallel.parallelism() + " threads, " + (kernels.vectorized()
                ? FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors" : "scalar kernels");
    }

    @Override public MemoryInfo memory() {
        Runtime rt = Runtime.getRuntime();
        long total = rt.maxMemory();
        try {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return new MemoryInfo(os.getFreeMemorySize(), os.getTotalMemorySize());
        } catch (ClassCastException | UnsupportedOperationException e) {
            return new MemoryInfo(rt.freeMemory(), total);
        }
    }

    /// Every operation of [Kernels] runs here. `dtype` is the operation's storage dtype of interest: GEMM weights and
    /// copy sources may be F32, BF16, F16 or F8_E4M3; activations F32 or BF16 (U8 only as the output of RGB_TO_BYTES
    /// and ALPHA_COMPOSITE); the VAEs' volume operations and the sequence operations take F32.
    @Override public boolean supports(Op op, DType dtype) {
        return switch (op) {
            case LINEAR, LINEAR_ADD, COPY -> dtype != DType.U8;
            case RGB_TO_BYTES, ALPHA_COMPOSITE -> dtype == DType.U8 || dtype == DType.F32;
            case CONV3D, CHANNEL_RMS_NORM, CHANNEL_L2_NORM, CHANNEL_AFFINE, CHANNEL_DIVIDE_ADD, UPSAMPLE_NEAREST_2X, PIXEL_SHUFFLE_2X2, PIXEL_UNSHUFFLE_2X2,
                 FRAMES_FROM_CHANNELS, AVG_DOWN -> dtype == DType.F32;
            case CONV1D, CONV_TRANSPOSE1D, SNAKE_BETA, RESAMPLE_FFT, VAE_SAMPLE -> dtype == DType.F32;
            default -> dtype == DType.F32 || dtype == DType.BF16;
        };
    }

    @Override public Buffer allocate(long bytes) {
        long size = Math.max(bytes, 1);
        ledger.reserve(size, "a buffer");
        try {
            return counted(new CpuBuffer(Arena.ofAuto().allocate(size, 64)), size);
        } catch (OutOfMemoryError e) {
            ledger.release(size);
            throw new DeviceMemoryException("cpu: the system refused " + MemoryBudget.format(size) + " of native memory: " + e.getMessage(),
                    size, ledger.use().inUseBytes(), memory().totalBytes());
        }
    }

    @Override public Buffer fromHost(MemorySegment host) {
        ledger.reserve(host.byteSize(), "a view of host memory");
        return counted(new CpuBuffer(host), host.byteSize());
    }

    private CpuBuffer counted(CpuBuffer b, long bytes) {
        CLEANER.register(b, () -> ledger.release(bytes));
        return b;
    }

    @Override public MemoryUse memoryUse() { return ledger.use(); }

    @Override public MemoryBudget limitMemory(MemoryBudget budget) { return ledger.limit(budget); }

    @Override public void resetPeakMemory() { ledger.resetPeak(); }

    /// Runs the collector and waits until the cleaners of the buffers it found unreachable have returned them: the
    /// count has not moved for 20 ms (at most half a second).
    private static boolean collectGarbage() {
        if (INSTANCE == null) return false;
        System.gc();
        long last = INSTANCE.ledger.use().inUseBytes();
        for (int i = 0, still = 0; i < 100 && still < 4; i++) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = INSTANCE.ledger.use().inUseBytes();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return true;
    }

    @Override public void copyToHost(Buffer src, long srcByteOffset, MemorySegment dst) {
        MemorySegment.copy(((CpuBuffer) src).segment(), srcByteOffset, dst, 0, dst.byteSize());
    }

    @Override public void copyFromHost(MemorySegment src, Buffer dst, long dstByteOffset) {
        MemorySegment.copy(src, 0, ((CpuBuffer) dst).segment(), dstByteOffset, src.byteSize());
    }

    @Override public Kernels kernels() { return kernels; }

    /// The scalar twins of every kernel.
    @Override public Kernels referenceKernels() { return scalar; }

    /// The CPU kernels with the given implementation choice (tests compare the two).
    public static CpuKernels kernels(boolean vector) { return new CpuKernels(vector); }

    @Override public void synchronize() {}
}
