package dev.gallop.engine.backend.cuda.host;

import java.lang.foreign.MemorySegment;

/// The few driver operations the host-side memory and scheduling logic needs ([DevicePool], [WeightUpload],
/// [StepGraphs]). The CUDA backend implements it over the FFM driver bindings; unit tests implement it over host
/// memory, so this logic is tested without a GPU. Device pointers and graph handles are `long`s.
public interface GpuDriver {
    /// Allocates device memory; throws [OutOfDeviceMemory] when the device has none left.
    long malloc(long bytes);

    void free(long ptr);

    /// Enqueues a host → device copy of `rows` rows of `widthBytes` from `src` (row pitch `srcPitch`) to `dst` (row
    /// pitch `dstPitch`), on the compute stream.
    void copyToDevice2D(MemorySegment src, long srcPitch, long dst, long dstPitch, long widthBytes, long rows);

    /// Enqueues a memset of `bytes` bytes at `dst` to zero.
    void zero(long dst, long bytes);

    /// Starts capturing the compute stream's work into a graph.
    void beginCapture();

    /// Ends the capture and returns the captured graph.
    long endCapture();

    /// Instantiates a graph into an executable graph.
    long instantiate(long graph);

    void launch(long exec);

    void destroyGraph(long graph);

    void destroyExec(long exec);

    /// Thrown by [#malloc] when the device is out of memory (the pool then empties its cache and retries once).
    final class OutOfDeviceMemory extends dev.gallop.engine.backend.DeviceMemoryException {
        public OutOfDeviceMemory(String message) { this(message, -1, -1, Long.MAX_VALUE); }

        public OutOfDeviceMemory(String message, long requested, long inUse, long limit) { super(message, requested, inUse, limit); }
    }
}
