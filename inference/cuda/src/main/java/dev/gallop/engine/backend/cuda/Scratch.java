package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.cuda.host.DevicePool;
import java.util.ArrayList;
import java.util.List;

/// Temporary device memory for one kernel call, returned to the pool on close. Safe without a sync: every user of a
/// pooled block is queued on the same stream, after the kernels that used it before.
final class Scratch implements AutoCloseable {
    private final DevicePool pool;
    private final List<DevicePool.Block> blocks = new ArrayList<>();

    Scratch(DevicePool pool) { this.pool = pool; }

    long alloc(long bytes) {
        DevicePool.Block b = pool.allocate(Math.max(bytes, 1));
        blocks.add(b);
        return b.ptr();
    }

    @Override public void close() {
        for (DevicePool.Block b : blocks) pool.release(b);
        blocks.clear();
    }
}
