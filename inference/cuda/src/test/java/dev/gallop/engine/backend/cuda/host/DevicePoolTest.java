package dev.gallop.engine.backend.cuda.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevicePoolTest {
    @Test void sizeClassesRoundSmallTo512AndLargeTo2MiB() {
        assertEquals(512, SizeClasses.classOf(1));
        assertEquals(512, SizeClasses.classOf(512));
        assertEquals(1024, SizeClasses.classOf(513));
        assertEquals(1 << 20, SizeClasses.classOf((1 << 20) - 1));
        assertEquals(2L << 20, SizeClasses.classOf(1 << 20));
        assertEquals(4L << 20, SizeClasses.classOf((2L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.classOf(0));
    }

    @Test void releasedBlocksAreReusedForTheSameClassOnly() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        DevicePool.Block a = pool.allocate(1000);          // class 1024
        pool.release(a);
        DevicePool.Block b = pool.allocate(900);           // same class: reused
        assertEquals(a.ptr(), b.ptr());
        assertEquals(900, b.requested());
        DevicePool.Block c = pool.allocate(5000);          // other class: new memory
        assertNotEquals(a.ptr(), c.ptr());
        DevicePool.Stats s = pool.stats();
        assertEquals(2, s.driverAllocs());
        assertEquals(1, s.reuses());
        assertEquals(1024 + 5120, s.inUseBytes());
        assertEquals(0, s.cachedBytes());
    }

    @Test void aStepLoopAllocatesOnlyInItsFirstIteration() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        long[] sizes = {45L << 20, 238L << 20, 3 << 20, 7000, 45L << 20};
        for (int step = 0; step < 5; step++) {
            DevicePool.Block[] held = new DevicePool.Block[sizes.length];
            for (int i = 0; i < sizes.length; i++) held[i] = pool.allocate(sizes[i]);
            for (DevicePool.Block b : held) pool.release(b);
        }
        assertEquals(sizes.length, gpu.mallocs);
        assertEquals(4L * sizes.length, pool.stats().reuses());
        assertTrue(pool.stats().peakInUseBytes() >= (45L << 20) * 2 + (238L << 20));
    }

    @Test void aFullDeviceIsRetriedOnceAfterFreeingTheCache() {
        FakeGpu gpu = new FakeGpu(10L << 20);
        DevicePool pool = new DevicePool(gpu);
        DevicePool.Block a = pool.allocate(6L << 20);
        pool.release(a);                                   // 6 MiB cached, nothing in use
        DevicePool.Block b = pool.allocate(8L << 20);      // does not fit beside the cache: trim, retry
        assertEquals(8L << 20, b.size());
        assertEquals(1, pool.stats().retriesAfterTrim());
        assertEquals(1, gpu.frees);
        assertEquals(0, pool.stats().cachedBytes());
    }

    @Test void theReclaimHookRunsBeforeTheRetry() {
        FakeGpu gpu = new FakeGpu(8L << 20);
        DevicePool[] self = new DevicePool[1];
        DevicePool.Block[] garbage = new DevicePool.Block[1];
        self[0] = new DevicePool(gpu, () -> self[0].release(garbage[0]));   // like a cleaner returning a dead buffer
        DevicePool pool = self[0];
        garbage[0] = pool.allocate(6L << 20);
        DevicePool.Block b = pool.allocate(4L << 20);
        assertEquals(4L << 20, b.size());
        assertEquals(1, pool.stats().retriesAfterTrim());
        assertEquals(4L << 20, gpu.usedBytes());
    }

    @Test void outOfMemoryNamesTheRequestAndWhatIsInUse() {
        FakeGpu gpu = new FakeGpu(4L << 20);
        DevicePool pool = new DevicePool(gpu);
        pool.allocate(2L << 20);
        var e = assertThrows(GpuDriver.OutOfDeviceMemory.class, () -> pool.allocate(4L << 20));
        assertTrue(e.getMessage().contains("allocating 4.0 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("2.0 MiB in use"), e.getMessage());
    }

    @Test void trimReturnsOnlyCachedBlocks() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        DevicePool.Block kept = pool.allocate(3000);
        pool.release(pool.allocate(3L << 20));
        pool.release(pool.allocate(700));
        pool.trim();
        assertEquals(2, gpu.frees);
        assertEquals(SizeClasses.classOf(3000), gpu.usedBytes());
        assertEquals(kept.size(), pool.stats().inUseBytes());
    }

    @Test void aBudgetCapsWhatThePoolHoldsFromTheDriverCachedBlocksIncluded() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        pool.limit(new dev.gallop.engine.backend.MemoryBudget(100L << 20));
        DevicePool.Block a = pool.allocate(60L << 20);
        pool.release(pool.allocate(30L << 20));                   // 60 in use, 30 cached
        DevicePool.Block b = pool.allocate(36L << 20);            // 60 + 30 + 36 > 100: the cache goes back first
        assertEquals(0, pool.stats().cachedBytes());
        assertEquals(96L << 20, gpu.usedBytes());
        var e = assertThrows(dev.gallop.engine.backend.DeviceMemoryException.class, () -> pool.allocate(8L << 20));
        assertTrue(e.getMessage().contains("memory budget of 100 MiB"), e.getMessage());
        assertEquals(8L << 20, e.requestedBytes());
        assertEquals(96L << 20, e.inUseBytes());
        assertEquals(100L << 20, e.limitBytes());
        pool.release(b);
        assertEquals(8L << 20, pool.allocate(8L << 20).size());   // room again once a block is released
        assertEquals(a.size() + (8L << 20), pool.stats().inUseBytes());
    }

    @Test void theReclaimHookRunsBeforeABudgetRefusal() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool[] self = new DevicePool[1];
        DevicePool.Block[] garbage = new DevicePool.Block[1];
        self[0] = new DevicePool(gpu, () -> self[0].release(garbage[0]));
        DevicePool pool = self[0];
        pool.limit(new dev.gallop.engine.backend.MemoryBudget(64L << 20));
        garbage[0] = pool.allocate(40L << 20);
        assertEquals(40L << 20, pool.allocate(40L << 20).size());
        assertEquals(40L << 20, gpu.usedBytes());
    }

    @Test void loweringTheBudgetGivesBackCachedBlocks() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        pool.release(pool.allocate(80L << 20));
        var cap = new dev.gallop.engine.backend.MemoryBudget(64L << 20);
        pool.limit(cap);
        assertEquals(0, gpu.usedBytes());
        assertEquals(cap, pool.limit(dev.gallop.engine.backend.MemoryBudget.UNLIMITED));
    }
}
