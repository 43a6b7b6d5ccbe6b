package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResampleTest {
    @Test
    void lengthIs1764PerLatentFrame() {
        for (int l = 1; l <= 1000; l++) assertEquals(1764 * l, Resample441.targetLength(2048 * l), "latent frames " + l);
        assertEquals(222_264, Resample441.targetLength(258_048)); // 5 s at 25 fps + 1 frame
    }

    /// The host convenience and the device form are one computation.
    @Test
    void hostArraysAndDeviceTensorsGiveTheSameSamples() {
        Random r = new Random(3);
        float[] x = new float[2 * 2048 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Device cpu = Backends.device("cpu");
        Tensor y = Resample441.resample(cpu.kernels(), Tensor.fromFloats(cpu, Shape.of(2048 * 3, 2), x));
        assertEquals(Shape.of(1764 * 3, 2), y.shape());
        assertArrayEquals(y.toFloats(), Resample441.resample(x, 2));
    }

    @Test
    void rejectsRaggedChannelsAndTooFewSamples() {
        assertThrows(IllegalArgumentException.class, () -> Resample441.resample(new float[5], 2));
        assertThrows(IllegalArgumentException.class, () -> Resample441.resample(new float[2], 2));
    }
}
