package dev.gallop.engine.backend.cpu.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// The FFT against a naive DFT in double, both forms, and the vector form's butterflies against the scalar form's.
class FftTest {
    /// Naive DFT in double, sign −1 (forward) or +1 (inverse, unscaled).
    static double[][] dft(float[] re, float[] im, int sign) {
        int n = re.length;
        double[] or = new double[n], oi = new double[n];
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++) {
                double a = sign * 2 * Math.PI * ((long) j * k % n) / n, c = Math.cos(a), s = Math.sin(a);
                sr += re[j] * c - im[j] * s;
                si += re[j] * s + im[j] * c;
            }
            or[k] = sr;
            oi[k] = si;
        }
        return new double[][] {or, oi};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 9, 12, 15, 16, 25, 31, 45, 49, 63, 98, 101, 127, 210, 441, 1764, 2 * 37 * 3, 4 * 64 * 7})
    void matchesNaiveDftInBothForms(int n) {
        Random r = new Random(n);
        float[] re = new float[n], im = new float[n];
        for (int i = 0; i < n; i++) { re[i] = (float) r.nextGaussian(); im[i] = (float) r.nextGaussian(); }
        Fft fft = new Fft(n);
        for (int sign : new int[] {-1, 1}) {
            double[][] ref = dft(re, im, sign);
            float[][] got = new float[2][];
            for (boolean vector : new boolean[] {false, true}) {
                float[] a = re.clone(), b = im.clone();
                if (sign < 0) fft.forward(a, b, vector); else fft.inverse(a, b, vector);
                double err = 0, norm = 0;
                for (int k = 0; k < n; k++) {
                    err = Math.max(err, Math.hypot(a[k] - ref[0][k], b[k] - ref[1][k]));
                    norm = Math.max(norm, Math.hypot(ref[0][k], ref[1][k]));
                }
                assertTrue(err <= 2e-6 * Math.max(1, norm) * Math.log(n + 1), "n=" + n + " sign " + sign + " vector " + vector
                        + " (bluestein " + fft.usesBluestein() + "): max error " + err + " of peak " + norm);
                if (vector) {
                    assertArrayEquals(got[0], a, "vector and scalar butterflies differ, n=" + n);
                    assertArrayEquals(got[1], b, "vector and scalar butterflies differ, n=" + n);
                } else {
                    got[0] = a;
                    got[1] = b;
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 127, 2 * 37 * 3})
    void largePrimeFactorsUseBluestein(int n) {
        assertTrue(new Fft(n).usesBluestein());
        assertTrue(!new Fft(1764 * 6).usesBluestein());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3})
    void rejectsBadLength(int n) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Fft(n));
        assertTrue(e.getMessage().contains("length"));
    }

    @ParameterizedTest
    @ValueSource(ints = {12288, 51200})
    void roundTripAtDecoderLengths(int n) {
        Random r = new Random(1);
        float[] re = new float[n], im = new float[n];
        for (int i = 0; i < n; i++) re[i] = (float) r.nextGaussian();
        float[] x = re.clone();
        Fft fft = new Fft(n);
        fft.forward(re, im, true);
        fft.inverse(re, im, true);
        for (int i = 0; i < n; i++) assertEquals(x[i], re[i] / n, 5e-6, "sample " + i);
    }
}
