package dev.gallop.engine.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImagePreprocessTest {
    @Test void cropKeepsTheTargetAspect() {
        // too tall: 365 rows kept; the box (57.5, 422.5) rounds half-to-even like PIL, so 364 remain
        assertArrayEquals(new int[] {0, 58, 640, 422}, ImagePreprocess.cropBox(640, 480, 448, 256));
        assertArrayEquals(new int[] {160, 0, 480, 560}, ImagePreprocess.cropBox(640, 560, 256, 448));  // too wide: crop columns
        assertArrayEquals(new int[] {0, 0, 448, 256}, ImagePreprocess.cropBox(448, 256, 448, 256));
    }

    @Test void constantImageStaysConstant() {
        byte[] rgb = new byte[37 * 53 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = 17;
            rgb[i + 2] = (byte) 255;
        }
        byte[] out = ImagePreprocess.resize(rgb, 53, 37, 32, 16);
        for (int i = 0; i < out.length; i += 3) {
            assertEquals(200, out[i] & 0xff);
            assertEquals(17, out[i + 1] & 0xff);
            assertEquals(255, out[i + 2] & 0xff);
        }
        byte[] up = ImagePreprocess.resize(rgb, 53, 37, 96, 64);
        for (int i = 0; i < up.length; i += 3) assertEquals(200, up[i] & 0xff);
    }

    @Test void sameSizeIsUntouchedAndScaleIsSigned() {
        byte[] rgb = {0, (byte) 255, (byte) 128, 1, 2, 3};
        assertArrayEquals(rgb, ImagePreprocess.resize(rgb, 2, 1, 2, 1));
        float[] s = ImagePreprocess.toSigned(rgb, 2, 1);
        assertEquals(-1f, s[0]);
        assertEquals(1f, s[2]);               // channel 1 (G) of pixel 0
        assertEquals(2f * (128 / 255f) - 1f, s[4]);
    }

    @Test void fullPreparationShape() {
        byte[] rgb = new byte[40 * 70 * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (i * 7);
        float[] out = ImagePreprocess.toModelInput(rgb, 40, 70, 64, 32);
        assertEquals(3 * 32 * 64, out.length);
        for (float v : out) assertEquals(0, v, 1.0 + 1e-6);
    }
}
