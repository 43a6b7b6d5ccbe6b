// The DiT's MLP activations (spec; CpuKernels.swiglu7 / gelu7):
//   GELU7:   out = min(u, 7) * sigmoid(1.702 * min(u, 7))
//   SwiGLU7: on an interleaved up-projection (even columns gate a, odd columns linear b)
//            out = min(a, 7) * sigmoid(1.702 * min(a, 7)) * (clamp(b, -7, 7) + 1)
// The output may be wider than the activation (ldo > width): the extra columns are zeroed, so a down-projection
// whose K is padded (13652 -> 13696) reads exact zeros there. Optional bf16 rounding (the reference's cast).
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void swiglu7(const TI* up, int64_t ldu, TO* out, int64_t ldo, int64_t rows, int width, int round) {
    int64_t n = rows * ldo;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / ldo;
        int64_t j = i % ldo;
        float v = 0.0f;
        if (j < width) {
            float a = fminf(load(up, r * ldu + 2 * j), 7.0f);
            float b = fmaxf(-7.0f, fminf(load(up, r * ldu + 2 * j + 1), 7.0f));
            v = maybe_round(quick_gelu(a) * (b + 1.0f), round);
        }
        store(out, r * ldo + j, v);
    }
}

template <typename TI, typename TO>
__device__ void gelu7(const TI* up, int64_t ldu, TO* out, int64_t ldo, int64_t rows, int width, int round) {
    int64_t n = rows * ldo;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / ldo;
        int64_t j = i % ldo;
        float v = j < width ? maybe_round(quick_gelu(fminf(load(up, r * ldu + j), 7.0f)), round) : 0.0f;
        store(out, r * ldo + j, v);
    }
}

extern "C" __global__ void swiglu7_f32(const float* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width, int round) {
    swiglu7(up, ldu, out, ldo, rows, width, round);
}

extern "C" __global__ void swiglu7_bf16(const __nv_bfloat16* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) {
    swiglu7(up, ldu, out, ldo, rows, width, 0);
}

extern "C" __global__ void gelu7_f32(const float* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width, int round) {
    gelu7(up, ldu, out, ldo, rows, width, round);
}

extern "C" __global__ void gelu7_bf16(const __nv_bfloat16* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) {
    gelu7(up, ldu, out, ldo, rows, width, 0);
}
