// The VAEs' 3-D convolution on a batch-1 f32 volume x [cin, t, h, w] with weights [cout, cin, kt, kh, kw] (f32 or
// bf16, read exactly) and an f32 bias, into out [cout, to, ho, wo]. Time is padded with `front` repeated edge frames
// (replicate = 1) or zero frames, space with zeros (`top` rows, `left` columns; the bottom and right padding follow
// from the output size), with a spatial stride.
//
// A direct convolution: each thread computes four output channels of one output pixel, summing the taps in the
// order (ci, dt, dy, dx) with fused multiply-adds and adding the bias last, skipping taps on zero time padding:
// the CPU kernel's order, so the same bits. A block covers 128 consecutive output columns of one row for one block
// of four channels, so the input loads of a warp are contiguous and its weight loads are the same for every lane.
#include "common.cuh"
using namespace gallop;

namespace {

constexpr int CB = 4;

template <typename TW>
__device__ void conv3d(const float* x, const TW* weight, const float* bias, float* out, int cin, int t, int h, int w, int cout, int kt,
                       int kh, int kw, int to, int ho, int wo, int replicate, int front, int top, int left, int stride) {
    int tiles = (wo + blockDim.x - 1) / blockDim.x;
    int64_t row = blockIdx.x / tiles;                   // (tOut, yo)
    int xo = (int) (blockIdx.x % tiles) * blockDim.x + threadIdx.x;
    int co0 = blockIdx.y * CB;
    if (xo >= wo || row >= (int64_t) to * ho) return;
    int yo = (int) (row % ho), tOut = (int) (row / ho);
    int taps = kt * kh * kw;
    int rows[CB];
    for (int k = 0; k < CB; k++) rows[k] = min(co0 + k, cout - 1);   // a block past cout repeats the last channel
    float acc[CB] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int ci = 0; ci < cin; ci++) {
        for (int dt = 0; dt < kt; dt++) {
            int src = tOut + dt - front;
            if (src < 0 || src >= t) {
                if (!replicate) continue;                    // a zero frame adds nothing
                src = min(max(src, 0), t - 1);
            }
            const float* frame = x + ((int64_t) ci * t + src) * h * w;
            for (int dy = 0; dy < kh; dy++) {
                int y = yo * stride + dy - top;
                bool rowIn = y >= 0 && y < h;
                for (int dx = 0; dx < kw; dx++) {
                    int xx = xo * stride + dx - left;
                    float v = rowIn && xx >= 0 && xx < w ? frame[(int64_t) y * w + xx] : 0.0f;
                    int tap = ((ci * kt + dt) * kh + dy) * kw + dx;
                    for (int k = 0; k < CB; k++) acc[k] = fmaf(v, load(weight, (int64_t) rows[k] * cin * taps + tap), acc[k]);
                }
            }
        }
    }
    for (int k = 0; k < CB; k++) {
        int co = co0 + k;
        if (co < cout) out[(((int64_t) co * to + tOut) * ho + yo) * wo + xo] = __fadd_rn(acc[k], bias[co]);
    }
}

}  // namespace

extern "C" __global__ void conv3d_f32(const float* x, const float* weight, const float* bias, float* out, int cin, int t, int h, int w,
                                      int cout, int kt, int kh, int kw, int to, int ho, int wo, int replicate, int front, int top, int left,
                                      int stride) {
    conv3d(x, weight, bias, out, cin, t, h, w, cout, kt, kh, kw, to, ho, wo, replicate, front, top, left, stride);
}

extern "C" __global__ void conv3d_bf16(const float* x, const __nv_bfloat16* weight, const float* bias, float* out, int cin, int t, int h,
                                       int w, int cout, int kt, int kh, int kw, int to, int ho, int wo, int replicate, int front, int top,
                                       int left, int stride) {
    conv3d(x, weight, bias, out, cin, t, h, w, cout, kt, kh, kw, to, ho, wo, replicate, front, top, left, stride);
}
