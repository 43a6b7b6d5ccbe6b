package dev.gallop.engine.backend.cpu.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/// The CPU sequence kernels, both forms, against their definitions computed here in double (torch's Conv1d and
/// ConvTranspose1d, SnakeBeta, the VAE sample, FFT resampling of a band-limited signal), and the operand checks.
/// (The op harness compares the forms with each other at more geometries.)
class SequenceKernelsTest {
    static final CpuDevice CPU = CpuDevice.get();
    static final Kernels[] BOTH = {CpuDevice.kernels(true), CpuDevice.kernels(false)};

    static float[] gauss(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static Tensor t(float[] v, int... dims) { return Tensor.fromFloats(CPU, Shape.of(dims), v); }

    static void close(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])), what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"3,2,5,2,4,2,19", "4,3,7,3,9,1,23", "5,7,16,1,4,8,67", "13,11,1,1,0,1,29", "2,3,3,1,5,1,4"})
    void conv1dFollowsTorchDefinition(int cin, int cout, int k, int d, int p, int s, int t) {
        Random r = new Random(cin * 31 + t);
        float[] w = gauss(r, cout * cin * k), b = gauss(r, cout), x = gauss(r, t * cin);
        int tOut = SequenceKernels.conv1dLength(t, k, d, p, s);
        assertEquals((t + 2 * p - d * (k - 1) - 1) / s + 1, tOut);
        double[] want = new double[tOut * cout];
        for (int to = 0; to < tOut; to++) {
            for (int co = 0; co < cout; co++) {
                double acc = b[co];
                for (int j = 0; j < k; j++) {
                    int src = to * s + j * d - p;
                    if (src < 0 || src >= t) continue;
                    for (int ci = 0; ci < cin; ci++) acc += (double) x[src * cin + ci] * w[(co * cin + ci) * k + j];
                }
                want[to * cout + co] = acc;
            }
        }
        for (Kernels kn : BOTH) {
            Tensor y = CPU.empty(DType.F32, Shape.of(tOut, cout));
            kn.conv1d(y, t(x, t, cin), t(w, cout, cin, k), t(b, cout), d, p, s);
            close(want, y.toFloats(), 1e-5, "conv1d");
        }
    }

    @ParameterizedTest
    @CsvSource({"3,5,4,2,1,8", "5,3,16,8,4,7", "4,3,7,3,4,10", "2,2,3,5,1,6", "1,1,2,1,0,3"})
    void convTranspose1dFollowsTorchDefinition(int cin, int cout, int k, int s, int p, int t) {
        Random r = new Random(cin * 17 + s * 5 + t);
        float[] w = gauss(r, cin * cout * k), b = gauss(r, cout), x = gauss(r, t * cin);
        int tOut = SequenceKernels.convTranspose1dLength(t, k, s, p);
        double[] want = new double[tOut * cout];
        for (int to = 0; to < tOut; to++) for (int co = 0; co < cout; co++) want[to * cout + co] = b[co];
        for (int ti = 0; ti < t; ti++) {
            for (int j = 0; j < k; j++) {
                int to = ti * s + j - p;
                if (to < 0 || to >= tOut) continue;
                for (int ci = 0; ci < cin; ci++) {
                    for (int co = 0; co < cout; co++) want[to * cout + co] += (double) x[ti * cin + ci] * w[(ci * cout + co) * k + j];
                }
            }
        }
        for (Kernels kn : BOTH) {
            Tensor y = CPU.empty(DType.F32, Shape.of(tOut, cout));
            kn.fill(y, Float.NaN);   // every output must be written
            kn.convTranspose1d(y, t(x, t, cin), t(w, cin, cout, k), t(b, cout), s, p);
            close(want, y.toFloats(), 1e-5, "convTranspose1d k" + k + " s" + s + " p" + p);
        }
    }

    /// K = 2s, stride s, padding ⌈s/2⌉ (the Oobleck upsamplers) gives T·s for even s.
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void oobleckUpsamplerMultipliesLength(int s) {
        for (int t = 1; t < 20; t++) assertEquals(t * s, SequenceKernels.convTranspose1dLength(t, 2 * s, s, (s + 1) / 2));
    }

    @Test
    void snakeFollowsItsFormulaAndMayWriteInPlace() {
        Random r = new Random(2);
        int t = 101, c = 37;
        float[] x = gauss(r, t * c), f = new float[c], rc = new float[c];
        for (int i = 0; i < c; i++) {
            f[i] = (float) Math.exp(0.4 * r.nextGaussian());
            rc[i] = (float) (1 / (Math.exp(0.4 * r.nextGaussian()) + 1e-9));
        }
        double[] want = new double[t * c];
        for (int i = 0; i < want.length; i++) want[i] = x[i] + rc[i % c] * Math.pow(Math.sin((double) x[i] * f[i % c]), 2);
        for (Kernels kn : BOTH) {
            Tensor xs = t(x, t, c);
            kn.snakeBeta(xs, xs, t(f, c), t(rc, c));
            close(want, xs.toFloats(), 1e-6, "snakeBeta");
        }
    }

    @Test
    void vaeSampleIsNoiseTimesSoftplusPlusMean() {
        float[] moments = {0.5f, -1f, 0f, 25f, 2f, 3f, -30f, 1f}, noise = {1f, 2f, -1f, 0.5f};
        double[] want = new double[4];
        for (int row = 0; row < 2; row++) {
            for (int ch = 0; ch < 2; ch++) {
                double s = moments[row * 4 + 2 + ch], sp = s > 20 ? s : Math.log1p(Math.exp(s));
                want[row * 2 + ch] = noise[row * 2 + ch] * (sp + 1e-4) + moments[row * 4 + ch];
            }
        }
        for (Kernels kn : BOTH) {
            Tensor y = CPU.empty(DType.F32, Shape.of(2, 2));
            kn.vaeSample(y, t(moments, 2, 4), t(noise, 2, 2));
            close(want, y.toFloats(), 1e-7, "vaeSample");
        }
    }

    /// A sinusoid well below both Nyquist rates with a whole number of periods is resampled exactly.
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13})
    void resampleKeepsABandLimitedSinusoid(int frames) {
        int n = 2048 * frames, m = 1764 * frames, cycles = 5 * frames;
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) Math.sin(2 * Math.PI * cycles * i / n);
            x[2 * i + 1] = (float) (0.5 * Math.cos(2 * Math.PI * 3 * cycles * i / n));
        }
        float[][] outs = new float[2][];
        for (int v = 0; v < 2; v++) {
            Tensor y = CPU.empty(DType.F32, Shape.of(m, 2));
            BOTH[v].resampleFft(y, t(x, n, 2));
            outs[v] = y.toFloats();
            for (int i = 0; i < m; i++) {
                assertEquals(Math.sin(2 * Math.PI * cycles * i / m), outs[v][2 * i], 2e-5, "left " + i);
                assertEquals(0.5 * Math.cos(2 * Math.PI * 3 * cycles * i / m), outs[v][2 * i + 1], 2e-5, "right " + i);
            }
        }
        assertArrayEquals(outs[1], outs[0], "the vector and scalar resamples differ");
    }

    @Test
    void badOperandsAreNamed() {
        Kernels k = BOTH[0];
        Tensor x = CPU.empty(DType.F32, Shape.of(4, 3)), w = CPU.empty(DType.F32, Shape.of(2, 3, 7));
        var e = assertThrows(IllegalArgumentException.class, () -> k.conv1d(CPU.empty(DType.F32, Shape.of(1, 2)), x, w, null, 1, 0, 1));
        assertTrue(e.getMessage().contains("conv1d") && e.getMessage().contains("too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.conv1d(CPU.empty(DType.F32, Shape.of(4, 2)), x,
                CPU.empty(DType.F32, Shape.of(2, 5, 1)), null, 1, 0, 1));
        assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("[2, 5, 1]") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.conv1d(CPU.empty(DType.F32, Shape.of(5, 2)), x,
                CPU.empty(DType.F32, Shape.of(2, 3, 1)), null, 1, 0, 1));
        assertTrue(e.getMessage().contains("out must be [4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.snakeBeta(x, CPU.empty(DType.BF16, Shape.of(4, 3)), x, x));
        assertTrue(e.getMessage().contains("snakeBeta: x must be F32") && e.getMessage().contains("BF16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.convTranspose1d(x, x, w, CPU.empty(DType.F32, Shape.of(9)), 2, 1));
        assertTrue(e.getMessage().contains("convTranspose1d"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.resampleFft(CPU.empty(DType.F32, Shape.of(5, 2)), x));
        assertTrue(e.getMessage().contains("resampleFft") && e.getMessage().contains("[5, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.vaeSample(CPU.empty(DType.F32, Shape.of(4, 1)), x, x));
        assertTrue(e.getMessage().contains("vaeSample") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }
}
