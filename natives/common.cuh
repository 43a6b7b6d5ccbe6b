// Shared helpers of Gallop's CUDA kernels: bf16 / fp8 conversions with the engine's rounding rules, warp reductions.
// Every kernel is extern "C" so the host finds it by its plain name (cuModuleGetFunction).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <stdint.h>
#include "cpu_math.cuh"

namespace gallop {

// f32 rounded to the nearest bf16 (ties to even), returned as f32: what x.to(bfloat16).float() gives.
__device__ __forceinline__ float round_bf16(float x) { return __bfloat162float(__float2bfloat16_rn(x)); }

__device__ __forceinline__ float maybe_round(float x, int round) { return round ? round_bf16(x) : x; }

// Loads and stores that widen / narrow between the storage types and f32.
__device__ __forceinline__ float load(const float* p, int64_t i) { return p[i]; }
__device__ __forceinline__ float load(const __nv_bfloat16* p, int64_t i) { return __bfloat162float(p[i]); }
__device__ __forceinline__ void store(float* p, int64_t i, float v) { p[i] = v; }
__device__ __forceinline__ void store(__nv_bfloat16* p, int64_t i, float v) { p[i] = __float2bfloat16_rn(v); }

// OCP e4m3fn, round to nearest even, saturating at +-448 (the engine's Floats.floatToE4m3).
__device__ __forceinline__ uint8_t to_e4m3(float x) {
    return (uint8_t) __nv_cvt_float_to_fp8(x, __NV_SATFINITE, __NV_E4M3);
}

__device__ __forceinline__ float from_e4m3(uint8_t b) {
    __half_raw h = __nv_cvt_fp8_to_halfraw((__nv_fp8_storage_t) b, __NV_E4M3);
    return __half2float(__half(h));
}

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// x * sigmoid(1.702 x): the "quick GELU" core of GELU7 and SwiGLU7.
__device__ __forceinline__ float quick_gelu(float x) { return x / (1.0f + expf(-1.702f * x)); }

__device__ __forceinline__ float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }


__device__ __forceinline__ int64_t global_index() { return (int64_t) blockIdx.x * blockDim.x + threadIdx.x; }

__device__ __forceinline__ int64_t global_stride() { return (int64_t) gridDim.x * blockDim.x; }

}  // namespace gallop
