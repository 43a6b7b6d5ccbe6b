package dev.gallop.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// Every vectorized CPU kernel against its scalar twin and, where cheap, a double-precision formula,
/// at odd sizes (31/32/33-style) so tails and vector bodies are both exercised.
class CpuKernelTwinsTest {
    private static final CpuKernels VEC = CpuDevice.kernels(true), SCA = CpuDevice.kernels(false);
    private static final CpuDevice DEV = CpuDevice.get();

    private static Tensor rand(Random r, float scale, int... dims) {
        float[] v = new float[(int) Shape.of(dims).numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * scale;
        return Tensor.fromFloats(DEV, Shape.of(dims), v);
    }

    private static Tensor asBf16(Tensor t) {
        Tensor b = DEV.empty(DType.BF16, t.shape());
        VEC.copy(b, t);
        return b;
    }

    private static void close(float[] a, float[] b, double tol, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), what + " at " + i + ": " + a[i] + " vs " + b[i]);
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 15, 31, 32, 33, 130})
    void rmsNorm(int d) {
        Random r = new Random(d);
        Tensor x = rand(r, 2f, 7, d), g = rand(r, 1f, d);
        Tensor a = DEV.empty(x.dtype(), x.shape()), b = DEV.empty(x.dtype(), x.shape());
        VEC.rmsNorm(a, x, g, 1e-6f);
        SCA.rmsNorm(b, x, g, 1e-6f);
        float[] xs = x.toFloats(), gs = g.toFloats(), expect = new float[xs.length];
        for (int row = 0; row < 7; row++) {
            double ss = 0;
            for (int i = 0; i < d; i++) ss += (double) xs[row * d + i] * xs[row * d + i];
            double inv = 1 / Math.sqrt(ss / d + 1e-6);
            for (int i = 0; i < d; i++) expect[row * d + i] = (float) (xs[row * d + i] * inv * gs[i]);
        }
        close(a.toFloats(), expect, 1e-5, "vector rmsNorm");
        close(b.toFloats(), expect, 1e-5, "scalar rmsNorm");
    }

    @ParameterizedTest @ValueSource(ints = {1, 5, 33})
    void ropeRotatesOnlyTheFirstTwoHalves(int tokens) {
        Random r = new Random(tokens);
        int half = 48, d = 128;
        Tensor x = rand(r, 1f, tokens, 3, d), sin = rand(r, 1f, tokens, half), cos = rand(r, 1f, tokens, half);
        Tensor xa = Tensor.fromFloats(DEV, x.shape(), x.toFloats()), xb = Tensor.fromFloats(DEV, x.shape(), x.toFloats());
        VEC.rope(xa, sin, cos);
        SCA.rope(xb, sin, cos);
        close(xa.toFloats(), xb.toFloats(), 1e-6, "rope twins");
        float[] in = x.toFloats(), out = xa.toFloats();
        for (int i = 2 * half; i < d; i++) assertEquals(in[i], out[i], "dim " + i + " must pass through");
        float s = sin.toFloats()[0], c = cos.toFloats()[0];
        assertEquals(in[0] * c - in[half] * s, out[0], 1e-5);
        assertEquals(in[half] * c + in[0] * s, out[half], 1e-5);
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void attentionGqaAndWindowAgreeWithScalarTwinAndNaive(boolean bf16) {
        Random r = new Random(bf16 ? 1 : 2);
        int n = 37, hq = 4, hkv = 2, d = 33;
        Tensor q = rand(r, 1f, n, hq, d), k = rand(r, 1f, n, hkv, d), v = rand(r, 1f, n, hkv, d);
        if (bf16) {
            q = asBf16(q);
            k = asBf16(k);
            v = asBf16(v);
        }
        AttentionMask mask = AttentionMask.frameWindow(4, 6, n, 1);   // 24 video tokens in 4 frames, 13 others
        Tensor a = DEV.empty(q.dtype(), q.shape()), b = DEV.empty(q.dtype(), q.shape());
        VEC.attention(a, q, k, v, AttentionSpec.fused(0.2f, mask));
        SCA.attention(b, q, k, v, AttentionSpec.fused(0.2f, mask));
        close(a.toFloats(), b.toFloats(), bf16 ? 1e-2 : 1e-5, "attention twins");
        if (bf16) return;
        float[] qa = q.toFloats(), ka = k.toFloats(), va = v.toFloats(), out = a.toFloats();
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < hq; h++) {
                int g = h / (hq / hkv);
                double[] s = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    boolean allowed = i >= 24 || j >= 24 || Math.abs(i / 6 - j / 6) <= 1;
                    if (!allowed) { s[j] = Double.NEGATIVE_INFINITY; continue; }
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += qa[(i * hq + h) * d + c] * ka[(j * hkv + g) * d + c];
                    s[j] = dot * 0.2;
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) sum += s[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s[j] - max);
                for (int c = 0; c < d; c++) {
                    double acc = 0;
                    for (int j = 0; j < n; j++) if (s[j] != Double.NEGATIVE_INFINITY) acc += Math.exp(s[j] - max) / sum * va[(j * hkv + g) * d + c];
                    assertEquals(acc, out[(i * hq + h) * d + c], 1e-5, "query " + i + " head " + h + " dim " + c);
                }
            }
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 17, 64})
    void activationsGateAddAndRounding(int width) {
        Random r = new Random(width);
        Tensor up = rand(r, 6f, 3, 2 * width);
        Tensor a = DEV.empty(up.dtype(), Shape.of(3, width)), b = DEV.empty(up.dtype(), Shape.of(3, width));
        VEC.swiglu7(a, up);
        SCA.swiglu7(b, up);
        float[] u = up.toFloats(), out = a.toFloats();
        for (int row = 0; row < 3; row++) {
            for (int j = 0; j < width; j++) {
                double ga = Math.min(u[row * 2 * width + 2 * j], 7), lb = Math.max(-7, Math.min(u[row * 2 * width + 2 * j + 1], 7));
                assertEquals(ga / (1 + Math.exp(-1.702 * ga)) * (lb + 1), out[row * width + j], 1e-4);
            }
        }
        close(a.toFloats(), b.toFloats(), 1e-6, "swiglu7 twins");

        Tensor g1 = DEV.empty(up.dtype(), up.shape());
        VEC.gelu7(g1, up);
        float[] gv = g1.toFloats();
        for (int i = 0; i < u.length; i++) {
            double x = Math.min(u[i], 7);
            assertEquals(x / (1 + Math.exp(-1.702 * x)), gv[i], 1e-4);
        }

        Tensor o = rand(r, 1f, 5, 3, width), gates = rand(r, 2f, 5, 3);
        Tensor ga = DEV.empty(o.dtype(), o.shape()), gb = DEV.empty(o.dtype(), o.shape());
        VEC.sigmoidGate(ga, o, gates, 0);
        SCA.sigmoidGate(gb, o, gates, 0);
        close(ga.toFloats(), gb.toFloats(), 1e-6, "gate twins");
        assertEquals(o.toFloats()[0] / (1 + Math.exp(-gates.toFloats()[0])), ga.toFloats()[0], 1e-5);

        Tensor x = rand(r, 1f, 1000 + width), y = rand(r, 1f, 1000 + width);
        float[] x0 = x.toFloats(), y0 = y.toFloats();
        VEC.add(x, y);
        float[] sum = x.toFloats();
        for (int i = 0; i < sum.length; i++) assertEquals(x0[i] + y0[i], sum[i]);
        VEC.roundBf16(x);
        for (float f : x.toFloats()) assertEquals(f, Floats.roundBf16(f));
    }
}
