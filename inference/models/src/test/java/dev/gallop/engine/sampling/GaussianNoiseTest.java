package dev.gallop.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {
    @Test
    void momentsAreStandardNormal() {
        int n = 1 << 20;
        float[] x = new GaussianNoise(42).next(n);
        double sum = 0, sq = 0, cube = 0, quad = 0;
        int beyond3 = 0;
        for (float v : x) {
            sum += v;
            sq += (double) v * v;
            cube += (double) v * v * v;
            quad += (double) v * v * v * v;
            if (Math.abs(v) > 3) beyond3++;
        }
        double mean = sum / n, var = sq / n - mean * mean;
        // Standard errors for n = 2^20: mean ~1e-3, variance ~1.4e-3, third moment ~2.4e-3, fourth ~9e-3.
        assertEquals(0.0, mean, 5e-3, "mean");
        assertEquals(1.0, var, 7e-3, "variance");
        assertEquals(0.0, cube / n, 1.5e-2, "third moment");
        assertEquals(3.0, quad / n, 5e-2, "fourth moment");
        assertEquals(0.0027, (double) beyond3 / n, 3e-4, "two-sided tail beyond 3 sigma");
        assertTrue(Arrays.stream(box(x)).allMatch(Float::isFinite));
    }

    @Test
    void reproduciblePerSeedAndIndependentOfChunking() {
        float[] a = new GaussianNoise(7).next(1001);
        GaussianNoise g = new GaussianNoise(7);
        float[] b1 = g.next(3), b2 = g.next(998);
        float[] b = new float[1001];
        System.arraycopy(b1, 0, b, 0, 3);
        System.arraycopy(b2, 0, b, 3, 998);
        assertArrayEquals(a, b, 0f);
        assertArrayEquals(a, new GaussianNoise(7).next(1001), 0f);
    }

    @Test
    void seedsGiveDifferentStreams() {
        float[] a = new GaussianNoise(1).next(64), b = new GaussianNoise(2).next(64), c = new GaussianNoise(-1).next(64);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(b, c));
    }

    @Test
    void neighbouringSeedsAreUncorrelated() {
        int n = 1 << 16;
        float[] a = new GaussianNoise(100).next(n), b = new GaussianNoise(101).next(n);
        double dot = 0;
        for (int k = 0; k < n; k++) dot += (double) a[k] * b[k];
        assertEquals(0.0, dot / n, 0.02, "correlation");
    }

    private static Float[] box(float[] x) {
        Float[] o = new Float[x.length];
        for (int k = 0; k < x.length; k++) o[k] = x[k];
        return o;
    }
}
