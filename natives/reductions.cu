// Reductions: the number of non-finite elements of a tensor (the denoise loop's per-step check), counted on the device.
#include "common.cuh"
using namespace gallop;

// count[0] += the NaN and infinite elements of x[0:n] (count must start at 0).
template <typename T>
__device__ void count_non_finite(const T* x, int64_t n, unsigned long long* count) {
    unsigned int bad = 0;
    for (int64_t i = global_index(); i < n; i += global_stride()) bad += isfinite(load(x, i)) ? 0 : 1;
    for (int o = 16; o > 0; o >>= 1) bad += __shfl_xor_sync(0xffffffffu, bad, o);
    if ((threadIdx.x & 31) == 0 && bad) atomicAdd(count, (unsigned long long) bad);
}

extern "C" __global__ void count_non_finite_f32(const float* x, int64_t n, unsigned long long* count) { count_non_finite(x, n, count); }

extern "C" __global__ void count_non_finite_bf16(const __nv_bfloat16* x, int64_t n, unsigned long long* count) { count_non_finite(x, n, count); }
