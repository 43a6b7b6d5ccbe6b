// Rotate-half RoPE in place on x[M, H, D]: for i < half, (x_i, x_{i+half}) turns by the angle whose sin/cos are
// sin[m, i], cos[m, i] (tables [M, half], the DiT's 3-axis layout: angle i = axis * bands + band); dims >= 2*half
// pass through. One thread per rotated pair.
#include "common.cuh"
using namespace gallop;

extern "C" __global__ void rope_f32(float* x, int64_t rows, int heads, int d, const float* sin, const float* cos, int half) {
    int64_t n = rows * heads * half;
    for (int64_t t = global_index(); t < n; t += global_stride()) {
        int64_t m = t / ((int64_t) heads * half);
        int i = (int) (t % half);
        int64_t h = (t / half) % heads;
        float* p = x + (m * heads + h) * d;
        float a = p[i], b = p[i + half], s = sin[m * half + i], c = cos[m * half + i];
        p[i] = a * c - b * s;
        p[i + half] = b * c + a * s;
    }
}
