package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedEncodeTest {
    /// Two windows of 5 frames, 1 channel: overlap 2, step 3, length 8; frames 3 and 4 cross-fade with weights
    /// (1, 0) and (1/2, 1/2).
    @Test
    void mergeCrossFadesTheOverlap() {
        float[] a = {1, 1, 1, 1, 1}, b = {3, 3, 3, 3, 3};
        float[] m = WindowedEncode.merge(List.of(a, b), 5, 1);
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 3, 3, 3}, m);
    }

    @Test
    void mergeKeepsChannelsApart() {
        float[] a = {0, 10, 0, 10, 0, 10, 0, 10}, b = {4, 20, 4, 20, 4, 20, 4, 20};
        float[] m = WindowedEncode.merge(List.of(a, b), 4, 2);
        assertEquals(6 * 2, m.length);
        // overlap 2, step 2: frame 2 = a, frame 3 = a/2 + b/2, then b
        assertArrayEquals(new float[] {0, 10, 0, 10, 0, 10, 2, 15, 4, 20, 4, 20}, m);
    }
}
