package dev.gallop.engine.backend.cuda.host;

import dev.gallop.engine.backend.MemoryBudget;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/// A caching allocator for device memory: blocks are rounded to [SizeClasses], a released block goes to its class's
/// free list and the next request of that class reuses it instead of calling the driver. All work runs on one
/// stream, so a block released while kernels that use it are still queued is safe to hand out again: its next user
/// is queued after them. When the driver reports the device full, the owner's reclaim hook runs (the CUDA backend
/// lets the garbage collector release unreachable buffers into the pool), the cached free blocks are returned to the
/// driver and the allocation is tried once more. A [MemoryBudget] caps what the pool holds from the driver (blocks in
/// use and cached together, as a smaller card would hold them): a request over it is handled as a full device.
/// Thread-safe (buffers may be released by a cleaner thread).
public final class DevicePool {
    private java.util.List<Block> holding;   // non-null between hold() and endHold()
    /// A block of device memory: its address, the bytes asked for and the class size actually held.
    public record Block(long ptr, long requested, long size) {}

    /// Counters for the UI and the benchmarks.
    public record Stats(long inUseBytes, long cachedBytes, long peakInUseBytes, long driverAllocs, long driverFrees,
                        long reuses, long retriesAfterTrim) {}

    private final GpuDriver driver;
    private final Runnable reclaim;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long inUse, cached, peak, allocs, frees, reuses, retries;
    private MemoryBudget budget = MemoryBudget.UNLIMITED;

    public DevicePool(GpuDriver driver) { this(driver, () -> {}); }

    /// @param reclaim run, outside the pool's lock, before the retry of an allocation the device refused
    public DevicePool(GpuDriver driver, Runnable reclaim) {
        this.driver = driver;
        this.reclaim = reclaim;
    }

    public Block allocate(long bytes) {
        try {
            return allocateOnce(bytes);
        } catch (GpuDriver.OutOfDeviceMemory first) {
            reclaim.run();
            synchronized (this) {
                trim();
                retries++;
            }
            try {
                return allocateOnce(bytes);
            } catch (GpuDriver.OutOfDeviceMemory again) {
                throw outOfMemory(bytes, again);
            }
        }
    }

    private synchronized Block allocateOnce(long bytes) {
        long size = SizeClasses.classOf(bytes);
        ArrayDeque<Long> list = free.get(size);
        long ptr;
        if (list != null && !list.isEmpty()) {
            ptr = list.pop();
            cached -= size;
            reuses++;
        } else {
            if (size > budget.bytes() - inUse - cached) trim();
            if (size > budget.bytes() - inUse) {
                throw new GpuDriver.OutOfDeviceMemory("the memory budget of " + budget + " is used up", bytes, inUse, budget.bytes());
            }
            ptr = fromDriver(size);
        }
        inUse += size;
        peak = Math.max(peak, inUse);
        return new Block(ptr, bytes, size);
    }

    private long fromDriver(long size) {
        long p = driver.malloc(size);
        allocs++;
        return p;
    }

    private synchronized GpuDriver.OutOfDeviceMemory outOfMemory(long bytes, RuntimeException cause) {
        long size = SizeClasses.classOf(bytes);
        return new GpuDriver.OutOfDeviceMemory("out of GPU memory allocating " + mib(size) + " (" + mib(inUse)
                + " in use by Gallop, peak " + mib(peak) + "): " + cause.getMessage(), bytes, inUse, budget.bytes());
    }

    /// Caps the memory the pool holds from the driver; returns the cap it replaces. Cached blocks over the new cap are
    /// given back at once.
    public synchronized MemoryBudget limit(MemoryBudget b) {
        MemoryBudget old = budget;
        budget = b;
        if (inUse + cached > b.bytes()) trim();
        return old;
    }

    public synchronized MemoryBudget budget() { return budget; }

    /// Starts a new peak from what is in use now.
    public synchronized void resetPeak() { peak = inUse; }

    /// Returns a block to its free list (not to the driver).
    public synchronized void release(Block b) {
        if (holding != null) {
            holding.add(b);
            return;
        }
        inUse -= b.size();
        cached += b.size();
        free.computeIfAbsent(b.size(), k -> new ArrayDeque<>()).push(b.ptr());
    }

    /// From now until [#endHold], released blocks are kept aside instead of returning to the cache: while a graph is
    /// captured, the scratch memory its operations release must stay theirs (the graph reads and writes it on every
    /// launch).
    public synchronized void hold() {
        if (holding != null) throw new IllegalStateException("the device pool is already holding released blocks");
        holding = new java.util.ArrayList<>();
    }

    /// Ends [#hold] and returns the blocks released meanwhile (the caller releases them when their user is gone).
    public synchronized java.util.List<Block> endHold() {
        java.util.List<Block> held = holding == null ? java.util.List.of() : holding;
        holding = null;
        return held;
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
