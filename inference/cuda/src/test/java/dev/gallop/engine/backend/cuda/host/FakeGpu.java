package dev.gallop.engine.backend.cuda.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// A [GpuDriver] over host memory for the host-logic tests: "device" allocations are native host segments whose
/// addresses serve as device pointers, copies really copy, and the capture / graph life cycle is checked the way the
/// driver checks it (no nested capture, no launch of a destroyed graph). A byte budget simulates a full device.
final class FakeGpu implements GpuDriver {
    private final Arena arena = Arena.ofShared();
    private final Map<Long, MemorySegment> live = new HashMap<>();
    private final long capacity;
    private long used;
    int mallocs, frees;
    boolean capturing;
    long nextHandle = 1000;
    final Set<Long> graphs = new HashSet<>(), execs = new HashSet<>();
    final List<String> log = new ArrayList<>();

    FakeGpu(long capacityBytes) { this.capacity = capacityBytes; }

    @Override public long malloc(long bytes) {
        if (used + bytes > capacity) throw new OutOfDeviceMemory("fake device full: " + used + " + " + bytes + " > " + capacity);
        MemorySegment s = arena.allocate(bytes, 256);
        s.fill((byte) 0x5a);   // garbage, like fresh device memory
        live.put(s.address(), s);
        used += bytes;
        mallocs++;
        return s.address();
    }

    @Override public void free(long ptr) {
        MemorySegment s = live.remove(ptr);
        if (s == null) throw new IllegalStateException("free of unknown device pointer " + ptr);
        used -= s.byteSize();
        frees++;
    }

    long usedBytes() { return used; }

    /// The device memory at `ptr` (which must lie inside a live allocation), `bytes` long.
    MemorySegment at(long ptr, long bytes) {
        for (MemorySegment s : live.values()) {
            if (ptr >= s.address() && ptr + bytes <= s.address() + s.byteSize()) return s.asSlice(ptr - s.address(), bytes);
        }
        throw new IllegalStateException("device range [" + ptr + ", +" + bytes + ") is not allocated");
    }

    @Override public void copyToDevice2D(MemorySegment src, long srcPitch, long dst, long dstPitch, long widthBytes, long rows) {
        if (widthBytes > dstPitch || widthBytes > srcPitch) throw new IllegalArgumentException("row wider than its pitch");
        MemorySegment d = at(dst, (rows - 1) * dstPitch + widthBytes);
        for (long r = 0; r < rows; r++) MemorySegment.copy(src, r * srcPitch, d, r * dstPitch, widthBytes);
        log.add("copy2d " + rows + "x" + widthBytes);
    }

    @Override public void zero(long dst, long bytes) {
        at(dst, bytes).fill((byte) 0);
        log.add("zero " + bytes);
    }

    @Override public void beginCapture() {
        if (capturing) throw new IllegalStateException("CUDA_ERROR_ILLEGAL_STATE: stream is already capturing");
        capturing = true;
        log.add("begin");
    }

    @Override public long endCapture() {
        if (!capturing) throw new IllegalStateException("CUDA_ERROR_ILLEGAL_STATE: stream is not capturing");
        capturing = false;
        long g = nextHandle++;
        graphs.add(g);
        log.add("end " + g);
        return g;
    }

    @Override public long instantiate(long graph) {
        if (!graphs.contains(graph)) throw new IllegalStateException("instantiate of unknown graph " + graph);
        long e = nextHandle++;
        execs.add(e);
        log.add("instantiate " + graph + " -> " + e);
        return e;
    }

    @Override public void launch(long exec) {
        if (capturing) throw new IllegalStateException("graph launch inside a capture");
        if (!execs.contains(exec)) throw new IllegalStateException("launch of unknown or destroyed graph exec " + exec);
        log.add("launch " + exec);
    }

    @Override public void destroyGraph(long graph) {
        if (!graphs.remove(graph)) throw new IllegalStateException("destroy of unknown graph " + graph);
        log.add("destroyGraph " + graph);
    }

    @Override public void destroyExec(long exec) {
        if (!execs.remove(exec)) throw new IllegalStateException("destroy of unknown exec " + exec);
        log.add("destroyExec " + exec);
    }
}
