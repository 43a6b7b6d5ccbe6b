// Reductions: the absolute maximum of a tensor (per-tensor fp8 scales) and the two sums of a relative L2 error
// (sum (a - b)^2, sum b^2) computed on the device, for checking large outputs without copying them to the host.
#include "common.cuh"
using namespace gallop;

// out[0] must start at 0. Non-negative floats order like their bit patterns, so an integer atomicMax works.
extern "C" __global__ void absmax_f32(const float* x, int64_t n, float* out) {
    float m = 0.0f;
    for (int64_t i = global_index(); i < n; i += global_stride()) m = fmaxf(m, fabsf(x[i]));
    m = warp_max(m);
    if ((threadIdx.x & 31) == 0) atomicMax((int*) out, __float_as_int(m));
}

// out[0] += sum (a - b)^2, out[1] += sum b^2, in double (out must start at 0).
extern "C" __global__ void rel_l2_parts_f32(const float* a, const float* b, int64_t n, double* out) {
    double num = 0.0, den = 0.0;
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        double d = (double) a[i] - b[i];
        num += d * d;
        den += (double) b[i] * b[i];
    }
    for (int o = 16; o > 0; o >>= 1) {
        num += __shfl_xor_sync(0xffffffffu, num, o);
        den += __shfl_xor_sync(0xffffffffu, den, o);
    }
    if ((threadIdx.x & 31) == 0) {
        atomicAdd(out, num);
        atomicAdd(out + 1, den);
    }
}
