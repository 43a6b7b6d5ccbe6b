package dev.gallop.engine.backend;

import java.util.function.BooleanSupplier;

/// Counts the bytes a device holds for Gallop and refuses an allocation that would take it over its [MemoryBudget].
/// Before refusing, the owner's reclaim hook runs (buffers that became unreachable are returned by the garbage
/// collector) and the request is tried once more. Thread-safe: memory is returned by cleaner threads.
public final class MemoryLedger {
    private final String device;
    private final BooleanSupplier reclaim;
    private MemoryBudget budget = MemoryBudget.UNLIMITED;
    private long inUse, peak;

    /// @param device  names the device in messages
    /// @param reclaim run outside the ledger's lock when a request is over budget; returns whether anything may have
    ///                been freed (then the request is tried again)
    public MemoryLedger(String device, BooleanSupplier reclaim) {
        this.device = device;
        this.reclaim = reclaim;
    }

    /// Takes `bytes` from the budget, or throws [DeviceMemoryException] naming `what`.
    public void reserve(long bytes, String what) {
        if (tryReserve(bytes)) return;
        if (reclaim.getAsBoolean() && tryReserve(bytes)) return;
        synchronized (this) {
            throw new DeviceMemoryException(device + ": allocating " + MemoryBudget.format(bytes) + " for " + what + " would exceed the memory budget of "
                    + budget + " (" + MemoryBudget.format(inUse) + " in use, peak " + MemoryBudget.format(peak) + ")", bytes, inUse, budget.bytes());
        }
    }

    private synchronized boolean tryReserve(long bytes) {
        if (bytes > budget.bytes() - inUse) return false;
        inUse += bytes;
        peak = Math.max(peak, inUse);
        return true;
    }

    public synchronized void release(long bytes) { inUse -= bytes; }

    /// Sets the budget; memory already held above it stays (the next allocation is refused). Returns the old one.
    public synchronized MemoryBudget limit(MemoryBudget b) {
        MemoryBudget old = budget;
        budget = b;
        return old;
    }

    public synchronized MemoryUse use() { return new MemoryUse(inUse, peak, budget); }

    /// Starts a new peak measurement from what is held now.
    public synchronized void resetPeak() { peak = inUse; }
}
