package dev.gallop.engine.backend;

/// Operations on time-major sequences [T, C] (the audio VAE's activations). F32 throughout. Part of [Kernels];
/// the shapes each operation takes are checked by [SequenceShapes].
public interface SequenceKernels {

    /// torch Conv1d with zero padding, dilation and stride on x[T, Cin] → out[Tout, Cout],
    /// Tout = [#conv1dLength], out[t, co] = bias[co] + Σ_{k, ci} x[t·stride + k·dilation − padding, ci] · weight[co, ci, k].
    /// weight F32 [Cout, Cin, K] (torch layout), bias F32 [Cout] or null. out must not overlap x.
    void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride);

    /// torch ConvTranspose1d (no output padding, dilation 1) on x[T, Cin] → out[Tout, Cout],
    /// Tout = [#convTranspose1dLength], out[t·stride + k − padding, co] += x[t, ci]·weight[ci, co, k], plus bias.
    /// weight F32 [Cin, Cout, K] (torch layout), bias F32 [Cout] or null. Every output element is written (an
    /// output step no tap reaches holds the bias, or 0). out must not overlap x.
    void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding);

    /// SnakeBeta per channel c: out = x + recip[c]·sin²(x·freq[c]), with freq = e^α and recip = 1/(e^β + 1e-9)
    /// given as F32 [C] (upstream's float32 order: s = sin(x·freq), out = x + recip·(s·s)); sin to within a few ulp.
    /// out may be x.
    void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip);

    /// FFT resampling along time of x[N, C] to out[M, C] per channel: the real FFT of length N, the half spectrum
    /// kept up to bin ⌊K/2⌋ with K = min(N, M) (for an even K, bin K/2 doubled when M < N, halved when M > N), the
    /// real inverse FFT of length M, scaled by 1/M and then by f32(M/N). In f32 (up to FFT rounding).
    void resampleFft(Tensor out, Tensor x);

    /// The VAE bottleneck's posterior sample (docs/models/vaes.md#posterior-sample; ref: stable-audio-tools `vae_sample`): with the
    /// encoder output moments[T, 2C] split along channels into mean = moments[:, :C] and scale = moments[:, C:],
    /// out[t, c] = noise[t, c]·(softplus(scale) + 1e-4) + mean in float32, softplus(s) = s for s > 20 and
    /// log(1 + e^s) otherwise (torch's threshold). noise and out F32 [T, C].
    void vaeSample(Tensor out, Tensor moments, Tensor noise);

    /// Output length of [#conv1d]: ⌊(t + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1; throws when the input is
    /// too short for the kernel.
    static int conv1dLength(int t, int k, int dilation, int padding, int stride) {
        long span = (long) t + 2L * padding - (long) dilation * (k - 1) - 1;
        if (t < 1 || k < 1 || dilation < 1 || padding < 0 || stride < 1 || span < 0) {
            throw new IllegalArgumentException("conv1d: an input of " + t + " steps is too short for kernel " + k + " (dilation "
                    + dilation + ", padding " + padding + ", stride " + stride + ")");
        }
        return Math.toIntExact(span / stride + 1);
    }

    /// Output length of [#convTranspose1d]: (t − 1)·stride − 2·padding + k; throws when that is below 1.
    static int convTranspose1dLength(int t, int k, int stride, int padding) {
        long len = (long) (t - 1) * stride - 2L * padding + k;
        if (t < 1 || k < 1 || stride < 1 || padding < 0 || len < 1) {
            throw new IllegalArgumentException("convTranspose1d: an input of " + t + " steps gives no output (kernel " + k
                    + ", stride " + stride + ", padding " + padding + ")");
        }
        return Math.toIntExact(len);
    }
}
