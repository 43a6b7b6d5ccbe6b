package dev.gallop.engine.backend.cpu.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// The polynomial sine of the snake kernel: within 1.5e-7 of the exact sine (`StrictMath.sin` in double; a couple of
/// ulp at |sin| near 1), and the vector form bit for bit its scalar replica.
class SineTest {
    @ParameterizedTest
    @ValueSource(doubles = {1, 10, 100, 1000, 25_000, 1e6})
    void isWithinAFewUlpAndTheVectorFormIsItsScalarReplica(double range) {
        SplittableRandom r = new SplittableRandom((long) range);
        int lanes = FloatVector.SPECIES_PREFERRED.length(), n = lanes * 20_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((2 * r.nextDouble() - 1) * range);
        x[0] = 0f;
        x[1] = (float) (Math.PI / 4);
        x[2] = -(float) Math.PI;
        for (int i = 0; i < n; i += lanes) {
            float[] v = new float[lanes];
            Sine.sin(FloatVector.fromArray(Sine.S, x, i)).intoArray(v, 0);
            for (int j = 0; j < lanes; j++) {
                float s = Sine.sin(x[i + j]);
                assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(v[j]), "vector and scalar sine differ at " + x[i + j]);
                double exact = StrictMath.sin(x[i + j]);
                assertTrue(Math.abs(s - exact) <= 1.5e-7, "sin(" + x[i + j] + ") = " + s + ", exact " + exact);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteArgumentsGiveNaN(float x) {
        assertTrue(Float.isNaN(Sine.sin(x)));
        float[] v = new float[Sine.S.length()];
        Sine.sin(FloatVector.broadcast(Sine.S, x)).intoArray(v, 0);
        for (float f : v) assertTrue(Float.isNaN(f));
    }
}
