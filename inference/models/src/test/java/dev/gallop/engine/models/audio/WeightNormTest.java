package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightNormTest {
    @Test
    void foldsPerSliceAlongAxisZero() {
        // v [2, 1, 2]: slices (3, 4) and (0, 2); g = (10, 1)
        float[] w = WeightNorm.fold(new float[] {3, 4, 0, 2}, new float[] {10, 1}, 2);
        assertEquals(6f, w[0]);
        assertEquals(8f, w[1]);
        assertEquals(0f, w[2]);
        assertEquals(1f, w[3]);
    }

    /// ConvTranspose1d: torch's weight is [Cin, Cout, K] and axis 0 is the input channel, so each input channel's
    /// [Cout, K] slice gets norm g[ci].
    @Test
    void transposedConvSlicesAreInputChannels() {
        int cin = 3, cout = 5, k = 4;
        Random r = new Random(3);
        float[] v = new float[cin * cout * k], g = {0.5f, 2f, 7f};
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        float[] w = WeightNorm.fold(v, g, cin);
        for (int ci = 0; ci < cin; ci++) {
            double ss = 0;
            for (int i = 0; i < cout * k; i++) ss += w[ci * cout * k + i] * w[ci * cout * k + i];
            assertEquals(g[ci], Math.sqrt(ss), 1e-5, "input channel " + ci);
        }
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightNorm.fold(new float[6], new float[2], 4));
        assertEquals(true, e.getMessage().contains("slices"));
        e = assertThrows(IllegalArgumentException.class, () -> WeightNorm.fold(new float[4], new float[3], 2));
        assertEquals(true, e.getMessage().contains("weight_g"));
        e = assertThrows(IllegalArgumentException.class, () -> WeightNorm.fold(new float[4], new float[2], 2));
        assertEquals(true, e.getMessage().contains("norm"));
    }
}
