// RMS norm over the last axis, one warp per row: y = x * rsqrt(mean(x^2) + eps) * gain, in f32. The DiT's
// zero-centred (1 + w) gains are folded at load, so `gain` is the final multiplier. Optional bf16 rounding of y.
//
// The fused q/k path (performance.md, hidden costs: "fuse RMSNorm+RoPE+QK-norm") reads one head of the QKV
// projection output in place, normalises it with the per-head gain, rotates its first 2*half dims by the RoPE
// tables and writes the attention operand: one pass instead of copy + norm + rope + round.
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void rms_rows(const TI* x, int64_t ldx, TO* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps, int round) {
    int64_t warp = global_index() / 32;
    int lane = threadIdx.x & 31;
    int64_t warps = global_stride() / 32;
    for (int64_t r = warp; r < rows; r += warps) {
        const TI* xr = x + r * ldx;
        float ss = 0.0f;
        for (int c = lane; c < d; c += 32) {
            float v = load(xr, c);
            ss += v * v;
        }
        ss = warp_sum(ss);
        float inv = rsqrtf(ss / d + eps);
        TO* yr = y + r * ldy;
        for (int c = lane; c < d; c += 32) store(yr, c, maybe_round(load(xr, c) * inv * gain[c], round));
    }
}

extern "C" __global__ void rmsnorm_f32(const float* x, int64_t ldx, float* y, int64_t ldy, const float* gain, int64_t rows, int d,
                                       float eps, int round) {
    rms_rows(x, ldx, y, ldy, gain, rows, d, eps, round);
}

extern "C" __global__ void rmsnorm_f32_bf16(const float* x, int64_t ldx, __nv_bfloat16* y, int64_t ldy, const float* gain, int64_t rows,
                                            int d, float eps) {
    rms_rows(x, ldx, y, ldy, gain, rows, d, eps, 0);
}

// One warp per (token, head). src row r holds `heads` heads of width dh starting at column col0 (row stride lds);
// dst is [rows, heads, dh]. sin/cos are [rows, half] (already offset to the first token of this call).
// dh <= 256; the normalised head is staged in shared memory so each lane can read its RoPE partner.
template <typename TO>
__device__ void qk_norm_rope(const float* src, int64_t lds, int col0, TO* dst, int64_t rows, int heads, int dh, const float* gain,
                             const float* sin, const float* cos, int half, float eps, int round) {
    __shared__ float stage[8][256];
    int lane = threadIdx.x & 31, w = threadIdx.x / 32;
    int64_t warp = global_index() / 32, warps = global_stride() / 32;
    for (int64_t t = warp; t < rows * heads; t += warps) {
        int64_t r = t / heads;
        int h = (int) (t % heads);
        const float* xr = src + r * lds + col0 + (int64_t) h * dh;
        float ss = 0.0f;
        for (int c = lane; c < dh; c += 32) {
            float v = xr[c];
            ss += v * v;
        }
        ss = warp_sum(ss);
        float inv = rsqrtf(ss / dh + eps);
        for (int c = lane; c < dh; c += 32) stage[w][c] = xr[c] * inv * gain[c];
        __syncwarp();
        TO* yr = dst + t * dh;
        for (int c = lane; c < dh; c += 32) {
            float v = stage[w][c];
            if (c < half) {
                float s = sin[r * half + c], k = cos[r * half + c];
                v = v * k - stage[w][c + half] * s;
            } else if (c < 2 * half) {
                int i = c - half;
                float s = sin[r * half + i], k = cos[r * half + i];
                v = v * k + stage[w][i] * s;
            }
            store(yr, c, maybe_round(v, round));
        }
        __syncwarp();
    }
}

extern "C" __global__ void qk_norm_rope_f32(const float* src, int64_t lds, int col0, float* dst, int64_t rows, int heads, int dh,
                                            const float* gain, const float* sin, const float* cos, int half, float eps,
                                            int round) {
    qk_norm_rope(src, lds, col0, dst, rows, heads, dh, gain, sin, cos, half, eps, round);
}

extern "C" __global__ void qk_norm_rope_bf16(const float* src, int64_t lds, int col0, __nv_bfloat16* dst, int64_t rows, int heads,
                                             int dh, const float* gain, const float* sin, const float* cos, int half,
                                             float eps) {
    qk_norm_rope(src, lds, col0, dst, rows, heads, dh, gain, sin, cos, half, eps, 0);
}
