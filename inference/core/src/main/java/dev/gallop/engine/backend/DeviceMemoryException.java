package dev.gallop.engine.backend;

/// An allocation the device could not make: the device is full, or the [MemoryBudget] it is held to is used up. The
/// message names the request, what is in use and the limit; a generation that meets it ends with this message, its
/// memory freed, and the next one runs.
public class DeviceMemoryException extends RuntimeException {
    private final long requestedBytes;
    private final long inUseBytes;
    private final long limitBytes;

    /// @param limitBytes the budget, or the device's size when the device itself is full (`Long.MAX_VALUE` unknown)
    public DeviceMemoryException(String message, long requestedBytes, long inUseBytes, long limitBytes) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.inUseBytes = inUseBytes;
        this.limitBytes = limitBytes;
    }

    public long requestedBytes() { return requestedBytes; }

    public long inUseBytes() { return inUseBytes; }

    public long limitBytes() { return limitBytes; }
}
