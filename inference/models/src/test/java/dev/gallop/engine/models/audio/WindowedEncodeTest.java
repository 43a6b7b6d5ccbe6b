package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedEncodeTest {
    static final Device CPU = Backends.device("cpu");
    static final Kernels K = CPU.kernels();

    static Tensor t(float[] v, int frames, int channels) { return Tensor.fromFloats(CPU, Shape.of(frames, channels), v); }

    /// Two windows of 5 frames, 1 channel: overlap 2, step 3, length 8; frames 3 and 4 cross-fade with weights
    /// (1, 0) and (1/2, 1/2).
    @Test
    void mergeCrossFadesTheOverlap() {
        float[] a = {1, 1, 1, 1, 1}, b = {3, 3, 3, 3, 3};
        Tensor m = WindowedEncode.merge(K, List.of(t(a, 5, 1), t(b, 5, 1)), 5, 1);
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 3, 3, 3}, m.toFloats());
    }

    @Test
    void mergeKeepsChannelsApart() {
        float[] a = {0, 10, 0, 10, 0, 10, 0, 10}, b = {4, 20, 4, 20, 4, 20, 4, 20};
        Tensor m = WindowedEncode.merge(K, List.of(t(a, 4, 2), t(b, 4, 2)), 4, 2);
        assertEquals(Shape.of(6, 2), m.shape());
        // overlap 2, step 2: frame 2 = a, frame 3 = a/2 + b/2, then b
        assertArrayEquals(new float[] {0, 10, 0, 10, 0, 10, 2, 15, 4, 20, 4, 20}, m.toFloats());
    }

    /// Three windows of 7 frames: overlap 3, step 4; the second window cross-fades frames 4 … 6, the third frames 8 … 10.
    @Test
    void mergeChainsThreeWindows() {
        float[] a = new float[7], b = new float[7], c = new float[7];
        java.util.Arrays.fill(a, 3);
        java.util.Arrays.fill(b, 6);
        java.util.Arrays.fill(c, 9);
        float[] m = WindowedEncode.merge(K, List.of(t(a, 7, 1), t(b, 7, 1), t(c, 7, 1)), 7, 1).toFloats();
        assertEquals(15, m.length);
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9, 9, 9}, m, 1e-6f);
    }
}
