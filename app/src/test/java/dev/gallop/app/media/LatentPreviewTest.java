package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.LatentClip;
import org.junit.jupiter.api.Test;

class LatentPreviewTest {
    /// 3 channels (one per colour), T frames of 2×2; channel c of frame t at pixel i holds (c+1)·(t·4 + i).
    static LatentClip ramp(int t) {
        float[] v = new float[3 * t * 4];
        for (int c = 0; c < 3; c++) for (int f = 0; f < t; f++) for (int i = 0; i < 4; i++) v[(c * t + f) * 4 + i] = (c + 1) * (f * 4 + i);
        return new LatentClip(v, 3, t, 2, 2, new float[] {1, -3, 2, 2, 0, 0}, 2);
    }

    @Test void aFrameIsStretchedOverItsOwnRange() {
        int[] px = LatentPreview.frameArgb(ramp(2), 1);
        // values 4..7 in every channel map to 0, 85, 170, 255
        assertArrayEquals(new int[] {0xff000000, 0xff555555, 0xffaaaaaa, 0xffffffff}, px);
        assertThrows(IllegalArgumentException.class, () -> LatentPreview.frameArgb(ramp(2), 2));
    }

    @Test void theClipVideoFollowsTheTemporalLayoutAndOneRange() {
        DecodedVideo v = LatentPreview.video(ramp(3), 4, 2);
        assertEquals(9, v.frames());             // 1 + 4·(3 − 1)
        assertEquals(2, v.height());
        assertEquals(4, v.width());
        // pixel frames 1..4 show latent frame 1, 5..8 latent frame 2
        for (int f = 2; f <= 4; f++) assertEquals(v.rgb(1, 0, 0), v.rgb(f, 0, 0));
        for (int f = 6; f <= 8; f++) assertEquals(v.rgb(5, 1, 3), v.rgb(f, 1, 3));
        // one stretch over the clip: the top-left of frame 0 is the minimum, the bottom-right of the last the maximum
        assertEquals(0x000000, v.rgb(0, 0, 0));
        assertEquals(0xffffff, v.rgb(8, 1, 3));
        // later latent frames are brighter (the ramp grows with t)
        assertEquals(true, (v.rgb(5, 0, 0) & 0xff) > (v.rgb(1, 0, 0) & 0xff));
    }

    @Test void audioEnvelopeIsTheChannelMeanScaledToOne() {
        assertArrayEquals(new float[] {-0.5f, 1f, 0f}, LatentPreview.audioEnvelope(ramp(1)), 1e-6f);
    }
}
