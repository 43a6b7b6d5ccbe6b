// Element-wise glue: residual add, column slices, the fp8 GEMM dequantization epilogue and seeded random fills
// (random weights for benchmarks are made on the device: the 15B model does not fit in host memory).
#include "common.cuh"
using namespace gallop;

extern "C" __global__ void add_f32(float* acc, const float* y, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) acc[i] += y[i];
}

extern "C" __global__ void add_bf16_to_f32(float* acc, const __nv_bfloat16* y, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) acc[i] += __bfloat162float(y[i]);
}

// dst[r, 0:w] = src[r, col0:col0+w] for 4-byte elements; ldd / lds are row strides in elements.
extern "C" __global__ void copy_columns_32(const float* src, int64_t lds, int col0, float* dst, int64_t ldd, int64_t rows, int w) {
    int64_t n = rows * w;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / w;
        int64_t c = i % w;
        dst[r * ldd + c] = src[r * lds + col0 + c];
    }
}

// The epilogue of a row/column-scaled GEMM (fp8 with per-token activation scales and per-channel weight scales):
// v = d[m, n] * rowScale[m] * colScale[n] (+ bias[n]); out[m, n] = v, or out[m, n] += v with `accumulate`
// (a residual add folded into the same pass); `round` rounds v to bf16 first. Null scale / bias pointers mean 1 / 0.
// d has row stride ldd >= cols (fp8 GEMMs run on N padded to a multiple of 16); out is dense [rows, cols].
extern "C" __global__ void scale_epilogue_f32(const float* d, int64_t ldd, float* out, const float* rowScale, const float* colScale,
                                              const float* bias, int64_t rows, int cols, int accumulate, int round) {
    int64_t n = rows * cols;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / cols;
        int c = (int) (i % cols);
        float v = d[r * ldd + c];
        if (rowScale) v *= rowScale[r];
        if (colScale) v *= colScale[c];
        if (bias) v += bias[c];
        v = maybe_round(v, round);
        out[i] = accumulate ? out[i] + v : v;
    }
}

// Same epilogue writing bf16 (the fused fp8 DiT step): out = bf16(d * rowScale * colScale).
extern "C" __global__ void scale_epilogue_bf16(const float* d, int64_t ldd, __nv_bfloat16* out, const float* rowScale,
                                               const float* colScale, int64_t rows, int cols) {
    int64_t n = rows * cols;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / cols;
        int c = (int) (i % cols);
        float v = d[r * ldd + c];
        if (rowScale) v *= rowScale[r];
        if (colScale) v *= colScale[c];
        out[i] = __float2bfloat16_rn(v);
    }
}

// A counter-based hash (splitmix64) -> uniform in [-1, 1): the same seed gives the same tensor on every device.
__device__ __forceinline__ float uniform(unsigned long long seed, int64_t i) {
    unsigned long long z = seed + 0x9E3779B97F4A7C15ull * (unsigned long long) (i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (float) (z >> 40) * (2.0f / 16777216.0f) - 1.0f;
}

extern "C" __global__ void fill_uniform_f32(float* dst, int64_t n, unsigned long long seed, float scale) {
    for (int64_t i = global_index(); i < n; i += global_stride()) dst[i] = scale * uniform(seed, i);
}

extern "C" __global__ void fill_uniform_bf16(__nv_bfloat16* dst, int64_t n, unsigned long long seed, float scale) {
    for (int64_t i = global_index(); i < n; i += global_stride()) dst[i] = __float2bfloat16_rn(scale * uniform(seed, i));
}

// Random rows of a [rows, ld] matrix of which the first `cols` columns are filled and the rest zeroed (padding).
extern "C" __global__ void fill_uniform_padded_bf16(__nv_bfloat16* dst, int64_t rows, int cols, int64_t ld, unsigned long long seed,
                                                    float scale) {
    int64_t n = rows * ld;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / ld;
        int64_t c = i % ld;
        dst[i] = __float2bfloat16_rn(c < cols ? scale * uniform(seed, r * cols + c) : 0.0f);
    }
}

extern "C" __global__ void fill_f32(float* dst, int64_t n, float value) {
    for (int64_t i = global_index(); i < n; i += global_stride()) dst[i] = value;
}
