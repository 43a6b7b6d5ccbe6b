package dev.gallop.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoSizeParseTest {
    @Test void readsWidthByHeight() {
        assertEquals(Optional.of(new VideoSize(448, 256)), VideoSize.parse("448x256"));
        assertEquals(Optional.of(new VideoSize(256, 448)), VideoSize.parse(" 256 X 448 "));
    }

    @Test void textThatIsNotASizeIsEmpty() {
        for (String t : new String[] {"", "448", "448x", "x256", "448x256x", "448x256x64", "big", "4.5x256", "448*256"}) {
            assertTrue(VideoSize.parse(t).isEmpty(), t);
        }
    }

    @Test void aSizeTheNumbersDoNotAllowSaysWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> VideoSize.parse("100x100"));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    }
}
