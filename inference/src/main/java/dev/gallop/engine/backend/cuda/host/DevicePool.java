package dev.gallop.engine.backend.cuda.host;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/// A caching allocator for device memory: blocks are rounded to [SizeClasses], a released block goes to its class's
/// free list and the next request of that class reuses it instead of calling the driver. All work runs on one
/// stream, so a block released while kernels that use it are still queued is safe to hand out again: its next user
/// is queued after them. When the driver reports the device full, the cached free blocks are returned to it and the
/// allocation is tried once more. Thread-safe (buffers may be released by a cleaner thread).
public final class DevicePool {
    /// A block of device memory: its address, the bytes asked for and the class size actually held.
    public record Block(long ptr, long requested, long size) {}

    /// Counters for the UI and the benchmarks.
    public record Stats(long inUseBytes, long cachedBytes, long peakInUseBytes, long driverAllocs, long driverFrees,
                        long reuses, long retriesAfterTrim) {}

    private final GpuDriver driver;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long inUse, cached, peak, allocs, frees, reuses, retries;

    public DevicePool(GpuDriver driver) { this.driver = driver; }

    public synchronized Block allocate(long bytes) {
        long size = SizeClasses.classOf(bytes);
        ArrayDeque<Long> list = free.get(size);
        long ptr;
        if (list != null && !list.isEmpty()) {
            ptr = list.pop();
            cached -= size;
            reuses++;
        } else {
            ptr = fromDriver(size);
        }
        inUse += size;
        peak = Math.max(peak, inUse);
        return new Block(ptr, bytes, size);
    }

    private long fromDriver(long size) {
        try {
            long p = driver.malloc(size);
            allocs++;
            return p;
        } catch (GpuDriver.OutOfDeviceMemory e) {
            if (cached == 0) throw outOfMemory(size, e);
            trim();
            retries++;
            try {
                long p = driver.malloc(size);
                allocs++;
                return p;
            } catch (GpuDriver.OutOfDeviceMemory again) {
                throw outOfMemory(size, again);
            }
        }
    }

    private GpuDriver.OutOfDeviceMemory outOfMemory(long size, RuntimeException cause) {
        return new GpuDriver.OutOfDeviceMemory("out of GPU memory allocating " + mib(size) + " (" + mib(inUse)
                + " in use by Gallop, peak " + mib(peak) + "): " + cause.getMessage());
    }

    /// Returns a block to its free list (not to the driver).
    public synchronized void release(Block b) {
        inUse -= b.size();
        cached += b.size();
        free.computeIfAbsent(b.size(), k -> new ArrayDeque<>()).push(b.ptr());
    }

    /// Frees every cached block to the driver; blocks in use stay.
    public synchronized void trim() {
        for (ArrayDeque<Long> list : free.values()) {
            while (!list.isEmpty()) {
                driver.free(list.pop());
                frees++;
            }
        }
        cached = 0;
    }

    public synchronized Stats stats() { return new Stats(inUse, cached, peak, allocs, frees, reuses, retries); }

    static String mib(long bytes) { return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }
}
