package dev.gallop.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// The eager attention helper: soft-cap on and off against a double-precision formula, cap off against the
/// engine's attention kernel, vector path against its scalar twin, masked probabilities exactly zero.
class EagerAttentionTest {
    static final int L = 9, HQ = 4, HKV = 2, D = 37, W = 3;

    static float[] rand(Random r, int n, float s) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian() * s;
        return a;
    }

    /// softmax(cap(q·k·scale)) v in double over the visible keys.
    static float[] reference(float[] q, float[] k, float[] v, float scale, float cap, int[][] ranges) {
        float[] out = new float[L * HQ * D];
        for (int h = 0; h < HQ; h++) {
            int g = h / (HQ / HKV);
            for (int i = 0; i < L; i++) {
                double[] s = new double[L];
                boolean[] vis = new boolean[L];
                double max = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < ranges[i].length; r += 2) {
                    for (int j = ranges[i][r]; j < ranges[i][r + 1]; j++) {
                        double dot = 0;
                        for (int c = 0; c < D; c++) dot += (double) q[(i * HQ + h) * D + c] * k[(j * HKV + g) * D + c];
                        double x = dot * scale;
                        if (cap > 0) x = cap * Math.tanh(x / cap);
                        s[j] = x;
                        vis[j] = true;
                        max = Math.max(max, x);
                    }
                }
                double sum = 0;
                for (int j = 0; j < L; j++) if (vis[j]) sum += Math.exp(s[j] - max);
                for (int c = 0; c < D; c++) {
                    double acc = 0;
                    for (int j = 0; j < L; j++) if (vis[j]) acc += Math.exp(s[j] - max) / sum * v[(j * HKV + g) * D + c];
                    out[(i * HQ + h) * D + c] = (float) acc;
                }
            }
        }
        return out;
    }

    /// Query i sees keys j with |i − j| < w, one mask segment per query.
    static AttentionMask window(int n, int w) {
        int[] qs = new int[n], qe = new int[n];
        int[][] kr = new int[n][];
        for (int i = 0; i < n; i++) {
            qs[i] = i;
            qe[i] = i + 1;
            kr[i] = new int[] {Math.max(0, i - w + 1), Math.min(n, i + w)};
        }
        return new AttentionMask(qs, qe, kr);
    }

    static int[][] perQuery(AttentionMask mask) {
        int[][] out = new int[L][];
        for (int s = 0; s < mask.queryStart().length; s++) for (int i = mask.queryStart()[s]; i < mask.queryEnd()[s]; i++) out[i] = mask.keyRanges()[s];
        return out;
    }

    static void close(float[] a, float[] b, double tol, String what) {
        for (int i = 0; i < a.length; i++) assertTrue(Math.abs(a[i] - b[i]) <= tol, what + " at " + i + ": " + a[i] + " vs " + b[i]);
    }

    @ParameterizedTest @ValueSource(floats = {0f, 50f, 5f})
    void matchesTheFormulaWithAndWithoutCap(float cap) {
        Random r = new Random(7);
        float[] q = rand(r, L * HQ * D, 1.5f), k = rand(r, L * HKV * D, 1.5f), v = rand(r, L * HKV * D, 1f);
        AttentionMask mask = window(L, W);
        int[][] ranges = perQuery(mask);
        float scale = (float) Math.pow(D, -0.5);
        float[] want = reference(q, k, v, scale, cap, ranges);
        for (boolean vector : new boolean[] {true, false}) {
            float[] got = EagerAttention.run(q, k, v, L, L, HQ, HKV, D, scale, cap, mask, false, vector, EagerAttention.Taps.NONE);
            close(got, want, 2e-5, (vector ? "vector" : "scalar") + " cap " + cap);
        }
    }

    @Test void capChangesTheResultAndCapOffEqualsTheEngineKernel() {
        Random r = new Random(8);
        float[] q = rand(r, L * HQ * D, 3f), k = rand(r, L * HKV * D, 3f), v = rand(r, L * HKV * D, 1f);
        AttentionMask mask = window(L, W);
        float scale = (float) Math.pow(D, -0.5);
        float[] off = EagerAttention.run(q, k, v, L, L, HQ, HKV, D, scale, 0f, mask, false, true, EagerAttention.Taps.NONE);
        float[] on = EagerAttention.run(q, k, v, L, L, HQ, HKV, D, scale, 5f, mask, false, true, EagerAttention.Taps.NONE);
        double diff = 0;
        for (int i = 0; i < on.length; i++) diff = Math.max(diff, Math.abs(on[i] - off[i]));
        assertTrue(diff > 1e-2, "a cap of 5 on logits of this size must matter, max diff " + diff);

        CpuDevice dev = CpuDevice.get();
        Tensor out = dev.empty(DType.F32, Shape.of(L, HQ, D));
        dev.kernels().attention(out, Tensor.fromFloats(dev, Shape.of(L, HQ, D), q), Tensor.fromFloats(dev, Shape.of(L, HKV, D), k),
                Tensor.fromFloats(dev, Shape.of(L, HKV, D), v), AttentionSpec.fused(scale, mask));
        close(out.toFloats(), off, 2e-5, "engine kernel vs cap-off helper");
    }

    @Test void softCapBoundsTheLogit() {
        assertEquals(0f, EagerAttention.softCap(0f, 50f, false));
        assertTrue(Math.abs(EagerAttention.softCap(1e6f, 50f, false)) <= 50f);
        assertEquals(20f * (float) Math.tanh(0.5), EagerAttention.softCap(10f, 20f, false), 1e-6);
        assertEquals(1e-3f, EagerAttention.softCap(1e-3f, 50f, false), 1e-9);   // nearly the identity for small logits
    }

    @Test void tapsHoldEveryLogitAndZeroProbabilitiesOutsideTheWindow() {
        Random r = new Random(9);
        float[] q = rand(r, L * HQ * D, 1f), k = rand(r, L * HKV * D, 1f), v = rand(r, L * HKV * D, 1f);
        AttentionMask mask = window(L, W);
        var taps = new EagerAttention.Taps(new float[HQ * L * L], new float[HQ * L * L]);
        float[] a = EagerAttention.run(q, k, v, L, L, HQ, HKV, D, 0.2f, 50f, mask, false, true, taps);
        float[] b = EagerAttention.run(q, k, v, L, L, HQ, HKV, D, 0.2f, 50f, mask, false, true, EagerAttention.Taps.NONE);
        assertArrayEquals(b, a, "taps must not change the output");
        for (int h = 0; h < HQ; h++) {
            for (int i = 0; i < L; i++) {
                double sum = 0;
                for (int j = 0; j < L; j++) {
                    float p = taps.probs()[(h * L + i) * L + j];
                    if (Math.abs(i - j) >= W) assertEquals(0f, p, "masked prob h" + h + " i" + i + " j" + j);
                    sum += p;
                    assertTrue(taps.logits()[(h * L + i) * L + j] != 0f);
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }
}
