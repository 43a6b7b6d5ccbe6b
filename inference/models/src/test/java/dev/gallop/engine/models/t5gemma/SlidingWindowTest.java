package dev.gallop.engine.models.t5gemma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.AttentionMask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/// The sliding-window rule of transformers 4.5x T5Gemma: query i sees key j iff |i − j| < W, both directions.
class SlidingWindowTest {
    @ParameterizedTest @CsvSource({"11,4", "3,4", "4,4", "5,4", "1,1", "9,1", "17,6", "8,100"})
    void everyPairFollowsTheRule(int tokens, int window) {
        float[] dense = SlidingWindow.dense(SlidingWindow.mask(tokens, window), tokens);
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                float want = Math.abs(i - j) < window ? 1f : 0f;
                assertEquals(want, dense[i * tokens + j], "query " + i + " key " + j + " (L=" + tokens + ", W=" + window + ")");
            }
        }
    }

    @ParameterizedTest @CsvSource({"3,4", "4,4", "1,4", "7,7"})
    void aSequenceNoLongerThanTheWindowGetsTheFullMask(int tokens, int window) {
        assertTrue(SlidingWindow.mask(tokens, window).isFull(tokens));
    }

    @ParameterizedTest @CsvSource({"11,4", "5,4"})
    void windowOfFourSeesThreeKeysEachSide(int tokens, int window) {
        AttentionMask m = SlidingWindow.mask(tokens, window);
        assertTrue(!m.isFull(tokens));
        int[][] per = SlidingWindow.perQuery(m, tokens);
        assertEquals(0, per[0][0]);
        assertEquals(Math.min(tokens, window), per[0][1]);   // query 0 sees keys 0..W-1
        int mid = tokens / 2;
        assertEquals(Math.min(2 * window - 1, tokens), per[mid][1] - per[mid][0]);
    }

    @ParameterizedTest @CsvSource({"11,4"})
    void transformers5RuleIsTheWindowPlusOne(int tokens, int window) {
        float[] dense = SlidingWindow.dense(SlidingWindow.mask(tokens, window + 1), tokens);
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) assertEquals(Math.abs(i - j) <= window ? 1f : 0f, dense[i * tokens + j]);
        }
    }

    @ParameterizedTest @CsvSource({"0,4", "5,0"})
    void badArgumentsAreRejected(int tokens, int window) {
        assertThrows(IllegalArgumentException.class, () -> SlidingWindow.mask(tokens, window));
    }
}
