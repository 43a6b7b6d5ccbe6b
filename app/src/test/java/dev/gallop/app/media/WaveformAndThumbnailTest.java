package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaveformAndThumbnailTest {
    @Test void peaksAreMinAndMaxPerColumnOverAllChannels() {
        // stereo frames: (0.1, -0.2), (0.5, 0.0), (-0.9, 0.3), (0.2, 0.2)
        float[] s = {0.1f, -0.2f, 0.5f, 0f, -0.9f, 0.3f, 0.2f, 0.2f};
        WaveformPeaks p = WaveformPeaks.of(s, 2, 0, 4, 2);
        assertArrayEquals(new float[] {-0.2f, -0.9f}, p.min());
        assertArrayEquals(new float[] {0.5f, 0.3f}, p.max());
        WaveformPeaks sub = WaveformPeaks.of(s, 2, 1, 3, 1);
        assertArrayEquals(new float[] {-0.9f}, sub.min());
        assertArrayEquals(new float[] {0.5f}, sub.max());
        // more columns than frames: each column shows the frame under its centre
        WaveformPeaks wide = WaveformPeaks.of(new float[] {1, -1}, 1, 0, 2, 4);
        assertArrayEquals(new float[] {1, 1, -1, -1}, wide.max());
        // past the end of the sound is silence
        WaveformPeaks past = WaveformPeaks.of(new float[] {1, -1}, 1, 0, 4, 2);
        assertArrayEquals(new float[] {-1, 0}, past.min());
        assertThrows(IllegalArgumentException.class, () -> WaveformPeaks.of(s, 2, 0, 4, 0));
    }

    @Test void thumbnailsAreAreaAveragesWithTheAspectKept() {
        // 4×2 RGB: left half red 200, right half blue 100
        byte[] rgb = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) {
            int o = (y * 4 + x) * 3;
            if (x < 2) rgb[o] = (byte) 200; else rgb[o + 2] = 100;
        }
        ArgbImage t = ArgbImage.fromRgb(rgb, 4, 2, 1);
        assertEquals(2, t.width());
        assertEquals(1, t.height());
        assertEquals(0xffc80000, t.pixel(0, 0));
        assertEquals(0xff000064, t.pixel(1, 0));
        assertEquals(2, ArgbImage.fromRgb(rgb, 4, 2, 10).height(), "never scaled up");
        assertThrows(IllegalArgumentException.class, () -> new ArgbImage(2, 2, new int[3]));
    }

    @Test void wholeFactorEnlargementMakesEachPixelABlock() {
        ArgbImage a = new ArgbImage(2, 1, new int[] {0xff102030, 0xffa0b0c0});
        ArgbImage b = a.scaledBy(3);
        assertEquals(6, b.width());
        assertEquals(3, b.height());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) assertEquals(x < 3 ? 0xff102030 : 0xffa0b0c0, b.pixel(x, y), "pixel " + x + "," + y);
        }
        assertEquals(a, a.scaledBy(1));
        assertThrows(IllegalArgumentException.class, () -> a.scaledBy(0));
    }

    @Test void nearestNeighbourToAnySizeKeepsBlocksWithinOnePixel() {
        ArgbImage a = new ArgbImage(2, 2, new int[] {1, 2, 3, 4});
        ArgbImage b = a.scaledTo(5, 7);
        assertEquals(5, b.width());
        assertEquals(7, b.height());
        // columns 0..1 from source column 0, 2..4 from column 1 (centres at 0.2, 0.6 | 1.0, 1.4, 1.8 of 2)
        int[] row0 = new int[5], row6 = new int[5];
        for (int x = 0; x < 5; x++) {
            row0[x] = b.pixel(x, 0);
            row6[x] = b.pixel(x, 6);
        }
        assertArrayEquals(new int[] {1, 1, 2, 2, 2}, row0);
        assertArrayEquals(new int[] {3, 3, 4, 4, 4}, row6);
        long top = java.util.stream.IntStream.range(0, 7).filter(y -> b.pixel(0, y) == 1).count();
        assertTrue(top == 3 || top == 4, "rows split 3/4: " + top);
        assertArrayEquals(a.scaledBy(3).argb(), a.scaledTo(6, 6).argb(), "a whole factor is the same as scaledBy");
        assertEquals(a, a.scaledTo(2, 2));
        assertThrows(IllegalArgumentException.class, () -> a.scaledTo(0, 3));
    }
}
