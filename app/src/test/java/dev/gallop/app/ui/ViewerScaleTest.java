package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ViewerScaleTest {
    @Test void picturesFillTheAreaCrispFromTwiceTheirSizeAndSmoothBelow() {
        // the demo's 64×64 in a 640×360 viewer: 5.6×, the whole height, crisp
        assertEquals(new ViewerScale(360, 360, true), ViewerScale.fit(64, 64, 640, 360));
        // 128×128 in a 700×400 viewer: 3.1×, no longer 3× with a margin
        assertEquals(new ViewerScale(400, 400, true), ViewerScale.fit(128, 128, 700, 400));
        // the new demo's 448×256 in a 1000×700 viewer: 2.23×, the whole width in whole pixels
        assertEquals(new ViewerScale(1000, 571, true), ViewerScale.fit(448, 256, 1000, 700));
        // 448×256 fits 1.41×: smooth, the whole width, aspect kept
        ViewerScale s = ViewerScale.fit(448, 256, 632, 400);
        assertFalse(s.crisp());
        assertEquals(632, s.width(), 1e-9);
        assertEquals(256 * 632 / 448.0, s.height(), 1e-9);
        // exactly twice is crisp
        assertEquals(new ViewerScale(128, 128, true), ViewerScale.fit(64, 64, 128, 500));
        // bigger than the area: shrunk smoothly
        assertFalse(ViewerScale.fit(1920, 1088, 640, 360).crisp());
        assertEquals(new ViewerScale(0, 0, false), ViewerScale.fit(64, 64, 0, 360), "no area yet");
    }
}
