// The transformers' activations (CpuTransformerKernels):
//   GELU7:   out = min(u, 7) * sigmoid(1.702 * min(u, 7))
//   SwiGLU7: on an interleaved up-projection (even columns gate a, odd columns linear b)
//            out = min(a, 7) * sigmoid(1.702 * min(a, 7)) * (clamp(b, -7, 7) + 1)
//   GeGLU (T5Gemma): out = gelu_tanh(gate) * up, the GELU value rounded to bf16 first when out is bf16.
// GELU7 / SwiGLU7 outputs may be wider than the activation (ldo > width): the extra columns are zeroed, so a
// down-projection whose K is padded (13652 -> 13696) reads exact zeros there.
#include "common.cuh"
using namespace gallop;

// out[r, j] = act(r, j) for j < width, 0 in the padding columns width <= j < ldo.
template <typename TO, typename Act>
__device__ void padded_rows(TO* out, int64_t ldo, int64_t rows, int width, Act act) {
    int64_t n = rows * ldo;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t r = i / ldo;
        int64_t j = i % ldo;
        store(out, r * ldo + j, j < width ? act(r, j) : 0.0f);
    }
}

template <typename TI, typename TO>
__device__ void swiglu7(const TI* up, int64_t ldu, TO* out, int64_t ldo, int64_t rows, int width) {
    padded_rows(out, ldo, rows, width, [=](int64_t r, int64_t j) {
        float a = fminf(load(up, r * ldu + 2 * j), 7.0f);
        float b = fmaxf(-7.0f, fminf(load(up, r * ldu + 2 * j + 1), 7.0f));
        return quick_gelu(a) * (b + 1.0f);
    });
}

template <typename TI, typename TO>
__device__ void gelu7(const TI* up, int64_t ldu, TO* out, int64_t ldo, int64_t rows, int width) {
    padded_rows(out, ldo, rows, width, [=](int64_t r, int64_t j) { return quick_gelu(fminf(load(up, r * ldu + j), 7.0f)); });
}

__device__ __forceinline__ float gelu_tanh(float x) {
    const float beta = 0.7978845608028654f, kappa = 0.044715f;
    float inner = beta * (x + kappa * (x * x * x));
    return 0.5f * x * (1.0f + tanhf(inner));
}

template <typename TI, typename TO>
__device__ void gelu_tanh_glu(const TI* gate, const TI* up, TO* out, int64_t n, bool roundGelu) {
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        float g = gelu_tanh(load(gate, i));
        if (roundGelu) g = round_bf16(g);
        store(out, i, g * load(up, i));
    }
}

extern "C" __global__ void swiglu7_f32_f32(const float* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width) { swiglu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void swiglu7_f32_bf16(const float* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) { swiglu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void swiglu7_bf16_f32(const __nv_bfloat16* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width) { swiglu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void swiglu7_bf16_bf16(const __nv_bfloat16* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) { swiglu7(up, ldu, out, ldo, rows, width); }

extern "C" __global__ void gelu7_f32_f32(const float* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width) { gelu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void gelu7_f32_bf16(const float* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) { gelu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void gelu7_bf16_f32(const __nv_bfloat16* up, int64_t ldu, float* out, int64_t ldo, int64_t rows, int width) { gelu7(up, ldu, out, ldo, rows, width); }
extern "C" __global__ void gelu7_bf16_bf16(const __nv_bfloat16* up, int64_t ldu, __nv_bfloat16* out, int64_t ldo, int64_t rows, int width) { gelu7(up, ldu, out, ldo, rows, width); }

extern "C" __global__ void gelu_tanh_glu_f32_f32(const float* gate, const float* up, float* out, int64_t n) { gelu_tanh_glu(gate, up, out, n, false); }
extern "C" __global__ void gelu_tanh_glu_f32_bf16(const float* gate, const float* up, __nv_bfloat16* out, int64_t n) { gelu_tanh_glu(gate, up, out, n, true); }
extern "C" __global__ void gelu_tanh_glu_bf16_f32(const __nv_bfloat16* gate, const __nv_bfloat16* up, float* out, int64_t n) { gelu_tanh_glu(gate, up, out, n, false); }
extern "C" __global__ void gelu_tanh_glu_bf16_bf16(const __nv_bfloat16* gate, const __nv_bfloat16* up, __nv_bfloat16* out, int64_t n) { gelu_tanh_glu(gate, up, out, n, true); }
