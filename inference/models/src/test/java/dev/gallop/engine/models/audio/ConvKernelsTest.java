package dev.gallop.engine.models.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/// Vector (im2col + GEMM) kernels against their scalar twins at odd sizes, and the shape rules.
class ConvKernelsTest {
    static float[] gauss(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static void close(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])), what + " at " + i + ": "
                    + expected[i] + " vs " + actual[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"3,5,7,1,3,1,37", "5,3,7,3,9,1,41", "7,9,7,9,27,1,101", "2,4,7,1,3,1,13", "13,11,1,1,0,1,29",
            "6,10,4,1,1,2,33", "5,7,16,1,4,8,67", "11,3,3,1,1,1,3", "30,40,7,1,3,1,1000"})
    void conv1dVectorMatchesScalar(int cin, int cout, int k, int dil, int pad, int stride, int t) {
        Random r = new Random(cin * 31 + t);
        Conv1d c = new Conv1d(gauss(r, cout * cin * k), gauss(r, cout), cin, cout, k, dil, pad, stride);
        float[] x = gauss(r, t * cin);
        float[] s = c.forwardScalar(x, t), v = c.forward(x, t);
        assertEquals(c.outLength(t) * cout, s.length);
        close(s, v, 1e-5, "conv1d");
    }

    /// Direct definition check of one output: out[t, co] = b + Σ x[t·s + k·d − p, ci]·W[co, ci, k].
    @Test
    void conv1dFollowsTorchDefinition() {
        Random r = new Random(9);
        int cin = 3, cout = 2, k = 5, d = 2, p = 4, s = 2, t = 19;
        float[] w = gauss(r, cout * cin * k), b = gauss(r, cout), x = gauss(r, t * cin);
        Conv1d c = new Conv1d(w, b, cin, cout, k, d, p, s);
        assertEquals((t + 2 * p - d * (k - 1) - 1) / s + 1, c.outLength(t));
        float[] y = c.forward(x, t);
        for (int to = 0; to < c.outLength(t); to++) {
            for (int co = 0; co < cout; co++) {
                double acc = b[co];
                for (int j = 0; j < k; j++) {
                    int src = to * s + j * d - p;
                    if (src < 0 || src >= t) continue;
                    for (int ci = 0; ci < cin; ci++) acc += x[src * cin + ci] * w[(co * cin + ci) * k + j];
                }
                assertEquals(acc, y[to * cout + co], 1e-5, "t=" + to + " co=" + co);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"3,5,8,1", "5,3,8,7", "7,9,4,13", "4,4,2,31", "3,2,3,11", "6,5,5,9", "1,1,2,1", "33,17,8,5"})
    void convTransposeVectorMatchesScalar(int cin, int cout, int s, int t) {
        Random r = new Random(cin * 17 + s * 5 + t);
        ConvTranspose1d c = ConvTranspose1d.oobleck(gauss(r, cin * cout * 2 * s), gauss(r, cout), cin, cout, s);
        float[] x = gauss(r, t * cin);
        close(c.forwardScalar(x, t), c.forward(x, t), 1e-5, "convT s=" + s);
    }

    @Test
    void convTransposeGeneralGeometryMatchesScalar() {
        Random r = new Random(5);
        // kernel not a multiple of the stride, padding larger than the stride, no bias
        ConvTranspose1d c = new ConvTranspose1d(gauss(r, 4 * 3 * 7), null, 4, 3, 7, 3, 4);
        float[] x = gauss(r, 10 * 4);
        assertEquals((10 - 1) * 3 - 8 + 7, c.outLength(10));
        close(c.forwardScalar(x, 10), c.forward(x, 10), 1e-5, "convT k7 s3 p4");
    }

    /// K = 2s, stride s, padding ⌈s/2⌉ gives T·s for the Oobleck strides (all even).
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void oobleckUpsamplerMultipliesLength(int s) {
        ConvTranspose1d c = ConvTranspose1d.oobleck(new float[2 * 3 * 2 * s], null, 2, 3, s);
        for (int t = 1; t < 20; t++) assertEquals(t * s, c.outLength(t));
    }

    @Test
    void snakeVectorMatchesScalarBitForBit() {
        Random r = new Random(2);
        SnakeBeta snake = new SnakeBeta(gauss(r, 7), gauss(r, 7));
        float[] x = gauss(r, 7 * 1001);
        assertArrayEquals(snake.applyScalar(x), snake.apply(x));
    }

    @Test
    void snakeFormula() {
        SnakeBeta snake = new SnakeBeta(new float[] {(float) Math.log(2)}, new float[] {(float) Math.log(4)});
        float y = snake.applyScalar(new float[] {0.3f})[0];
        assertEquals(0.3 + Math.pow(Math.sin(0.6), 2) / 4, y, 1e-6);
    }

    @Test
    void badInputsAreNamed() {
        Conv1d c = new Conv1d(new float[2 * 3 * 7], null, 3, 2, 7, 1, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.forward(new float[10], 4));
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(new float[9], 3));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv1d(new float[5], null, 3, 2, 7, 1, 0, 1));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SnakeBeta(new float[2], new float[3]));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
}
