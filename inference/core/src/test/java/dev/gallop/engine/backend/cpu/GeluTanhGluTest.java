package dev.gallop.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gallop.engine.tensor.Floats;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// GeGLU with tanh-GELU: vector path bit-equal to its scalar twin, both near the double formula.
class GeluTanhGluTest {
    @ParameterizedTest @ValueSource(ints = {1, 7, 31, 32, 33, 20000})
    void vectorEqualsScalarAndTheFormula(int n) {
        Random r = new Random(n);
        float[] gate = new float[n], up = new float[n];
        for (int i = 0; i < n; i++) {
            gate[i] = (float) r.nextGaussian() * 3f;
            up[i] = (float) r.nextGaussian();
        }
        for (boolean bf16 : new boolean[] {false, true}) {
            float[] v = GeluTanhGlu.apply(gate, up, bf16, true), s = GeluTanhGlu.apply(gate, up, bf16, false);
            assertArrayEquals(s, v, "vector vs scalar, bf16=" + bf16);
        }
        float[] f = GeluTanhGlu.apply(gate, up, false, true);
        for (int i = 0; i < n; i++) {
            double x = gate[i];
            double g = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(g * up[i], f[i], 1e-5 * Math.max(1, Math.abs(g * up[i])));
        }
        float[] b = GeluTanhGlu.apply(gate, up, true, false);
        for (int i = 0; i < n; i++) assertEquals(Floats.roundBf16(b[i]), b[i], "bf16 output must be bf16-exact");
    }
}
