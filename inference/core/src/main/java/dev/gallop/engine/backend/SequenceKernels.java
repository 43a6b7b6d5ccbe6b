package dev.gallop.engine.backend;

/// Operations on time-major sequences [T, C] (the audio VAE's activations). F32. Part of [Kernels].
public interface SequenceKernels {

    /// torch Conv1d with zero padding, dilation and stride on x[T, Cin] → out[Tout, Cout],
    /// Tout = ⌊(T + 2·padding − dilation·(K − 1) − 1) / stride⌋ + 1,
    /// out[t, co] = bias[co] + Σ_{k, ci} x[t·stride + k·dilation − padding, ci] · weight[co, ci, k].
    /// weight F32 [Cout, Cin, K] (torch layout), bias F32 [Cout] or null.
    void conv1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int dilation, int padding, int stride);

    /// torch ConvTranspose1d (no output padding, dilation 1) on x[T, Cin] → out[Tout, Cout],
    /// Tout = (T − 1)·stride − 2·padding + K, out[t·stride + k − padding, co] += x[t, ci]·weight[ci, co, k], plus bias.
    /// weight F32 [Cin, Cout, K] (torch layout), bias F32 [Cout] or null.
    void convTranspose1d(Tensor out, Tensor x, Tensor weight, Tensor bias, int stride, int padding);

    /// SnakeBeta per channel c: out = x + recip[c]·sin²(x·freq[c]), with freq = e^α and recip = 1/(e^β + 1e-9)
    /// given as F32 [C] (upstream's float32 order: s = sin(x·freq), out = x + recip·(s·s)).
    void snakeBeta(Tensor out, Tensor x, Tensor freq, Tensor recip);

    /// FFT resampling along time of x[N, C] to out[M, C] per channel: the real FFT of length N, the half spectrum
    /// kept up to bin ⌊K/2⌋ with K = min(N, M) (for an even K, bin K/2 doubled when M < N, halved when M > N), the
    /// real inverse FFT of length M, scaled by 1/M and then by f32(M/N). In f32 (up to FFT rounding).
    void resampleFft(Tensor out, Tensor x);
}
