// RMS norm over the last axis, one warp per row: y = x * rsqrt(mean(x^2) + eps) * gain, in f32, stored in y's dtype.
// The DiT's zero-centred (1 + w) gains are folded at load, so `gain` is the final multiplier.
//
// The fused q/k preparation reads one head of the QKV projection output in place (columns col0 + h*dh ...),
// normalises it with the per-head gain, rotates its first 2*half dims by the RoPE tables and stores the attention
// operand once: one pass instead of copy + norm + rope + round.
#include "common.cuh"
using namespace gallop;

template <typename TI, typename TO>
__device__ void rms_rows(const TI* x, int64_t ldx, TO* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps) {
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
        for (int c = lane; c < d; c += 32) store(yr, c, load(xr, c) * inv * gain[c]);
    }
}

// One warp per (token, head). qkv row r holds `heads` heads of width dh starting at column col0 (row stride ldq);
// out is [rows, heads, dh]; sin/cos are [rows, half]. dh <= 256: the normalised head is staged in shared memory so
// each lane can read its RoPE partner.
template <typename TI, typename TO>
__device__ void qk_norm_rope(const TI* qkv, int64_t ldq, int col0, TO* out, int64_t rows, int heads, int dh, const float* gain,
                             const float* sin, const float* cos, int half, float eps) {
    __shared__ float stage[8][256];
    int lane = threadIdx.x & 31, w = threadIdx.x / 32;
    int64_t warp = global_index() / 32, warps = global_stride() / 32;
    for (int64_t t = warp; t < rows * heads; t += warps) {
        int64_t r = t / heads;
        int h = (int) (t % heads);
        const TI* xr = qkv + r * ldq + col0 + (int64_t) h * dh;
        float ss = 0.0f;
        for (int c = lane; c < dh; c += 32) {
            float v = load(xr, c);
            ss += v * v;
        }
        ss = warp_sum(ss);
        float inv = rsqrtf(ss / dh + eps);
        for (int c = lane; c < dh; c += 32) stage[w][c] = load(xr, c) * inv * gain[c];
        __syncwarp();
        TO* yr = out + t * dh;
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
            store(yr, c, v);
        }
        __syncwarp();
    }
}

extern "C" __global__ void rmsnorm_f32_f32(const float* x, int64_t ldx, float* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps) { rms_rows(x, ldx, y, ldy, gain, rows, d, eps); }
extern "C" __global__ void rmsnorm_f32_bf16(const float* x, int64_t ldx, __nv_bfloat16* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps) { rms_rows(x, ldx, y, ldy, gain, rows, d, eps); }
extern "C" __global__ void rmsnorm_bf16_f32(const __nv_bfloat16* x, int64_t ldx, float* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps) { rms_rows(x, ldx, y, ldy, gain, rows, d, eps); }
extern "C" __global__ void rmsnorm_bf16_bf16(const __nv_bfloat16* x, int64_t ldx, __nv_bfloat16* y, int64_t ldy, const float* gain, int64_t rows, int d, float eps) { rms_rows(x, ldx, y, ldy, gain, rows, d, eps); }

extern "C" __global__ void qk_norm_rope_f32_f32(const float* qkv, int64_t ldq, int col0, float* out, int64_t rows, int heads, int dh, const float* gain, const float* sin, const float* cos, int half, float eps) { qk_norm_rope(qkv, ldq, col0, out, rows, heads, dh, gain, sin, cos, half, eps); }
extern "C" __global__ void qk_norm_rope_f32_bf16(const float* qkv, int64_t ldq, int col0, __nv_bfloat16* out, int64_t rows, int heads, int dh, const float* gain, const float* sin, const float* cos, int half, float eps) { qk_norm_rope(qkv, ldq, col0, out, rows, heads, dh, gain, sin, cos, half, eps); }
extern "C" __global__ void qk_norm_rope_bf16_f32(const __nv_bfloat16* qkv, int64_t ldq, int col0, float* out, int64_t rows, int heads, int dh, const float* gain, const float* sin, const float* cos, int half, float eps) { qk_norm_rope(qkv, ldq, col0, out, rows, heads, dh, gain, sin, cos, half, eps); }
extern "C" __global__ void qk_norm_rope_bf16_bf16(const __nv_bfloat16* qkv, int64_t ldq, int col0, __nv_bfloat16* out, int64_t rows, int heads, int dh, const float* gain, const float* sin, const float* cos, int half, float eps) { qk_norm_rope(qkv, ldq, col0, out, rows, heads, dh, gain, sin, cos, half, eps); }
