package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.MemoryInfo;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.MemorySegment;

/// The host CPU with the scalar twins of every kernel, for tests that run a model both ways in one JVM (the
/// `-Dgallop.cpu.scalar=true` switch selects the twins for the whole process). Memory is [CpuDevice]'s.
public final class ScalarTwinsDevice implements Device {
    public static final ScalarTwinsDevice INSTANCE = new ScalarTwinsDevice();

    private final CpuDevice cpu = CpuDevice.get();
    private final Kernels kernels = CpuDevice.kernels(false);

    private ScalarTwinsDevice() {}

    @Override public String id() { return "cpu-scalar"; }

    @Override public String description() { return "CPU, scalar kernels"; }

    @Override public MemoryInfo memory() { return cpu.memory(); }

    @Override public boolean supports(Op op, DType dtype) { return cpu.supports(op, dtype); }

    @Override public Buffer allocate(long bytes) { return cpu.allocate(bytes); }

    @Override public Buffer fromHost(MemorySegment host) { return cpu.fromHost(host); }

    @Override public void copyToHost(Buffer src, long srcByteOffset, MemorySegment dst) { cpu.copyToHost(src, srcByteOffset, dst); }

    @Override public void copyFromHost(MemorySegment src, Buffer dst, long dstByteOffset) { cpu.copyFromHost(src, dst, dstByteOffset); }

    @Override public Kernels kernels() { return kernels; }

    @Override public void synchronize() {}
}
