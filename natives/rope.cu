// Rotate-half RoPE in place on x[M, H, D]: for i < half, (x_i, x_{i+half}) turns by the angle whose sin/cos are
// sin[m, i], cos[m, i] (tables [M, half]); dims >= 2*half pass through. One thread per rotated pair. In f32 for an
// f32 x; for a bf16 x as a bf16 PyTorch run computes x*cos + rotate_half(x)*sin: each product and the sum rounded.
#include "common.cuh"
using namespace gallop;

__device__ __forceinline__ void rotate(float a, float b, float s, float c, float* ra, float* rb, bool bf16) {
    if (!bf16) {
        *ra = a * c - b * s;
        *rb = b * c + a * s;
    } else {
        *ra = round_bf16(__fadd_rn(round_bf16(__fmul_rn(a, c)), round_bf16(__fmul_rn(-b, s))));
        *rb = round_bf16(__fadd_rn(round_bf16(__fmul_rn(b, c)), round_bf16(__fmul_rn(a, s))));
    }
}

template <typename T>
__device__ void rope(T* x, int64_t rows, int heads, int d, const float* sin, const float* cos, int half, bool bf16) {
    int64_t n = rows * heads * half;
    for (int64_t t = global_index(); t < n; t += global_stride()) {
        int64_t m = t / ((int64_t) heads * half);
        int i = (int) (t % half);
        int64_t h = (t / half) % heads;
        T* p = x + (m * heads + h) * d;
        float ra, rb;
        rotate(load(p, i), load(p, i + half), sin[m * half + i], cos[m * half + i], &ra, &rb, bf16);
        store(p, i, ra);
        store(p, i + half, rb);
    }
}

extern "C" __global__ void rope_f32(float* x, int64_t rows, int heads, int d, const float* sin, const float* cos, int half) {
    rope(x, rows, heads, d, sin, cos, half, false);
}

extern "C" __global__ void rope_bf16(__nv_bfloat16* x, int64_t rows, int heads, int d, const float* sin, const float* cos, int half) {
    rope(x, rows, heads, d, sin, cos, half, true);
}
