package dev.gallop.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gallop.engine.tensor.Floats;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Fp8Test {
    private static void check(float f) {
        assertEquals(Floats.floatToE4m3(f), Fp8.encode(f), () -> "encoding of " + f);
    }

    @Test void matchesReferenceEncoder() {
        for (int c = 0; c < 0x7f; c++) {
            float v = Floats.e4m3ToFloat((byte) c), next = c < 0x7e ? Floats.e4m3ToFloat((byte) (c + 1)) : 500f;
            for (float f : new float[] {v, (v + next) / 2, Math.nextUp((v + next) / 2), Math.nextDown((v + next) / 2),
                    Math.nextUp(v), Math.nextDown(v)}) {
                check(f);
                check(-f);
            }
        }
        for (float f : new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 448f, 464f, 1e9f,
                Float.MIN_VALUE, 1e-12f}) {
            check(f);
        }
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            check((float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 4)));
        }
    }
}
