package dev.gallop.engine.backend.cuda.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import org.junit.jupiter.api.Test;

class GemmPaddingTest {
    @Test void theSwigluDownProjectionIsPaddedTo13696() {
        int k = MagiHumanConfig.real15B().mlpIntermediate(10);
        assertEquals(13652, k);
        assertEquals(13696, GemmPadding.paddedK(k));
        assertEquals(0, GemmPadding.paddedK(k) * 2 % 16, "padded row stride must be 16-byte aligned in bf16");
        assertTrue(GemmPadding.needsPadding(k));
    }

    @Test void alignedWidthsOfTheRealModelStay() {
        MagiHumanConfig c = MagiHumanConfig.real15B();
        for (int k : new int[] {c.hidden(), c.gelu7Intermediate(), c.textChannels(), c.videoInChannels(), c.audioChannels()}) {
            assertEquals(k, GemmPadding.paddedK(k), "K " + k);
            assertFalse(GemmPadding.needsPadding(k));
        }
    }

    @Test void oddWidthsRoundUpToTiles() {
        assertEquals(128, GemmPadding.paddedK(1));
        assertEquals(768, GemmPadding.paddedK(680));   // the tiny golden model's SwiGLU width
        assertEquals(192, GemmPadding.paddedK(192));
        assertThrows(IllegalArgumentException.class, () -> GemmPadding.paddedK(0));
    }
}
