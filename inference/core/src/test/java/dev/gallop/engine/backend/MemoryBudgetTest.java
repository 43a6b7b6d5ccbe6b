package dev.gallop.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test void sizesParseInBinaryUnits() {
        assertEquals(24L << 30, MemoryBudget.parse("24G").bytes());
        assertEquals(24L << 30, MemoryBudget.parse("24GB").bytes());
        assertEquals(16L << 30, MemoryBudget.parse(" 16GiB ").bytes());
        assertEquals(12000L << 20, MemoryBudget.parse("12000m").bytes());
        assertEquals(3L << 29, MemoryBudget.parse("1.5G").bytes());
        assertEquals(1L << 40, MemoryBudget.parse("1T").bytes());
        assertEquals(MemoryBudget.UNLIMITED, MemoryBudget.parse("auto"));
        assertEquals("24.0 GiB", MemoryBudget.parse("24G").toString());
        assertEquals("unlimited", MemoryBudget.UNLIMITED.toString());
    }

    @Test void badSizesAreRefusedWithTheText() {
        var e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("24 gigs"));
        assertTrue(e.getMessage().contains("'24 gigs'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("4M"));
        assertTrue(e.getMessage().contains("below the least"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse(""));
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("-3G"));
    }

    @Test void theLedgerRefusesOverTheBudgetAfterReclaimingAndKeepsThePeak() {
        long[] garbage = {0};
        MemoryLedger[] self = new MemoryLedger[1];
        self[0] = new MemoryLedger("test", () -> {
            self[0].release(garbage[0]);
            garbage[0] = 0;
            return true;
        });
        MemoryLedger l = self[0];
        l.limit(new MemoryBudget(100L << 20));
        l.reserve(70L << 20, "weights");
        garbage[0] = 20L << 20;
        l.reserve(20L << 20, "scratch");                          // 90 of 100
        l.reserve(25L << 20, "more scratch");                     // over: reclaim frees 20, then fits (95)
        assertEquals(95L << 20, l.use().inUseBytes());
        var e = assertThrows(DeviceMemoryException.class, () -> l.reserve(10L << 20, "a latent"));
        assertTrue(e.getMessage().contains("10 MiB for a latent") && e.getMessage().contains("100 MiB"), e.getMessage());
        assertEquals(95L << 20, l.use().inUseBytes());
        l.release(30L << 20);
        assertEquals(95L << 20, l.use().peakBytes());           // never over the budget, reclaim included
        l.resetPeak();
        assertEquals(65L << 20, l.use().peakBytes());
    }

    @Test void theCpuDeviceHoldsItsBuffersToTheBudget() {
        Device cpu = CpuDevice.get();
        MemoryBudget old = cpu.limitMemory(new MemoryBudget(cpu.memoryUse().inUseBytes() + (96L << 20)));
        try {
            List<Tensor> held = new ArrayList<>();
            held.add(cpu.empty(DType.F32, Shape.of(16 << 20)));          // 64 MiB
            var e = assertThrows(DeviceMemoryException.class, () -> cpu.empty(DType.F32, Shape.of(16 << 20)));
            assertTrue(e.getMessage().startsWith("cpu: allocating 64 MiB"), e.getMessage());
            held.clear();                                                // garbage now: reclaimed on the next request
            Tensor again = cpu.empty(DType.F32, Shape.of(16 << 20));
            assertEquals(16 << 20, again.numel());
        } finally {
            cpu.limitMemory(old);
        }
    }
}
