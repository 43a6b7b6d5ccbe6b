package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
