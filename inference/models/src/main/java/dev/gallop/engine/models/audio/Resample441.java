package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.cpu.base.Parallel;

/// MagiHuman's 51.2 → 44.1 kHz step: an FFT resample by 441/512 along time (spec §5.3, §12), in single precision.
///
/// For one channel of N samples and the target length M = ⌊N·441/512⌋ (1764 per 2048-sample latent frame):
/// 1. X = FFT_N(x) of the real input;
/// 2. keep bins 0 … ⌊K/2⌋ with K = min(N, M); when K is even, bin K/2 is doubled if M < N (halved if M > N);
/// 3. y = real inverse FFT of length M of that half spectrum (the imaginary parts of bin 0 and, for even M,
///    bin M/2 are ignored, higher bins are zero), scaled by 1/M;
/// 4. y ·= M/N (as a float).
public final class Resample441 {
    public static final int FROM_RATE = 51_200;
    public static final int TO_RATE = 44_100;

    private Resample441() {}

    /// Target length for `n` input samples: ⌊n·441/512⌋.
    public static int targetLength(int n) {
        if (n < 0) throw new IllegalArgumentException("negative sample count " + n);
        return (int) ((long) n * 441 / 512);
    }

    /// Resamples interleaved audio `[n, channels]` from 51 200 Hz to 44 100 Hz; returns `[M, channels]`.
    public static float[] resample(float[] interleaved, int channels) {
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples do not split into " + channels + " channels");
        }
        int n = interleaved.length / channels;
        return resample(interleaved, channels, targetLength(n));
    }

    /// Resamples interleaved audio `[n, channels]` to `[m, channels]` by the FFT method.
    public static float[] resample(float[] interleaved, int channels, int m) {
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples do not split into " + channels + " channels");
        }
        int n = interleaved.length / channels;
        if (n < 1 || m < 1) throw new IllegalArgumentException("cannot resample " + n + " samples to " + m);
        Fft fwd = new Fft(n), inv = new Fft(m);
        float[] out = new float[m * channels];
        Parallel.range(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) x[i] = interleaved[i * channels + c];
                float[] y = channel(x, m, fwd, inv);
                for (int i = 0; i < m; i++) out[i * channels + c] = y[i];
            }
        });
        return out;
    }

    /// One channel: x[n] → y[m].
    static float[] channel(float[] x, int m, Fft fwd, Fft inv) {
        int n = x.length;
        float[] re = x.clone(), im = new float[n];
        fwd.forward(re, im);
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
        float[] y = inverseReal(hr, hi, m, inv);
        float scale = (float) ((double) m / n);
        for (int i = 0; i < m; i++) y[i] *= scale;
        return y;
    }

    /// Real inverse FFT of length m from the half spectrum h[0 … m/2], scaled by 1/m.
    static float[] inverseReal(float[] hr, float[] hi, int m, Fft inv) {
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
        inv.inverse(re, im);
        float s = 1f / m;
        for (int i = 0; i < m; i++) re[i] *= s;
        return re;
    }
}
