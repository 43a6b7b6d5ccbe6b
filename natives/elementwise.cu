// Element-wise operations: residual add, scaling, a*x + b*y (products rounded before the sum, as on the CPU), fills,
// column slices, 2-D transpose, SiLU / ReLU, the fp8 GEMM's scaling epilogue, and seeded random fills (benchmark
// weights are made where they are used).
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void add(TO* acc, const TI* y, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) store(acc, i, __fadd_rn(load(acc, i), load(y, i)));
}

template <typename TI, typename TO>
__device__ void scale(const TI* x, TO* out, int64_t n, float f) {
    for (int64_t i = global_index(); i < n; i += global_stride()) store(out, i, __fmul_rn(load(x, i), f));
}

template <typename TI, typename TO>
__device__ void axpby(const TI* x, const TI* y, TO* out, int64_t n, float a, float b) {
    for (int64_t i = global_index(); i < n; i += global_stride()) store(out, i, __fadd_rn(__fmul_rn(load(x, i), a), __fmul_rn(load(y, i), b)));
}

// dst[r, 0:w] = src[r, col0:col0+w]; ldd / lds are row strides in elements.
template <typename TI, typename TO>
__device__ void copy_columns(const TI* src, int64_t lds, int col0, TO* dst, int64_t ldd, int64_t rows, int w) {
    int64_t n = rows * w;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / w;
        int64_t c = i % w;
        store(dst, r * ldd + c, load(src, r * lds + col0 + c));
    }
}

// out[n, m] = x[m, n]^T through 32 x 32 shared-memory tiles; grid (ceil(n / 32), ceil(m / 32)), 256 threads.
template <typename TI, typename TO>
__device__ void transpose(const TI* x, TO* out, int64_t m, int64_t n) {
    __shared__ float tile[32][33];
    int64_t i0 = (int64_t) blockIdx.y * 32, j0 = (int64_t) blockIdx.x * 32;
    for (int e = threadIdx.x; e < 32 * 32; e += blockDim.x) {
        int r = e / 32, c = e % 32;
        if (i0 + r < m && j0 + c < n) tile[r][c] = load(x, (i0 + r) * n + j0 + c);
    }
    __syncthreads();
    for (int e = threadIdx.x; e < 32 * 32; e += blockDim.x) {
        int r = e / 32, c = e % 32;   // out row j0 + r, out column i0 + c
        if (j0 + r < n && i0 + c < m) store(out, (j0 + r) * m + i0 + c, tile[c][r]);
    }
}

// x * sigmoid(x) with e^-|x| from the CPU's polynomial: 1/(1 + e^-x) for x >= 0, e^x/(1 + e^x) below.
template <typename TI, typename TO>
__device__ void silu(const TI* x, TO* out, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        float v = load(x, i);
        float e = exp_non_positive(-fabsf(v));
        float onePlus = __fadd_rn(e, 1.0f);
        float sig = v < 0.0f ? __fdiv_rn(e, onePlus) : __fdiv_rn(1.0f, onePlus);
        store(out, i, __fmul_rn(v, sig));
    }
}

template <typename TI, typename TO>
__device__ void relu(const TI* x, TO* out, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) store(out, i, fmaxf(load(x, i), 0.0f));
}

extern "C" __global__ void add_f32_f32(float* acc, const float* y, int64_t n) { add(acc, y, n); }
extern "C" __global__ void add_f32_bf16(__nv_bfloat16* acc, const float* y, int64_t n) { add(acc, y, n); }
extern "C" __global__ void add_bf16_f32(float* acc, const __nv_bfloat16* y, int64_t n) { add(acc, y, n); }
extern "C" __global__ void add_bf16_bf16(__nv_bfloat16* acc, const __nv_bfloat16* y, int64_t n) { add(acc, y, n); }

extern "C" __global__ void scale_f32_f32(const float* x, float* out, int64_t n, float f) { scale(x, out, n, f); }
extern "C" __global__ void scale_f32_bf16(const float* x, __nv_bfloat16* out, int64_t n, float f) { scale(x, out, n, f); }
extern "C" __global__ void scale_bf16_f32(const __nv_bfloat16* x, float* out, int64_t n, float f) { scale(x, out, n, f); }
extern "C" __global__ void scale_bf16_bf16(const __nv_bfloat16* x, __nv_bfloat16* out, int64_t n, float f) { scale(x, out, n, f); }

extern "C" __global__ void axpby_f32_f32(const float* x, const float* y, float* out, int64_t n, float a, float b) { axpby(x, y, out, n, a, b); }
extern "C" __global__ void axpby_f32_bf16(const float* x, const float* y, __nv_bfloat16* out, int64_t n, float a, float b) { axpby(x, y, out, n, a, b); }
extern "C" __global__ void axpby_bf16_f32(const __nv_bfloat16* x, const __nv_bfloat16* y, float* out, int64_t n, float a, float b) { axpby(x, y, out, n, a, b); }
extern "C" __global__ void axpby_bf16_bf16(const __nv_bfloat16* x, const __nv_bfloat16* y, __nv_bfloat16* out, int64_t n, float a, float b) { axpby(x, y, out, n, a, b); }

extern "C" __global__ void copy_columns_f32_f32(const float* src, int64_t lds, int col0, float* dst, int64_t ldd, int64_t rows, int w) { copy_columns(src, lds, col0, dst, ldd, rows, w); }
extern "C" __global__ void copy_columns_f32_bf16(const float* src, int64_t lds, int col0, __nv_bfloat16* dst, int64_t ldd, int64_t rows, int w) { copy_columns(src, lds, col0, dst, ldd, rows, w); }
extern "C" __global__ void copy_columns_bf16_f32(const __nv_bfloat16* src, int64_t lds, int col0, float* dst, int64_t ldd, int64_t rows, int w) { copy_columns(src, lds, col0, dst, ldd, rows, w); }
extern "C" __global__ void copy_columns_bf16_bf16(const __nv_bfloat16* src, int64_t lds, int col0, __nv_bfloat16* dst, int64_t ldd, int64_t rows, int w) { copy_columns(src, lds, col0, dst, ldd, rows, w); }

extern "C" __global__ void transpose_f32_f32(const float* x, float* out, int64_t m, int64_t n) { transpose(x, out, m, n); }
extern "C" __global__ void transpose_f32_bf16(const float* x, __nv_bfloat16* out, int64_t m, int64_t n) { transpose(x, out, m, n); }
extern "C" __global__ void transpose_bf16_f32(const __nv_bfloat16* x, float* out, int64_t m, int64_t n) { transpose(x, out, m, n); }
extern "C" __global__ void transpose_bf16_bf16(const __nv_bfloat16* x, __nv_bfloat16* out, int64_t m, int64_t n) { transpose(x, out, m, n); }

extern "C" __global__ void silu_f32_f32(const float* x, float* out, int64_t n) { silu(x, out, n); }
extern "C" __global__ void silu_f32_bf16(const float* x, __nv_bfloat16* out, int64_t n) { silu(x, out, n); }
extern "C" __global__ void silu_bf16_f32(const __nv_bfloat16* x, float* out, int64_t n) { silu(x, out, n); }
extern "C" __global__ void silu_bf16_bf16(const __nv_bfloat16* x, __nv_bfloat16* out, int64_t n) { silu(x, out, n); }

extern "C" __global__ void relu_f32_f32(const float* x, float* out, int64_t n) { relu(x, out, n); }
extern "C" __global__ void relu_f32_bf16(const float* x, __nv_bfloat16* out, int64_t n) { relu(x, out, n); }
extern "C" __global__ void relu_bf16_f32(const __nv_bfloat16* x, float* out, int64_t n) { relu(x, out, n); }
extern "C" __global__ void relu_bf16_bf16(const __nv_bfloat16* x, __nv_bfloat16* out, int64_t n) { relu(x, out, n); }

extern "C" __global__ void fill_f32(float* t, int64_t n, float value) {
    for (int64_t i = global_index(); i < n; i += global_stride()) t[i] = value;
}

extern "C" __global__ void fill_bf16(__nv_bfloat16* t, int64_t n, float value) {
    for (int64_t i = global_index(); i < n; i += global_stride()) t[i] = __float2bfloat16_rn(value);
}

// The epilogue of a row/column-scaled GEMM (fp8 with per-token activation scales and per-channel weight scales):
// v = d[m, n] * rowScale[m] * colScale[n] (+ bias[n]); out[m, n] = v, or out[m, n] += v with `accumulate` (a
// residual add folded into the same pass). Null scale / bias pointers mean 1 / 0. d has row stride ldd >= cols
// (fp8 GEMMs run on N padded to a multiple of 16); out is dense [rows, cols].
template <typename TO>
__device__ void scale_epilogue(const float* d, int64_t ldd, TO* out, const float* rowScale, const float* colScale, const float* bias,
                               int64_t rows, int cols, int accumulate) {
    int64_t n = rows * cols;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / cols;
        int c = (int) (i % cols);
        float v = d[r * ldd + c];
        if (rowScale) v *= rowScale[r];
        if (colScale) v *= colScale[c];
        if (bias) v += bias[c];
        store(out, i, accumulate ? load(out, i) + v : v);
    }
}

extern "C" __global__ void scale_epilogue_f32(const float* d, int64_t ldd, float* out, const float* rowScale, const float* colScale,
                                              const float* bias, int64_t rows, int cols, int accumulate) {
    scale_epilogue(d, ldd, out, rowScale, colScale, bias, rows, cols, accumulate);
}

extern "C" __global__ void scale_epilogue_bf16(const float* d, int64_t ldd, __nv_bfloat16* out, const float* rowScale, const float* colScale,
                                               const float* bias, int64_t rows, int cols, int accumulate) {
    scale_epilogue(d, ldd, out, rowScale, colScale, bias, rows, cols, accumulate);
}

// A counter-based hash (splitmix64) -> uniform in [-1, 1): the same seed gives the same tensor on every device.
__device__ __forceinline__ float uniform(unsigned long long seed, int64_t i) {
    unsigned long long z = seed + 0x9E3779B97F4A7C15ull * (unsigned long long) (i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (float) (z >> 40) * (2.0f / 16777216.0f) - 1.0f;
}

// Random rows of a [rows, ld] matrix whose first `cols` columns are filled with scale * uniform and the rest zeroed.
template <typename T>
__device__ void fill_uniform(T* dst, int64_t rows, int cols, int64_t ld, unsigned long long seed, float scale) {
    int64_t n = rows * ld;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / ld;
        int64_t c = i % ld;
        store(dst, i, c < cols ? scale * uniform(seed, r * cols + c) : 0.0f);
    }
}

extern "C" __global__ void fill_uniform_f32(float* dst, int64_t rows, int cols, int64_t ld, unsigned long long seed, float scale) {
    fill_uniform(dst, rows, cols, ld, seed, scale);
}

extern "C" __global__ void fill_uniform_bf16(__nv_bfloat16* dst, int64_t rows, int cols, int64_t ld, unsigned long long seed, float scale) {
    fill_uniform(dst, rows, cols, ld, seed, scale);
}
