package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;
import static dev.gallop.engine.backend.harness.OpData.tensor;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.SequenceKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the sequence operations (the audio VAE's), at odd sizes, F32.
///
/// Tolerances (relative L2 against the CPU's scalar twins):
/// - convolutions 2e-6: sums of at most a few hundred f32 products here, accumulated in another order (GEMM tiles,
///   fused multiply-adds) than the twins' plain loops: ≈ 1e-7 expected, and a wrong tap, channel or phase is O(1);
/// - snakeBeta 1e-6: sin within a few ulp of `Math.sin`;
/// - resampleFft 3e-6: two f32 FFTs of different algorithms (Stockham / Bluestein here, cuFFT on a GPU) agree to
///   ≈ 1e-6 at these lengths; the CPU's vector and scalar forms are identical;
/// - vaeSample 1e-6: softplus through `log1pf(expf(s))` instead of the twins' double `log1p(exp(s))`.
final class SequenceCases {
    static final double CONV = 2e-6, SNAKE = 1e-6, FFT = 3e-6, SAMPLE = 1e-6;

    private SequenceCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        // cin, cout, k, dilation, padding, stride, steps, bias: the Oobleck residual convolutions (k 7, dilation 1, 3, 9,
        // padding 3·d; k 1), its strided encoder convolutions (k = 2s, padding ⌈s/2⌉), its output convolutions and the
        // demo decoder's k 3; plus geometries with more padding than the kernel reaches, an input barely long enough, and
        // channel counts past one 64-wide tile
        int[][] convs = {
                {13, 11, 1, 1, 0, 1, 101, 1}, {7, 9, 7, 1, 3, 1, 131, 1}, {5, 3, 7, 3, 9, 1, 67, 1}, {6, 10, 7, 9, 27, 1, 200, 1},
                {5, 7, 16, 1, 4, 8, 263, 1}, {9, 5, 4, 1, 1, 2, 97, 1}, {3, 17, 3, 1, 1, 1, 37, 0}, {33, 2, 7, 1, 3, 1, 1023, 0},
                {19, 37, 3, 1, 1, 1, 45, 1}, {4, 6, 5, 2, 7, 3, 31, 1}, {3, 5, 7, 1, 0, 1, 7, 1}, {11, 13, 1, 1, 2, 2, 29, 0},
                {70, 130, 7, 3, 9, 1, 150, 1}};
        for (int[] g : convs) conv1d(c, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7] == 1);
        // cin, cout, k, stride, padding, steps, bias: the Oobleck upsamplers (k = 2s, padding ⌈s/2⌉ for s = 2, 4, 8),
        // a kernel that is not a multiple of the stride with padding above it, and a stride above the kernel (phases
        // without taps hold only the bias), and channel counts past one 64-wide tile
        int[][] transposed = {
                {33, 17, 4, 2, 1, 41, 1}, {9, 13, 8, 4, 2, 23, 1}, {17, 7, 16, 8, 4, 11, 1}, {4, 3, 7, 3, 4, 10, 0},
                {5, 6, 3, 5, 1, 9, 1}, {1, 1, 2, 1, 0, 3, 0}, {31, 29, 16, 8, 4, 1, 1}, {70, 90, 16, 8, 4, 20, 1}};
        for (int[] g : transposed) convTranspose1d(c, g[0], g[1], g[2], g[3], g[4], g[5], g[6] == 1);
        snake(c, 1001, 37, 3);
        snake(c, 129, 129, 40);
        snake(c, 17, 33, 3e4);   // arguments past the polynomial's reach go through the exact sine
        // N = 2048·L → ⌊N·441/512⌋ (the 51.2 → 44.1 kHz step; L = 3, 7 and 37, the last through Bluestein), stereo;
        // upsampling and odd lengths, three channels
        resample(c, 2048 * 3, 1764 * 3, 2);
        resample(c, 2048 * 7, 1764 * 7, 2);
        resample(c, 2048 * 37, 1764 * 37, 2);
        resample(c, 1000, 1331, 3);
        resample(c, 999, 1024, 3);
        resample(c, 1101, 1100, 1);
        c.add(OpCase.of(Op.VAE_SAMPLE, "vaeSample moments [37, 2·29], scale in (−30, 30)", SAMPLE, (d, k) -> {
            float[] m = OpData.normal(90, 37 * 58, 2);
            float[] scale = OpData.uniform(91, 37 * 29, -30, 30);
            for (int t = 0; t < 37; t++) System.arraycopy(scale, t * 29, m, t * 58 + 29, 29);
            Tensor moments = tensor(d, DType.F32, m, 37, 58), noise = normal(d, DType.F32, 92, 1, 37, 29);
            Tensor out = d.empty(DType.F32, Shape.of(37, 29));
            return new OpCase.Run(() -> k.vaeSample(out, moments, noise), List.of(out));
        }));
        return c;
    }

    private static void conv1d(List<OpCase> c, int cin, int cout, int k, int dil, int pad, int stride, int t, boolean bias) {
        int tOut = SequenceKernels.conv1dLength(t, k, dil, pad, stride);
        String name = "conv1d x [" + t + ", " + cin + "] w [" + cout + ", " + cin + ", " + k + "] dilation " + dil + " padding " + pad
                + " stride " + stride + (bias ? " + bias" : "") + " → [" + tOut + ", " + cout + "]";
        c.add(new OpCase(Op.CONV1D, name, CONV, 2.0 * tOut * cout * cin * k, (d, kn) -> {
            Tensor x = normal(d, DType.F32, 40 + k, 1, t, cin), w = normal(d, DType.F32, 41 + cin, 1 / Math.sqrt(cin * k), cout, cin, k);
            Tensor b = bias ? normal(d, DType.F32, 42, 0.5, cout) : null, y = d.empty(DType.F32, Shape.of(tOut, cout));
            return new OpCase.Run(() -> kn.conv1d(y, x, w, b, dil, pad, stride), List.of(y));
        }));
    }

    private static void convTranspose1d(List<OpCase> c, int cin, int cout, int k, int stride, int pad, int t, boolean bias) {
        int tOut = SequenceKernels.convTranspose1dLength(t, k, stride, pad);
        String name = "convTranspose1d x [" + t + ", " + cin + "] w [" + cin + ", " + cout + ", " + k + "] stride " + stride + " padding "
                + pad + (bias ? " + bias" : "") + " → [" + tOut + ", " + cout + "]";
        c.add(new OpCase(Op.CONV_TRANSPOSE1D, name, CONV, 2.0 * t * cin * cout * k, (d, kn) -> {
            Tensor x = normal(d, DType.F32, 50 + k, 1, t, cin), w = normal(d, DType.F32, 51 + cin, 1 / Math.sqrt(cin), cin, cout, k);
            Tensor b = bias ? normal(d, DType.F32, 52, 0.5, cout) : null, y = d.empty(DType.F32, Shape.of(tOut, cout));
            return new OpCase.Run(() -> kn.convTranspose1d(y, x, w, b, stride, pad), List.of(y));
        }));
    }

    private static void snake(List<OpCase> c, int t, int ch, double scale) {
        c.add(OpCase.of(Op.SNAKE_BETA, "snakeBeta [" + t + ", " + ch + "], x·" + scale, SNAKE, (d, k) -> {
            Tensor x = normal(d, DType.F32, 60 + ch, scale, t, ch), y = d.empty(DType.F32, x.shape());
            Tensor[] fr = snakeParams(d, ch);
            return new OpCase.Run(() -> k.snakeBeta(y, x, fr[0], fr[1]), List.of(y));
        }));
    }

    /// freq = e^α and recip = 1/(e^β + 1e-9) for log-scale α, β ~ N(0, 0.4), as a SnakeBeta layer holds them.
    static Tensor[] snakeParams(Device d, int ch) {
        float[] a = OpData.normal(61, ch, 0.4), b = OpData.normal(62, ch, 0.4), f = new float[ch], r = new float[ch];
        for (int i = 0; i < ch; i++) {
            f[i] = (float) Math.exp(a[i]);
            r[i] = 1f / (float) ((float) Math.exp(b[i]) + 1e-9);
        }
        return new Tensor[] {tensor(d, DType.F32, f, ch), tensor(d, DType.F32, r, ch)};
    }

    private static void resample(List<OpCase> c, int n, int m, int ch) {
        c.add(OpCase.of(Op.RESAMPLE_FFT, "resampleFft [" + n + ", " + ch + "] → [" + m + ", " + ch + "]", FFT, (d, k) -> {
            Tensor x = normal(d, DType.F32, 70 + n, 0.3, n, ch), y = d.empty(DType.F32, Shape.of(m, ch));
            return new OpCase.Run(() -> k.resampleFft(y, x), List.of(y));
        }));
    }
}
