// Runs kernels of natives/ on the CPU for tests without a GPU: one std::thread per CUDA thread of a block, the
// blocks one after another, __syncthreads as a barrier, __shared__ arrays as statics (shared by the block's threads).
// Used in place of natives/common.cuh by sequence_kernels_emulated.cpp; covers what the sequence kernels use.
#pragma once
#include <barrier>
#include <cmath>
#include <cstdint>
struct Dim3 { unsigned x = 0, y = 0, z = 0; };
inline thread_local Dim3 threadIdx, blockIdx;
inline Dim3 blockDim, gridDim;
inline std::barrier<>* g_barrier;
#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(x)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))
inline void __syncthreads() { g_barrier->arrive_and_wait(); }
struct float4 { float x, y, z, w; };
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fmul_rn(float a, float b) { return a * b; }
#include <math.h>
namespace gallop {
inline int64_t global_index() { return (int64_t) blockIdx.x * blockDim.x + threadIdx.x; }
inline int64_t global_stride() { return (int64_t) gridDim.x * blockDim.x; }
}
