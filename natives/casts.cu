// Conversions between the storage types (f32 <-> bf16, bf16 rounding in place), fp8 e4m3 dequantization, and the
// per-row e4m3 quantization of GEMM operands (one scale per row: per output channel for weights, per token for
// activations).
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void convert(const TI* src, TO* dst, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) store(dst, i, load(src, i));
}

extern "C" __global__ void convert_f32_f32(const float* src, float* dst, int64_t n) { convert(src, dst, n); }
extern "C" __global__ void convert_f32_bf16(const float* src, __nv_bfloat16* dst, int64_t n) { convert(src, dst, n); }
extern "C" __global__ void convert_bf16_f32(const __nv_bfloat16* src, float* dst, int64_t n) { convert(src, dst, n); }
extern "C" __global__ void convert_bf16_bf16(const __nv_bfloat16* src, __nv_bfloat16* dst, int64_t n) { convert(src, dst, n); }

extern "C" __global__ void round_bf16_f32(float* x, int64_t n) {
    for (int64_t i = global_index(); i < n; i += global_stride()) x[i] = round_bf16(x[i]);
}

// Dequantizes e4m3 rows: dst[r, c] = e4m3(src[r, c]) * scale[r] (scales has one value, or one per row).
template <typename T>
__device__ void e4m3_to(const uint8_t* src, const float* scales, int perRow, T* dst, int64_t rows, int64_t cols) {
    int64_t n = rows * cols;
    for (int64_t i = global_index(); i < n; i += global_stride()) store(dst, i, from_e4m3(src[i]) * scales[perRow ? i / cols : 0]);
}

extern "C" __global__ void e4m3_to_f32(const uint8_t* src, const float* scales, int perRow, float* dst, int64_t rows, int64_t cols) {
    e4m3_to(src, scales, perRow, dst, rows, cols);
}

extern "C" __global__ void e4m3_to_bf16(const uint8_t* src, const float* scales, int perRow, __nv_bfloat16* dst, int64_t rows, int64_t cols) {
    e4m3_to(src, scales, perRow, dst, rows, cols);
}

// Per-row fp8 quantization, one warp per row: scale[r] = absmax(row) / 448 (1 for an all-zero row),
// q[r, c] = e4m3(x[r, c] / scale[r]). Columns in [cols, ldq) of q are zeroed (GEMM K padding).
template <typename T>
__device__ void quantize_rows(const T* x, int64_t ldx, uint8_t* q, int64_t ldq, float* scales, int64_t rows, int cols) {
    int64_t warp = global_index() / 32;
    int lane = threadIdx.x & 31;
    int64_t warps = global_stride() / 32;
    for (int64_t r = warp; r < rows; r += warps) {
        float amax = 0.0f;
        for (int c = lane; c < cols; c += 32) amax = fmaxf(amax, fabsf(load(x, r * ldx + c)));
        amax = warp_max(amax);
        float scale = amax > 0.0f ? amax / 448.0f : 1.0f;
        for (int c = lane; c < cols; c += 32) q[r * ldq + c] = to_e4m3(load(x, r * ldx + c) / scale);
        for (int64_t c = cols + lane; c < ldq; c += 32) q[r * ldq + c] = 0;
        if (lane == 0) scales[r] = scale;
    }
}

extern "C" __global__ void quantize_rows_f32(const float* x, int64_t ldx, uint8_t* q, int64_t ldq, float* scales, int64_t rows, int cols) {
    quantize_rows(x, ldx, q, ldq, scales, rows, cols);
}

extern "C" __global__ void quantize_rows_bf16(const __nv_bfloat16* x, int64_t ldx, uint8_t* q, int64_t ldq, float* scales, int64_t rows,
                                              int cols) {
    quantize_rows(x, ldx, q, ldq, scales, rows, cols);
}
