package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ViewerScaleTest {
    @Test void smallPicturesGrowByWholeFactorsAndBigOnesFitSmoothly() {
        // the demo's 64×64 in a 640×360 viewer: 5× (5.6 fits), crisp
        assertEquals(new ViewerScale(320, 320, 5), ViewerScale.fit(64, 64, 640, 360));
        // a 4×4 latent picture fills the height by whole pixels
        assertEquals(new ViewerScale(360, 360, 90), ViewerScale.fit(4, 4, 640, 360));
        // 448×256 fits 1.41×: smooth, the whole width, aspect kept
        ViewerScale s = ViewerScale.fit(448, 256, 632, 400);
        assertEquals(0, s.factor());
        assertEquals(632, s.width(), 1e-9);
        assertEquals(256 * 632 / 448.0, s.height(), 1e-9);
        // exactly twice is whole
        assertEquals(new ViewerScale(128, 128, 2), ViewerScale.fit(64, 64, 128, 500));
        // bigger than the area: shrunk smoothly
        assertEquals(0, ViewerScale.fit(1920, 1088, 640, 360).factor());
        assertEquals(new ViewerScale(0, 0, 0), ViewerScale.fit(64, 64, 0, 360), "no area yet");
    }
}
