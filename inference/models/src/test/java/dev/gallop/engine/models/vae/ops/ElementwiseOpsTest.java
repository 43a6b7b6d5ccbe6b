package dev.gallop.engine.models.vae.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/// Norms, activations, attention and rearrangements: vector paths against scalar twins at odd sizes, and small
/// hand-checked cases for the layouts.
class ElementwiseOpsTest {
    static Volume random(long seed, int c, int t, int h, int w, double scale) {
        Random r = new Random(seed);
        float[] a = new float[c * t * h * w];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
        return new Volume(a, c, t, h, w);
    }

    @Test void rmsTwins() {
        Volume x = random(1, 7, 3, 5, 13, 1);
        assertArrayEquals(ChannelNorm.rmsScalar(x, 1e-8f).data(), ChannelNorm.rms(x, 1e-8f).data());
        float[] y = ChannelNorm.rms(x, 1e-6f).data();
        int n = x.plane();
        double ss = 0;
        for (int c = 0; c < 7; c++) ss += (double) x.data()[c * n + 4] * x.data()[c * n + 4];
        assertEquals(x.data()[2 * n + 4] / Math.sqrt(ss / 7 + 1e-6), y[2 * n + 4], 1e-5);
    }

    @Test void l2Twins() {
        Volume x = random(2, 5, 1, 7, 11, 1);
        float[] g = {1.1f, 0.9f, 1f, 1.2f, 0.8f};
        assertArrayEquals(ChannelNorm.l2Scalar(x, g).data(), ChannelNorm.l2(x, g).data());
        float[] zero = ChannelNorm.l2(Volume.zeros(5, 1, 1, 3), g).data();
        for (float v : zero) assertEquals(0f, v);
    }

    @Test void siluTwinsAndAccuracy() {
        Volume x = random(3, 3, 1, 7, 41, 6);
        float[] v = Activations.silu(x).data();
        assertArrayEquals(Activations.siluScalar(x).data(), v);
        for (int i = 0; i < v.length; i++) {
            double xi = x.data()[i];
            assertEquals(xi / (1 + Math.exp(-xi)), v[i], 1e-6 * Math.max(1, Math.abs(xi)));
        }
        assertEquals(-0f, Activations.silu(-100f), 0f);
    }

    @Test void attentionTwins() {
        Volume qkv = random(4, 3 * 19, 2, 3, 5, 1);
        Volume v = SpatialAttention.forward(qkv), s = SpatialAttention.forwardScalar(qkv);
        for (int i = 0; i < v.data().length; i++) assertEquals(s.data()[i], v.data()[i], 1e-5);
    }

    @Test void attentionOfOneTokenReturnsItsValue() {
        Volume qkv = random(5, 6, 1, 1, 1, 1);
        float[] out = SpatialAttention.forward(qkv).data();
        assertArrayEquals(new float[] {qkv.data()[4], qkv.data()[5]}, out);
    }

    @Test void shuffleOrderAndRoundTrip() {
        Volume x = random(6, 2, 2, 4, 6, 1);
        Volume u = Rearrange.unshuffle2x2(x);
        assertEquals("[8, 2, 2, 3]", u.shape());
        // channel c·4 + j·2 + i holds pixel (2h + i, 2w + j): c = 1, j = 1, i = 0 at (h, w) = (1, 2), frame 1
        assertEquals(x.data()[((1 * 2 + 1) * 4 + 2) * 6 + 5], u.data()[((6 * 2 + 1) * 2 + 1) * 3 + 2]);
        assertArrayEquals(x.data(), Rearrange.shuffle2x2(u).data());
    }

    @Test void nearestAndTimeRegroup() {
        Volume x = new Volume(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, Rearrange.nearest2x(x).data());
        Volume y = new Volume(new float[] {10, 11, 20, 21}, 2, 2, 1, 1);   // channel 0: frames 10, 11; channel 1: 20, 21
        assertArrayEquals(new float[] {10, 20, 11, 21}, Rearrange.channelsToFrames(y, false).data());
        assertArrayEquals(new float[] {20, 11, 21}, Rearrange.channelsToFrames(y, true).data());
    }

    @Test void avgDownHalvesWithOneZeroFrame() {
        Volume x = new Volume(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        // (ft, fs) = (2, 2): 2 channels × 8 sub-positions = 16, averaged in groups of 4 for 4 outputs;
        // the first 4 sub-positions of each channel are the zero pad frame.
        assertArrayEquals(new float[] {0, 2.5f, 0, 6.5f}, Rearrange.avgDown(x, 4, 2, 2).data());
        assertArrayEquals(new float[] {2.5f, 6.5f}, Rearrange.avgDown(x, 2, 1, 2).data());
        assertArrayEquals(x.data(), Rearrange.avgDown(x, 2, 1, 1).data());
    }
}
