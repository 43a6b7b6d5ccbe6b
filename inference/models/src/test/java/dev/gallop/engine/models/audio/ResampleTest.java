package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResampleTest {
    @Test
    void lengthIs1764PerLatentFrame() {
        for (int l = 1; l <= 1000; l++) assertEquals(1764 * l, Resample441.targetLength(2048 * l), "latent frames " + l);
        assertEquals(222_264, Resample441.targetLength(258_048)); // 5 s at 25 fps + 1 frame (spec §5.3)
    }

    /// A sinusoid well below both Nyquist rates with a whole number of periods is resampled exactly.
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13})
    void sinusoidSurvives(int frames) {
        int n = 2048 * frames, m = Resample441.targetLength(n), cycles = 5 * frames;
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) Math.sin(2 * Math.PI * cycles * i / n);
            x[2 * i + 1] = (float) (0.5 * Math.cos(2 * Math.PI * 3 * cycles * i / n));
        }
        float[] y = Resample441.resample(x, 2);
        assertEquals(2 * m, y.length);
        for (int i = 0; i < m; i++) {
            assertEquals(Math.sin(2 * Math.PI * cycles * i / m), y[2 * i], 2e-5, "left " + i);
            assertEquals(0.5 * Math.cos(2 * Math.PI * 3 * cycles * i / m), y[2 * i + 1], 2e-5, "right " + i);
        }
    }

    @Test
    void rejectsRaggedChannels() {
        assertThrows(IllegalArgumentException.class, () -> Resample441.resample(new float[5], 2));
    }
}
