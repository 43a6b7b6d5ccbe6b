package dev.gallop.engine.backend.cuda.driver;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class KernelArgsTest {
    @Test void theParameterArrayPointsAtEachValueInOrder() {
        try (Arena a = Arena.ofConfined()) {
            KernelArgs k = new KernelArgs(a).ptr(0x7f00_0000_1000L).i64(13652).i32(-3).f32(0.088388f).struct(new int[] {2, 0, 18, 0, 0, 6, 32, 0, 0});
            assertEquals(5, k.count());
            MemorySegment p = k.pointers();
            assertEquals(0x7f00_0000_1000L, p.getAtIndex(ADDRESS, 0).reinterpret(8).get(JAVA_LONG, 0));
            assertEquals(13652L, p.getAtIndex(ADDRESS, 1).reinterpret(8).get(JAVA_LONG, 0));
            assertEquals(-3, p.getAtIndex(ADDRESS, 2).reinterpret(4).get(JAVA_INT, 0));
            assertEquals(0.088388f, p.getAtIndex(ADDRESS, 3).reinterpret(4).get(JAVA_FLOAT, 0));
            MemorySegment ranges = p.getAtIndex(ADDRESS, 4).reinterpret(36);
            assertEquals(2, ranges.getAtIndex(JAVA_INT, 0));
            assertEquals(18, ranges.getAtIndex(JAVA_INT, 2));
            assertEquals(32, ranges.getAtIndex(JAVA_INT, 6));
        }
    }
}
