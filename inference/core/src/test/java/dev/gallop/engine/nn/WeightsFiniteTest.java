package dev.gallop.engine.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.FiniteValues;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/// The reported failure: NaN or infinite weights were accepted, and a job ended with exit 0 and all-NaN latents or
/// an all-black clip. Now every weight is checked as it loads; the message names the file, the key, the value and
/// the first bad index.
class WeightsFiniteTest {
    @TempDir Path dir;

    private Path write(DType dtype, float bad, int at) throws IOException {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) v[i] = 0.01f * i;
        if (at >= 0) v[at] = bad;
        Path f = dir.resolve(dtype + ".safetensors");
        new SafetensorsWriter().add("m.proj.weight", v, Shape.of(4, 6), dtype)
                .add("m.norm.weight", new float[] {1, bad, 1}, Shape.of(3), DType.F32).write(f);
        return f;
    }

    @ParameterizedTest @EnumSource(value = DType.class, names = {"F32", "BF16", "F16"})
    void aNanWeightIsRefusedNamingTheKeyAndTheFirstBadIndex(DType dtype) throws IOException {
        Path f = write(dtype, Float.NaN, 13);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.KEEP);
            WeightLoadException e = assertThrows(WeightLoadException.class, () -> w.linear("m.proj.weight", Shape.of(4, 6)));
            assertTrue(e.getMessage().contains("'m.proj.weight'") && e.getMessage().contains(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("non-finite value (NaN) at index 13 ([2, 1] in [4, 6])"), e.getMessage());
            WeightLoadException v = assertThrows(WeightLoadException.class, () -> w.vector("m.norm.weight", Shape.of(3)));
            assertTrue(v.getMessage().contains("'m.norm.weight'") && v.getMessage().contains("index 1"), v.getMessage());
            assertThrows(WeightLoadException.class, () -> w.floats("m.norm.weight", Shape.of(3)));
        }
    }

    @Test void infinitiesAreRefusedToo() throws IOException {
        Path f = write(DType.BF16, Float.NEGATIVE_INFINITY, 0);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.F32);
            WeightLoadException e = assertThrows(WeightLoadException.class, () -> w.linear("m.proj.weight", Shape.of(4, 6)));
            assertTrue(e.getMessage().contains("(-Infinity) at index 0"), e.getMessage());
        }
    }

    @Test void finiteWeightsLoadAsBefore() throws IOException {
        Path f = write(DType.F16, 0.5f, 3);
        try (Checkpoint c = Checkpoints.open(f)) {
            Weights w = Weights.open(c, CpuDevice.get(), WeightPolicy.KEEP);
            assertEquals(Shape.of(4, 6), w.linear("m.proj.weight", Shape.of(4, 6)).shape());
            assertArrayEquals(new float[] {1, 0.5f, 1}, w.floats("m.norm.weight", Shape.of(3)));
        }
    }

    @Test void fp8NanPatternIsFound() {
        MemorySegment s = Arena.ofAuto().allocate(64);
        s.set(ValueLayout.JAVA_BYTE, 41, (byte) 0xff);
        assertEquals(41, FiniteValues.firstNonFinite(DType.F8_E4M3, s, 64));
        s.set(ValueLayout.JAVA_BYTE, 41, (byte) 0x7e);   // 448, the largest finite value
        assertEquals(-1, FiniteValues.firstNonFinite(DType.F8_E4M3, s, 64));
    }

    @Test void largeTensorsAreScannedInBlocksAndTheFirstBadOneWins() {
        long n = 5L << 20;
        MemorySegment s = Arena.ofAuto().allocate(n * 4);
        s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, n - 3, Float.POSITIVE_INFINITY);
        s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 3_000_001, Float.NaN);
        assertEquals(3_000_001, FiniteValues.firstNonFinite(DType.F32, s, n));
    }

    @Test void finiteFloatsRefusesAWholeFileReadToo() throws IOException {
        Path f = write(DType.F32, Float.NaN, -1);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.finiteFloats("m.norm.weight"));
            assertTrue(e.getMessage().contains("'m.norm.weight'") && e.getMessage().contains("index 1"), e.getMessage());
        }
    }
}
