// The steps of the FFT resample around cuFFT's transforms (R2C of length N, C2R of length M, channels batched):
// the half spectrum's edit between them and the scaling after.
#include "common.cuh"
using namespace gallop;

// out[c][b] for b < outBins (= M/2 + 1) from in[c][b] (inBins = N/2 + 1 complex values per channel, interleaved re/im):
// bins below `keep` (= min(N, M)/2 + 1) are copied, the rest are zero; bin `edge` (K/2 for an even K = min(N, M) when
// M != N, else -1) is multiplied by edgeFactor; the imaginary parts of bin 0 and, with zeroNyquist (even M), of bin
// M/2 are dropped, as a real inverse transform reads them.
extern "C" __global__ void spectrum_resize_f32(const float* in, int64_t inBins, float* out, int64_t outBins, int channels, int64_t keep,
                                               int64_t edge, float edgeFactor, int zeroNyquist) {
    int64_t n = outBins * channels;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t c = i / outBins, b = i % outBins;
        float re = 0.0f, im = 0.0f;
        if (b < keep && b < inBins) {
            re = in[2 * (c * inBins + b)];
            im = in[2 * (c * inBins + b) + 1];
        }
        if (b == edge) {
            re = __fmul_rn(re, edgeFactor);
            im = __fmul_rn(im, edgeFactor);
        }
        if (b == 0 || (zeroNyquist && b == outBins - 1)) im = 0.0f;
        out[2 * i] = re;
        out[2 * i + 1] = im;
    }
}

// y = (y · inv) · ratio over n values: the inverse transform's 1/M, then f32(M/N), each rounded.
extern "C" __global__ void resample_scale_f32(float* y, int64_t n, float inv, float ratio) {
    for (int64_t i = global_index(); i < n; i += global_stride()) y[i] = __fmul_rn(__fmul_rn(y[i], inv), ratio);
}
