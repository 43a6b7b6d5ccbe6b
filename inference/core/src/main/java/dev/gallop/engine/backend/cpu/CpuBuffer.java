package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import java.lang.foreign.MemorySegment;

/// Host memory: a native allocation or a (read-only) view of a mapped file.
public record CpuBuffer(MemorySegment segment) implements Buffer {
    @Override public Device device() { return CpuDevice.get(); }

    @Override public long byteSize() { return segment.byteSize(); }
}
