package dev.gallop.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.ConvPadding;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/// The CPU's volume kernels against their definitions: the convolution against a plain double-precision one written
/// from the padding rules, the norms against the formulas, the layouts on hand-checked cases. (The op harness checks
/// the Vector API forms against these scalar twins, bit for bit.)
class VolumeKernelsTest {
    private static final CpuDevice CPU = CpuDevice.get();

    static float[] random(long seed, int n, double scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    static Tensor tensor(float[] v, int... dims) { return Tensor.fromFloats(CPU, Shape.of(dims), v); }

    static Kernels kernels(boolean vector) { return CpuDevice.kernels(vector); }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void convMatchesAPlainConvolution(boolean vector) {
        for (ConvPadding p : new ConvPadding[] {ConvPadding.replicateTime(3, 3, 3), ConvPadding.causal(3, 3, 3), ConvPadding.downsample2x()}) {
            int cout = 3, cin = 2, t = 3, h = 5, w = 7, kt = p.stride() == 2 ? 1 : 3;
            float[] wt = random(5, cout * cin * kt * 9, 0.3), b = random(6, cout, 0.5), xs = random(7, cin * t * h * w, 1);
            int to = t + p.front() + p.back() - kt + 1, ho = (h + p.top() + p.bottom() - 3) / p.stride() + 1;
            int wo = (w + p.left() + p.right() - 3) / p.stride() + 1;
            Tensor y = CPU.empty(DType.F32, Shape.of(cout, to, ho, wo));
            kernels(vector).conv3d(y, tensor(xs, cin, t, h, w), tensor(wt, cout, cin, kt, 3, 3), tensor(b, cout), p);
            float[] got = y.toFloats();
            for (int co = 0; co < cout; co++) {
                for (int f = 0; f < to; f++) {
                    for (int yo = 0; yo < ho; yo++) {
                        for (int xo = 0; xo < wo; xo++) {
                            double acc = b[co];
                            for (int ci = 0; ci < cin; ci++) {
                                for (int dt = 0; dt < kt; dt++) {
                                    int ts = f + dt - p.front();
                                    if (p.timeMode() == ConvPadding.TimeMode.REPLICATE) ts = Math.max(0, Math.min(t - 1, ts));
                                    else if (ts < 0 || ts >= t) continue;
                                    for (int dy = 0; dy < 3; dy++) {
                                        for (int dx = 0; dx < 3; dx++) {
                                            int yy = yo * p.stride() + dy - p.top(), xx = xo * p.stride() + dx - p.left();
                                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                                            acc += (double) wt[(((co * cin + ci) * kt + dt) * 3 + dy) * 3 + dx] * xs[((ci * t + ts) * h + yy) * w + xx];
                                        }
                                    }
                                }
                            }
                            assertEquals(acc, got[((co * to + f) * ho + yo) * wo + xo], 1e-5, p + " at " + co + "," + f + "," + yo + "," + xo);
                        }
                    }
                }
            }
        }
    }

    @Test void convErrorsNameTheOperandShapeAndDtype() {
        Tensor x = CPU.zeros(DType.F32, Shape.of(4, 1, 3, 3)), b = CPU.zeros(DType.F32, Shape.of(2));
        Tensor w = CPU.zeros(DType.F32, Shape.of(2, 3, 3, 3, 3)), y = CPU.empty(DType.F32, Shape.of(2, 1, 3, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> kernels(true).conv3d(y, x, w, b, ConvPadding.replicateTime(3, 3, 3)));
        assertEquals("conv3d: weight must be F32 or BF16 [Cout, 4, kt, kh, kw] for x F32[4, 1, 3, 3], got F32[2, 3, 3, 3, 3]", e.getMessage());
        Tensor xb = CPU.zeros(DType.BF16, Shape.of(3, 1, 3, 3));
        e = assertThrows(IllegalArgumentException.class, () -> kernels(true).conv3d(y, xb, w, b, ConvPadding.replicateTime(3, 3, 3)));
        assertEquals("conv3d: x must be an F32 volume [C, T, H, W], got BF16[3, 1, 3, 3]", e.getMessage());
        Tensor x3 = CPU.zeros(DType.F32, Shape.of(3, 1, 3, 3)), wrong = CPU.empty(DType.F32, Shape.of(2, 1, 3, 4));
        e = assertThrows(IllegalArgumentException.class, () -> kernels(true).conv3d(wrong, x3, w, b, ConvPadding.replicateTime(3, 3, 3)));
        assertEquals("conv3d: out is F32[2, 1, 3, 4], expected [2, 1, 3, 3]", e.getMessage());
    }

    @Test void rmsNormFollowsTheFormula() {
        float[] x = random(1, 7 * 3 * 5 * 13, 1);
        Tensor y = CPU.empty(DType.F32, Shape.of(7, 3, 5, 13));
        kernels(true).channelRmsNorm(y, tensor(x, 7, 3, 5, 13), 1e-6f);
        float[] got = y.toFloats();
        int n = 3 * 5 * 13;
        for (int p : new int[] {0, 4, n - 1}) {
            double ss = 0;
            for (int c = 0; c < 7; c++) ss += (double) x[c * n + p] * x[c * n + p];
            for (int c = 0; c < 7; c++) assertEquals(x[c * n + p] / Math.sqrt(ss / 7 + 1e-6), got[c * n + p], 1e-5);
        }
    }

    @Test void l2NormFollowsTheFormulaAndKeepsZerosZero() {
        float[] x = random(2, 5 * 7 * 11, 1), g = {1.1f, 0.9f, 1f, 1.2f, 0.8f};
        Tensor y = CPU.empty(DType.F32, Shape.of(5, 1, 7, 11));
        kernels(true).channelL2Norm(y, tensor(x, 5, 1, 7, 11), tensor(g, 5));
        float[] got = y.toFloats();
        int n = 77;
        for (int p : new int[] {0, 30, n - 1}) {
            double ss = 0;
            for (int c = 0; c < 5; c++) ss += (double) x[c * n + p] * x[c * n + p];
            for (int c = 0; c < 5; c++) assertEquals(x[c * n + p] / Math.sqrt(ss) * Math.sqrt(5) * g[c], got[c * n + p], 1e-5);
        }
        Tensor zero = CPU.empty(DType.F32, Shape.of(5, 1, 1, 3));
        kernels(true).channelL2Norm(zero, CPU.zeros(DType.F32, Shape.of(5, 1, 1, 3)), tensor(g, 5));
        for (float v : zero.toFloats()) assertEquals(0f, v);
    }

    @Test void affineRoundsTheProductBeforeTheSum() {
        float[] x = {1.1f, -2.5f, 3.3f, 0.7f}, s = {0.3f, 3f}, b = {1e8f, -0.25f};
        Tensor y = CPU.empty(DType.F32, Shape.of(2, 1, 1, 2));
        kernels(true).channelAffine(y, tensor(x, 2, 1, 1, 2), tensor(s, 2), tensor(b, 2));
        assertArrayEquals(new float[] {x[0] * s[0] + b[0], x[1] * s[0] + b[0], x[2] * s[1] + b[1], x[3] * s[1] + b[1]}, y.toFloats());
    }

    @Test void divideAddDividesByTheGivenDivisor() {
        float[] x = {1.1f, -2.5f, 3.3f, 0.7f}, inv = {1f / 0.4765f, 1f / 1.0364f}, b = {-0.2289f, -0.0052f};
        Tensor y = CPU.empty(DType.F32, Shape.of(2, 1, 1, 2));
        kernels(true).channelDivideAdd(y, tensor(x, 2, 1, 1, 2), tensor(inv, 2), tensor(b, 2));
        assertArrayEquals(new float[] {x[0] / inv[0] + b[0], x[1] / inv[0] + b[0], x[2] / inv[1] + b[1], x[3] / inv[1] + b[1]}, y.toFloats());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shuffleOrderAndRoundTrip(boolean vector) {
        float[] x = random(6, 2 * 2 * 4 * 6, 1);
        Tensor u = CPU.empty(DType.F32, Shape.of(8, 2, 2, 3)), back = CPU.empty(DType.F32, Shape.of(2, 2, 4, 6));
        kernels(vector).pixelUnshuffle2x2(u, tensor(x, 2, 2, 4, 6));
        // channel c·4 + j·2 + i holds pixel (2h + i, 2w + j): c = 1, j = 1, i = 0 at (h, w) = (1, 2), frame 1
        assertEquals(x[((1 * 2 + 1) * 4 + 2) * 6 + 5], u.toFloats()[((6 * 2 + 1) * 2 + 1) * 3 + 2]);
        kernels(vector).pixelShuffle2x2(back, u);
        assertArrayEquals(x, back.toFloats());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nearestAndTimeRegroup(boolean vector) {
        Tensor y = CPU.empty(DType.F32, Shape.of(1, 1, 4, 4));
        kernels(vector).upsampleNearest2x(y, tensor(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toFloats());
        Tensor x = tensor(new float[] {10, 11, 20, 21}, 2, 2, 1, 1);   // channel 0: frames 10, 11; channel 1: 20, 21
        Tensor all = CPU.empty(DType.F32, Shape.of(1, 4, 1, 1)), dropped = CPU.empty(DType.F32, Shape.of(1, 3, 1, 1));
        kernels(vector).framesFromChannels(all, x, false);
        kernels(vector).framesFromChannels(dropped, x, true);
        assertArrayEquals(new float[] {10, 20, 11, 21}, all.toFloats());
        assertArrayEquals(new float[] {20, 11, 21}, dropped.toFloats());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void avgDownHalvesWithOneZeroFrame(boolean vector) {
        Tensor x = tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        // (ft, fs) = (2, 2): 2 channels × 8 sub-positions = 16, averaged in groups of 4 for 4 outputs;
        // the first 4 sub-positions of each channel are the zero pad frame.
        Tensor a = CPU.empty(DType.F32, Shape.of(4, 1, 1, 1)), b = CPU.empty(DType.F32, Shape.of(2, 1, 1, 1)), c = CPU.empty(DType.F32, x.shape());
        kernels(vector).avgDown(a, x, 2, 2);
        kernels(vector).avgDown(b, x, 1, 2);
        kernels(vector).avgDown(c, x, 1, 1);
        assertArrayEquals(new float[] {0, 2.5f, 0, 6.5f}, a.toFloats());
        assertArrayEquals(new float[] {2.5f, 6.5f}, b.toFloats());
        assertArrayEquals(x.toFloats(), c.toFloats());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rgbBytesTruncateTheClampedValue(boolean vector) {
        float[] rgb = {-1f, 1f, 0f, Float.NaN, 2f, 0.999f};   // [3, 1, 1, 2]: R, G, B planes of two pixels
        Tensor out = CPU.empty(DType.U8, Shape.of(1, 1, 2, 3));
        kernels(vector).rgbToBytes(out, tensor(rgb, 3, 1, 1, 2));
        // pixel 0: R = −1 → 0, G = 0 → 127 (127.5 truncated), B = 2 → 255; pixel 1: R = 1 → 255, G = NaN → 0, B → 254
        assertArrayEquals(new float[] {0, 127, 255, 255, 0, 254}, out.toFloats());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void alphaCompositeMixesColoursAndDropsTheLeadingFrames(boolean vector) {
        // K = 2 frames per latent frame, T = 2 → 3 frames; 1×2 pixels, colours at full resolution (r = 1)
        float[] alpha = {0, 50, -50, 0, 1, 2, 3, 4};                 // [2, 2, 1, 2]
        float[] fg = new float[6 * 2 * 2], bg = new float[6 * 2 * 2];
        java.util.Arrays.fill(fg, 30f);                              // σ = 1
        java.util.Arrays.fill(bg, -30f);                             // σ ≈ 0
        Tensor out = CPU.empty(DType.F32, Shape.of(3, 1, 2, 3)), bytes = CPU.empty(DType.U8, Shape.of(3, 1, 2, 3));
        Tensor a = tensor(alpha, 2, 2, 1, 2), f = tensor(fg, 6, 2, 1, 2), b = tensor(bg, 6, 2, 1, 2);
        kernels(vector).alphaComposite(out, a, f, b);
        kernels(vector).alphaComposite(bytes, a, f, b);
        float[] v = out.toFloats(), u = bytes.toFloats();
        // frame 0 is (t = 0, k = 1): alpha [1, 2] → σ(1), σ(2); frame 1 is (t = 1, k = 0): alpha [−50, 0] → 0, ½
        assertEquals(1 / (1 + Math.exp(-1)), v[0], 1e-6);
        assertEquals(1 / (1 + Math.exp(-2)), v[3], 1e-6);
        assertEquals(0, v[6], 1e-6);
        assertEquals(0.5, v[9], 1e-6);
        assertEquals(128, u[9]);                                     // round(127.5) = 128
        for (int i = 0; i < v.length; i++) assertEquals(Math.round(v[i] * 255f), u[i]);
        assertTrue(v[0] == v[1] && v[1] == v[2], "the three colour channels of one pixel share its alpha");
    }
}
