// Per-head sigmoid gate of the attention output: out[m, h, :] = o[m, h, :] * sigmoid(g[m * ldg + col0 + h]).
// ldg and col0 let the gates be read straight from the QKV projection output (its last Hq columns) without a copy.
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void gate(const TI* o, TO* out, const TI* g, int64_t ldg, int col0, int64_t rows, int heads, int d) {
    int64_t n = rows * heads * d;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        int64_t m = i / ((int64_t) heads * d);
        int64_t h = (i / d) % heads;
        store(out, i, load(o, i) * sigmoid(load(g, m * ldg + col0 + h)));
    }
}

extern "C" __global__ void sigmoid_gate_f32_f32(const float* o, float* out, const float* g, int64_t ldg, int col0, int64_t rows, int heads, int d) { gate(o, out, g, ldg, col0, rows, heads, d); }
extern "C" __global__ void sigmoid_gate_f32_bf16(const float* o, __nv_bfloat16* out, const float* g, int64_t ldg, int col0, int64_t rows, int heads, int d) { gate(o, out, g, ldg, col0, rows, heads, d); }
extern "C" __global__ void sigmoid_gate_bf16_f32(const __nv_bfloat16* o, float* out, const __nv_bfloat16* g, int64_t ldg, int col0, int64_t rows, int heads, int d) { gate(o, out, g, ldg, col0, rows, heads, d); }
extern "C" __global__ void sigmoid_gate_bf16_bf16(const __nv_bfloat16* o, __nv_bfloat16* out, const __nv_bfloat16* g, int64_t ldg, int col0, int64_t rows, int heads, int d) { gate(o, out, g, ldg, col0, rows, heads, d); }
