package dev.gallop.engine.backend.cuda.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class WeightUploadTest {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Test void aPaddedBf16WeightKeepsEveryRowAndZeroesThePad() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        int rows = 5, cols = 13652;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(2L * rows * cols);
            for (int i = 0; i < rows * cols; i++) host.setAtIndex(I16, i, (short) (i * 7 + 1));
            WeightUpload.DeviceMatrix m = WeightUpload.upload(gpu, pool, host, DType.BF16, rows, cols, null, true);
            assertEquals(13696, m.ld());
            assertEquals(13696L * 2, m.rowPitchBytes());
            assertNull(m.scales());
            MemorySegment dev = gpu.at(m.data().ptr(), 2L * rows * m.ld());
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < m.ld(); c++) {
                    short want = c < cols ? (short) ((r * cols + c) * 7 + 1) : 0;
                    assertEquals(want, dev.getAtIndex(I16, (long) r * m.ld() + c), "row " + r + " col " + c);
                }
            }
        }
    }

    @Test void anUnpaddedUploadIsOneDenseCopy() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(4L * 3 * 64);
            for (int i = 0; i < 3 * 64; i++) host.setAtIndex(F32, i, i + 0.5f);
            WeightUpload.DeviceMatrix m = WeightUpload.upload(gpu, pool, host, DType.F32, 3, 64, null, true);
            assertEquals(64, m.ld());
            assertTrue(gpu.log.stream().noneMatch(s -> s.startsWith("zero")), "no pad, no memset: " + gpu.log);
            assertEquals(191.5f, gpu.at(m.data().ptr(), 4L * 192).getAtIndex(F32, 191));
        }
    }

    @Test void fp8WeightsCarryOneScalePerRowOnTheDevice() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(4L * 20);
            host.fill((byte) 0x38);
            WeightUpload.DeviceMatrix perTensor = WeightUpload.upload(gpu, pool, host, DType.F8_E4M3, 4, 20, new float[] {0.25f}, true);
            MemorySegment s = gpu.at(perTensor.scales().ptr(), 16);
            for (int r = 0; r < 4; r++) assertEquals(0.25f, s.getAtIndex(F32, r));
            assertEquals(128, perTensor.ld());
            WeightUpload.DeviceMatrix perRow = WeightUpload.upload(gpu, pool, host, DType.F8_E4M3, 4, 20, new float[] {1, 2, 3, 4}, false);
            assertEquals(3f, gpu.at(perRow.scales().ptr(), 16).getAtIndex(F32, 2));
            assertEquals(20, perRow.ld());
        }
    }

    @Test void mismatchedInputsAreNamed() {
        FakeGpu gpu = new FakeGpu(1L << 30);
        DevicePool pool = new DevicePool(gpu);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(10);
            var e = assertThrows(IllegalArgumentException.class, () -> WeightUpload.upload(gpu, pool, host, DType.BF16, 2, 4, null, false));
            assertTrue(e.getMessage().contains("[2, 4] BF16 needs 16 bytes"), e.getMessage());
            MemorySegment fp8 = a.allocate(8);
            e = assertThrows(IllegalArgumentException.class, () -> WeightUpload.upload(gpu, pool, fp8, DType.F8_E4M3, 2, 4, null, false));
            assertTrue(e.getMessage().contains("needs its scales"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> WeightUpload.upload(gpu, pool, fp8, DType.F8_E4M3, 2, 4, new float[3], false));
            assertTrue(e.getMessage().contains("has 3 scales; 1 or 2 expected"), e.getMessage());
        }
    }
}
