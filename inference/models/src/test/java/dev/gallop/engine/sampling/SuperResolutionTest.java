package dev.gallop.engine.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SuperResolutionTest {
    @Test
    void upsamplesLineAlongWidthWithAlignedCorners() {
        // [1,1,1,2] -> [1,1,1,5]: align_corners puts the end points on the corners: 0, 1, 2, 3, 4.
        float[] out = up(new float[] {0f, 4f}, 1, 1, 1, 2, 1, 1, 5);
        assertArrayEquals(new float[] {0f, 1f, 2f, 3f, 4f}, out, 0f);
    }

    @Test
    void upsamplesHandComputedCube() {
        // [1,2,2,2] -> [1,3,3,3]; corners keep their values, the centre is the mean of all eight,
        // a face centre the mean of its four, an edge midpoint the mean of its two.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 16}; // (t,h,w) row-major
        float[] y = up(x, 1, 2, 2, 2, 3, 3, 3);
        assertEquals(27, y.length);
        assertEquals(1f, y[idx(0, 0, 0)], 0f);
        assertEquals(16f, y[idx(2, 2, 2)], 0f);
        assertEquals(1.5f, y[idx(0, 0, 1)], 0f);               // (1+2)/2
        assertEquals(2.5f, y[idx(0, 1, 1)], 0f);               // (1+2+3+4)/4
        assertEquals(3f, y[idx(1, 0, 0)], 0f);                 // (1+5)/2
        assertEquals(5.5f, y[idx(1, 1, 1)], 0f);               // 44/8
        assertEquals(8.5f, y[idx(2, 1, 1)], 0f);               // (5+6+7+16)/4
    }

    @Test
    void linearFieldIsReproducedAndEqualSizesAreIdentity() {
        int c = 2, t = 3, h = 2, w = 3;
        float[] x = new float[c * t * h * w];
        int k = 0;
        for (int ch = 0; ch < c; ch++)
            for (int it = 0; it < t; it++)
                for (int ih = 0; ih < h; ih++)
                    for (int iw = 0; iw < w; iw++) x[k++] = 100 * ch + 8 * it + 4 * ih + 2 * iw;
        assertArrayEquals(x, up(x, c, t, h, w, t, h, w), 0f);
        // Doubling-minus-one sizes keep the sample grid dyadic, so a linear field stays exact.
        float[] y = up(x, c, t, h, w, 5, 3, 5);
        k = 0;
        for (int ch = 0; ch < c; ch++)
            for (int ot = 0; ot < 5; ot++)
                for (int oh = 0; oh < 3; oh++)
                    for (int ow = 0; ow < 5; ow++) assertEquals(100 * ch + 4 * ot + 2 * oh + ow, y[k++], 0f);
    }

    @Test
    void renoiseAndAudioInput() {
        float[] up = {1f, -2f}, eps = {0.5f, 3f};
        float[] z = SuperResolution.renoise(Cpu.k(), Cpu.t(up), Cpu.t(eps)).toFloats();
        assertEquals(1f * SuperResolution.SIGNAL + 0.5f * SuperResolution.NOISE, z[0], 0f);
        assertEquals(-2f * SuperResolution.SIGNAL + 3f * SuperResolution.NOISE, z[1], 0f);
        float[] a = SuperResolution.audioInput(Cpu.k(), Cpu.t(new float[] {10f}), Cpu.t(new float[] {1f})).toFloats();
        assertEquals(1f * 0.7f + 10f * (float) (1 - 0.7), a[0], 0f);
        assertEquals(0.8389104f, SuperResolution.SIGNAL, 1e-7f);
        assertEquals(0.5442696f, SuperResolution.NOISE, 1e-7f);
        assertEquals(1.0, (double) SuperResolution.SIGNAL * SuperResolution.SIGNAL
                + (double) SuperResolution.NOISE * SuperResolution.NOISE, 1e-7);
    }

    private static int idx(int t, int h, int w) { return (t * 3 + h) * 3 + w; }

    private static float[] up(float[] x, int c, int t, int h, int w, int t2, int h2, int w2) {
        return SuperResolution.upsample(Cpu.k(), Cpu.t(x, c, t, h, w), t2, h2, w2).toFloats();
    }
}
