package dev.gallop.engine.backend.cpu.sequence;

import dev.gallop.engine.backend.SequenceShapes;
import dev.gallop.engine.backend.cpu.base.Parallel;

/// [dev.gallop.engine.backend.SequenceKernels#resampleFft] on CPU tensors (docs/models/vaes.md#resample; ref:
/// `scipy.signal.resample`), in single precision, channels in parallel. For one
/// channel of N samples to M:
/// 1. X = FFT_N(x) of the real input (a complex [Fft] with zero imaginary parts);
/// 2. keep bins 0 … ⌊K/2⌋ with K = min(N, M); when K is even, bin K/2 is doubled if M < N (halved if M > N);
/// 3. y = real inverse FFT of length M of that half spectrum (the imaginary parts of bin 0 and, for even M, bin
///    M/2 are dropped, higher bins are zero), each value scaled by f32(1/M);
/// 4. y ·= f32(M/N).
///
/// The vector and scalar forms differ only in the [Fft] butterflies, which give identical bits.
public final class FftResample {
    private FftResample() {}

    public static void run(F32Array out, F32Array x, SequenceShapes.Resample g, boolean vector) {
        int n = g.n(), m = g.m(), c = g.channels();
        Fft fwd = new Fft(n), inv = new Fft(m);
        float[] in = x.floats(), res = new float[m * c];
        Parallel.range(c, 1, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                float[] xs = new float[n];
                for (int i = 0; i < n; i++) xs[i] = in[i * c + ch];
                float[] y = channel(xs, m, fwd, inv, vector);
                for (int i = 0; i < m; i++) res[i * c + ch] = y[i];
            }
        });
        out.write(0, res, 0, res.length);
    }

    /// One channel: x[n] → y[m].
    static float[] channel(float[] x, int m, Fft fwd, Fft inv, boolean vector) {
        int n = x.length;
        float[] re = x.clone(), im = new float[n];
        fwd.forward(re, im, vector);
        int k = Math.min(n, m), keep = k / 2 + 1;
        float[] hr = new float[m / 2 + 1], hi = new float[m / 2 + 1];
        for (int b = 0; b < Math.min(keep, hr.length); b++) {
            hr[b] = re[b];
            hi[b] = im[b];
        }
        if (k % 2 == 0 && m != n) {
            float f = m < n ? 2f : 0.5f;
            hr[k / 2] *= f;
            hi[k / 2] *= f;
        }
        float[] y = inverseReal(hr, hi, m, inv, vector);
        float scale = (float) ((double) m / n);
        for (int i = 0; i < m; i++) y[i] *= scale;
        return y;
    }

    /// Real inverse FFT of length m from the half spectrum h[0 … m/2], scaled by 1/m.
    static float[] inverseReal(float[] hr, float[] hi, int m, Fft inv, boolean vector) {
        float[] re = new float[m], im = new float[m];
        int half = m / 2;
        re[0] = hr[0];
        for (int b = 1; b <= half; b++) {
            re[b] = hr[b];
            im[b] = hi[b];
            if (m - b != b) {
                re[m - b] = hr[b];
                im[m - b] = -hi[b];
            }
        }
        if (m % 2 == 0) im[half] = 0f;
        inv.inverse(re, im, vector);
        float s = 1f / m;
        for (int i = 0; i < m; i++) re[i] *= s;
        return re;
    }
}
