// The audio VAE's element-wise steps: SnakeBeta and the posterior sample, f32, each operation rounded in the CPU
// kernels' order (explicit _rn intrinsics keep nvcc from fusing a multiply and an add).
#include "common.cuh"
using namespace gallop;

// out = x + recip[c]·(s·s), s = sin(x·freq[c]) over x[rows, channels] (n = rows·channels); out may be x.
extern "C" __global__ void snake_beta_f32(const float* x, float* out, const float* freq, const float* recip, int64_t n, int channels) {
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int c = (int) (i % channels);
        float v = x[i];
        float s = sinf(__fmul_rn(v, freq[c]));
        out[i] = __fadd_rn(v, __fmul_rn(recip[c], __fmul_rn(s, s)));
    }
}

// out[t, c] = noise[t, c]·(softplus(scale) + 1e-4) + mean with mean = moments[t, c], scale = moments[t, channels + c];
// softplus(s) = s above 20 (torch's threshold), else log1p(exp(s)).
extern "C" __global__ void vae_sample_f32(const float* moments, const float* noise, float* out, int64_t rows, int channels) {
    int64_t n = rows * channels;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t t = i / channels;
        int c = (int) (i % channels);
        float mean = moments[t * 2 * channels + c], s = moments[t * 2 * channels + channels + c];
        float sp = s > 20.0f ? s : log1pf(expf(s));
        out[i] = __fadd_rn(__fmul_rn(noise[i], __fadd_rn(sp, 1e-4f)), mean);
    }
}
