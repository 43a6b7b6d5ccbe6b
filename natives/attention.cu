// Gallop's own attention kernels.
//
// attention_<t>: FlashAttention-2 structure on CUDA cores in f32 arithmetic, for what cuDNN's fused SDPA does not
// cover (the f32 path, masks with several key ranges per query segment such as the 1080p SR model's frame windows,
// soft-capped logits, GPUs without cuDNN). A block takes 32 queries of one head, 4 threads per query each owning every
// 4th dimension; key/value tiles of 32 rows are staged in shared memory; the softmax is online (running max and sum,
// one rescale per tile). GQA: query head h reads kv head h / (Hq / Hkv). For bf16 operands it rounds where fused
// kernels do: the probabilities before P.V (the row sum uses the unrounded values) and the output at the store.
//
// attention_eager_<t>: PyTorch eager attention's rounding points for bf16 operands (T5Gemma's soft-capped path):
// q.k, the scaled logit, each step of the soft-cap, the normalised probabilities and the output are each rounded to
// bf16. One warp per (query, head), three passes over the visible keys (max, sum, weighted sum).
//
// attention_softmax_rows_f32: the softmax step of attention computed as two GEMMs (head widths beyond the flash
// kernel's 128, e.g. the Wan VAE's single 384- or 640-wide head): in place over logits [rows, n] holding q.k, each
// row becomes softmax(cap(scale * s)) over the keys its ranges show, 0 for the others. One block per row.
//
// attention_scores_<t>: the dense intermediates for traces: logits [Hq, M, N] = scale * q.k for every pair (before
// cap and mask) and probs [Hq, M, N] (0 where the mask hides a key), either pointer may be null; bf16 operands round
// at the eager rounding points when `eager` is set.
#include "common.cuh"
using namespace gallop;

#define TILE 32
#define MAXD 128
#define EAGER_MAXD 512

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

__device__ __forceinline__ bool visible(const KeyRanges& kr, int key) {
    for (int r = 0; r < kr.count; r++) if (key >= kr.start[r] && key < kr.end[r]) return true;
    return false;
}

__device__ __forceinline__ float soft_cap(float s, float cap, bool bf16) {
    if (cap <= 0.0f) return s;
    if (!bf16) return tanhf(s / cap) * cap;
    float y = round_bf16(__fdiv_rn(s, cap));
    y = round_bf16(tanhf(y));
    return round_bf16(__fmul_rn(y, cap));
}

// q [M, Hq, D], k/v [N, Hkv, D], out [M, Hq, D]; this launch covers queries [q0, q1). D <= 128, D % 4 == 0.
template <typename T>
__device__ void flash(const T* q, const T* k, const T* v, T* out, int hq, int hkv, int d, float scale, float cap, int q0, int q1,
                      KeyRanges ranges, bool bf16) {
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
        qr[i] = live && i < per ? load(q, ((int64_t) qi * hq + h) * d + i * 4 + sub) : 0.0f;
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
            ks[row][c] = key >= 0 ? load(k, ((int64_t) key * hkv + g) * d + c) : 0.0f;
            vs[row][c] = key >= 0 ? load(v, ((int64_t) key * hkv + g) * d + c) : 0.0f;
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
            s = soft_cap(s * scale, cap, false);
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
            float pr = maybe_round(p, bf16);
#pragma unroll
            for (int i = 0; i < MAXD / 4; i++) acc[i] += i < per ? pr * vs[j][i * 4 + sub] : 0.0f;
        }
        __syncwarp();
        m = mNew;
    }
    if (live) {
#pragma unroll
        for (int i = 0; i < MAXD / 4; i++) if (i < per) store(out, ((int64_t) qi * hq + h) * d + i * 4 + sub, acc[i] / l);
    }
}

extern "C" __global__ void __launch_bounds__(128) attention_f32(const float* q, const float* k, const float* v, float* out, int hq, int hkv,
                                                                int d, float scale, float cap, int q0, int q1, KeyRanges ranges) {
    flash(q, k, v, out, hq, hkv, d, scale, cap, q0, q1, ranges, false);
}

extern "C" __global__ void __launch_bounds__(128) attention_bf16(const __nv_bfloat16* q, const __nv_bfloat16* k, const __nv_bfloat16* v,
                                                                 __nv_bfloat16* out, int hq, int hkv, int d, float scale, float cap,
                                                                 int q0, int q1, KeyRanges ranges) {
    flash(q, k, v, out, hq, hkv, d, scale, cap, q0, q1, ranges, true);
}

// The logit of query row qr (this lane's dims c = lane, lane + 32, ...) with key j: scale * q.k, each step rounded
// to bf16 when `round`, then soft-capped (rounded per step when `round`) when `capped`.
template <typename T>
__device__ float eager_logit(const T* q, const T* k, int64_t qo, int64_t ko, int d, float scale, float cap, bool round, bool capped) {
    int lane = threadIdx.x & 31;
    float s = 0.0f;
    for (int c = lane; c < d; c += 32) s += load(q, qo + c) * load(k, ko + c);
    s = warp_sum(s);
    s = round ? round_bf16(__fmul_rn(round_bf16(s), scale)) : s * scale;
    return capped ? soft_cap(s, cap, round) : s;
}

// One warp per (query, head) of the segment [q0, q1); grid (ceil((q1 - q0) / 8), hq), 256 threads.
template <typename T>
__device__ void eager(const T* q, const T* k, const T* v, T* out, int hq, int hkv, int d, float scale, float cap, int q0, int q1,
                      KeyRanges ranges, bool round) {
    int lane = threadIdx.x & 31;
    int qi = q0 + blockIdx.x * 8 + threadIdx.x / 32;
    int h = blockIdx.y;
    if (qi >= q1) return;
    int g = h / (hq / hkv);
    int64_t qo = ((int64_t) qi * hq + h) * d;
    float mx = -INFINITY;
    for (int r = 0; r < ranges.count; r++) {
        for (int j = ranges.start[r]; j < ranges.end[r]; j++) {
            mx = fmaxf(mx, eager_logit(q, k, qo, ((int64_t) j * hkv + g) * d, d, scale, cap, round, true));
        }
    }
    float sum = 0.0f;
    for (int r = 0; r < ranges.count; r++) {
        for (int j = ranges.start[r]; j < ranges.end[r]; j++) {
            sum += expf(eager_logit(q, k, qo, ((int64_t) j * hkv + g) * d, d, scale, cap, round, true) - mx);
        }
    }
    float acc[EAGER_MAXD / 32];
    int per = (d + 31) / 32;
    for (int i = 0; i < per; i++) acc[i] = 0.0f;
    for (int r = 0; r < ranges.count; r++) {
        for (int j = ranges.start[r]; j < ranges.end[r]; j++) {
            int64_t ko = ((int64_t) j * hkv + g) * d;
            float p = expf(eager_logit(q, k, qo, ko, d, scale, cap, round, true) - mx) / sum;
            if (round) p = round_bf16(p);
            for (int i = 0; i < per; i++) {
                int c = lane + 32 * i;
                if (c < d) acc[i] += p * load(v, ko + c);
            }
        }
    }
    for (int i = 0; i < per; i++) {
        int c = lane + 32 * i;
        if (c < d) store(out, qo + c, acc[i]);
    }
}

extern "C" __global__ void attention_eager_f32(const float* q, const float* k, const float* v, float* out, int hq, int hkv, int d, float scale,
                                               float cap, int q0, int q1, KeyRanges ranges) {
    eager(q, k, v, out, hq, hkv, d, scale, cap, q0, q1, ranges, false);
}

extern "C" __global__ void attention_eager_bf16(const __nv_bfloat16* q, const __nv_bfloat16* k, const __nv_bfloat16* v, __nv_bfloat16* out,
                                                int hq, int hkv, int d, float scale, float cap, int q0, int q1, KeyRanges ranges) {
    eager(q, k, v, out, hq, hkv, d, scale, cap, q0, q1, ranges, true);
}

// One block of 256 threads per row of the logits; block-wide max and sum through shared memory.
extern "C" __global__ void __launch_bounds__(256) attention_softmax_rows_f32(float* s, int64_t rows, int n, float scale, float cap,
                                                                           KeyRanges ranges) {
    __shared__ float part[256 / 32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        float* row = s + r * n;
        float mx = -INFINITY;
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            float v = visible(ranges, j) ? soft_cap(row[j] * scale, cap, false) : -INFINITY;
            row[j] = v;
            mx = fmaxf(mx, v);
        }
        mx = warp_max(mx);
        if (lane == 0) part[warp] = mx;
        __syncthreads();
        mx = part[0];
        for (int w = 1; w < (int) (blockDim.x >> 5); w++) mx = fmaxf(mx, part[w]);
        __syncthreads();
        float sum = 0.0f;
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            float e = row[j] == -INFINITY ? 0.0f : expf(row[j] - mx);
            row[j] = e;
            sum += e;
        }
        sum = warp_sum(sum);
        if (lane == 0) part[warp] = sum;
        __syncthreads();
        sum = 0.0f;
        for (int w = 0; w < (int) (blockDim.x >> 5); w++) sum += part[w];
        __syncthreads();
        float inv = sum > 0.0f ? 1.0f / sum : 0.0f;
        for (int j = threadIdx.x; j < n; j += blockDim.x) row[j] *= inv;
    }
}

// Dense logits and probabilities of the segment [q0, q1): one warp per (query, head), like the eager kernel.
template <typename T>
__device__ void scores(const T* q, const T* k, float* logits, float* probs, int hq, int hkv, int d, int m, int n, float scale, float cap,
                       int q0, int q1, KeyRanges ranges, bool round) {
    int lane = threadIdx.x & 31;
    int qi = q0 + blockIdx.x * 8 + threadIdx.x / 32;
    int h = blockIdx.y;
    if (qi >= q1) return;
    int g = h / (hq / hkv);
    int64_t qo = ((int64_t) qi * hq + h) * d, row = ((int64_t) h * m + qi) * n;
    float mx = -INFINITY;
    for (int j = 0; j < n; j++) {
        int64_t ko = ((int64_t) j * hkv + g) * d;
        float raw = eager_logit(q, k, qo, ko, d, scale, cap, round, false);
        if (logits && lane == 0) logits[row + j] = raw;
        if (visible(ranges, j)) mx = fmaxf(mx, soft_cap(raw, cap, round));
    }
    if (!probs) return;
    float sum = 0.0f;
    for (int j = 0; j < n; j++) {
        if (!visible(ranges, j)) continue;
        sum += expf(eager_logit(q, k, qo, ((int64_t) j * hkv + g) * d, d, scale, cap, round, true) - mx);
    }
    for (int j = 0; j < n; j++) {
        float p = 0.0f;
        if (visible(ranges, j)) {
            p = expf(eager_logit(q, k, qo, ((int64_t) j * hkv + g) * d, d, scale, cap, round, true) - mx) / sum;
            if (round) p = round_bf16(p);
        }
        if (lane == 0) probs[row + j] = p;
    }
}

extern "C" __global__ void attention_scores_f32(const float* q, const float* k, float* logits, float* probs, int hq, int hkv, int d, int m,
                                                int n, float scale, float cap, int q0, int q1, KeyRanges ranges, int eager) {
    scores(q, k, logits, probs, hq, hkv, d, m, n, scale, cap, q0, q1, ranges, false);
}

extern "C" __global__ void attention_scores_bf16(const __nv_bfloat16* q, const __nv_bfloat16* k, float* logits, float* probs, int hq, int hkv,
                                                 int d, int m, int n, float scale, float cap, int q0, int q1, KeyRanges ranges,
                                                 int eager) {
    scores(q, k, logits, probs, hq, hkv, d, m, n, scale, cap, q0, q1, ranges, eager != 0);
}
