// Gallop's own attention kernel, for what cuDNN's fused SDPA does not cover: the f32 path (fp32 parity), masks
// with several key ranges per query segment (the 1080p SR model's frame windows), and GPUs or drivers without
// cuDNN. FlashAttention-2 structure on CUDA cores, f32 arithmetic: a block takes 32 queries of one head, 4 threads
// per query each owning every 4th dimension; key/value tiles of 32 rows are staged in shared memory; the softmax is
// online (running max and sum, one rescale per tile). GQA: query head h reads kv head h / (Hq / Hkv).
// bf16 mode follows the CPU kernel's rounding points: the probabilities are rounded to bf16 before P.V (the row sum
// uses the unrounded values) and the output is rounded to bf16.
#include "common.cuh"
using namespace gallop;

#define TILE 32
#define MAXD 128

// Up to 4 key intervals [start, end) per query segment, passed by value.
struct KeyRanges {
    int count;
    int start[4];
    int end[4];
};

__device__ __forceinline__ int key_at(const KeyRanges& kr, int pos) {
    for (int r = 0; r < kr.count; r++) {
        int len = kr.end[r] - kr.start[r];
        if (pos < len) return kr.start[r] + pos;
        pos -= len;
    }
    return -1;
}

// q [M, Hq, D], k/v [N, Hkv, D], out [M, Hq, D]; this launch covers queries [q0, q1). D <= 128, D % 4 == 0.
extern "C" __global__ void __launch_bounds__(128) attention_f32(const float* q, const float* k, const float* v, float* out,
                                                                int hq, int hkv, int d, float scale, int q0, int q1,
                                                                KeyRanges ranges, int round) {
    __shared__ float ks[TILE][MAXD];
    __shared__ float vs[TILE][MAXD];
    __shared__ float scores[TILE][TILE];
    int sub = threadIdx.x & 3;
    int qi = q0 + blockIdx.x * TILE + threadIdx.x / 4;
    int h = blockIdx.y;
    int g = h / (hq / hkv);
    bool live = qi < q1;
    int per = d / 4;

    float qr[MAXD / 4], acc[MAXD / 4];
#pragma unroll
    for (int i = 0; i < MAXD / 4; i++) {
        qr[i] = live && i < per ? q[((int64_t) qi * hq + h) * d + i * 4 + sub] : 0.0f;
        acc[i] = 0.0f;
    }
    float m = -INFINITY, l = 0.0f;
    int total = 0;
    for (int r = 0; r < ranges.count; r++) total += ranges.end[r] - ranges.start[r];

    for (int p0 = 0; p0 < total; p0 += TILE) {
        int n = min(TILE, total - p0);
        __syncthreads();
        for (int e = threadIdx.x; e < TILE * d; e += blockDim.x) {
            int row = e / d, c = e % d;
            int key = row < n ? key_at(ranges, p0 + row) : -1;
            ks[row][c] = key >= 0 ? k[((int64_t) key * hkv + g) * d + c] : 0.0f;
            vs[row][c] = key >= 0 ? v[((int64_t) key * hkv + g) * d + c] : 0.0f;
        }
        __syncthreads();
        // scores of this query for the tile, shared by its 4 threads through shared memory
        float* sc = scores[threadIdx.x / 4];
        float tmax = -INFINITY;
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
#pragma unroll
            for (int i = 0; i < MAXD / 4; i++) s += i < per ? qr[i] * ks[j][i * 4 + sub] : 0.0f;
            s += __shfl_xor_sync(0xffffffffu, s, 1);
            s += __shfl_xor_sync(0xffffffffu, s, 2);
            s *= scale;
            if (sub == 0) sc[j] = s;
            tmax = fmaxf(tmax, s);
        }
        __syncwarp();
        float mNew = fmaxf(m, tmax);
        float corr = expf(m - mNew);
        l *= corr;
#pragma unroll
        for (int i = 0; i < MAXD / 4; i++) acc[i] *= corr;
        for (int j = 0; j < n; j++) {
            float p = expf(sc[j] - mNew);
            l += p;
            float pr = maybe_round(p, round);
#pragma unroll
            for (int i = 0; i < MAXD / 4; i++) acc[i] += i < per ? pr * vs[j][i * 4 + sub] : 0.0f;
        }
        __syncwarp();
        m = mNew;
    }
    if (live) {
#pragma unroll
        for (int i = 0; i < MAXD / 4; i++) if (i < per) out[((int64_t) qi * hq + h) * d + i * 4 + sub] = maybe_round(acc[i] / l, round);
    }
}
