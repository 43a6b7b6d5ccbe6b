package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import java.lang.ref.Cleaner;

/// Device memory from the [DevicePool]. It goes back to the pool when the buffer becomes unreachable (like the CPU
/// backend's GC-managed buffers); the pool hands it out again only for work queued after everything that used it.
public final class CudaBuffer implements Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaDevice device;
    private final DevicePool.Block block;

    CudaBuffer(CudaDevice device, DevicePool pool, DevicePool.Block block) {
        this.device = device;
        this.block = block;
        CLEANER.register(this, () -> pool.release(block));
    }

    /// The device address of the first byte.
    public long ptr() { return block.ptr(); }

    @Override public Device device() { return device; }

    @Override public long byteSize() { return block.requested(); }
}
