// The audio VAE's convolutions on time-major f32 activations x[T, Cin], as implicit GEMMs: out[rows, Cout] =
// A[rows, R] · B[R, Cout] (+ bias), where A gathers the input steps a row reads (im2col, never materialised) and B is
// the torch weight read in place. 64×64 output tiles per block of 256 threads (4×4 outputs each), R in slices of 16
// through shared memory; each output accumulates its R products in one fixed order with fused multiply-adds.
//   conv1d_f32:            torch Conv1d, rows = output steps, R = K·Cin with r = tap·Cin + channel.
//   conv_transpose1d_f32:  torch ConvTranspose1d, one launch per phase p (output steps j with (j + padding) mod
//                          stride = p, j = q·stride + p − padding for q = q0 + row), R = taps·Cin with r = m·Cin + channel
//                          reading x[q − m] and weight tap p + m·stride.
#include "common.cuh"
using namespace gallop;

namespace {

constexpr int TM = 64, TN = 64, TK = 16, THREADS = 256;

struct Conv1dMap {
    const float* x;
    const float* w;
    int64_t t;
    int cin, k, dilation, padding, stride;

    __device__ __forceinline__ float a(int64_t row, int r) const {
        int tap = r / cin, ch = r - tap * cin;
        int64_t src = row * stride + (int64_t) tap * dilation - padding;
        return src >= 0 && src < t ? x[src * cin + ch] : 0.0f;
    }
    // weight [Cout, Cin, K]
    __device__ __forceinline__ float b(int r, int co) const {
        int tap = r / cin, ch = r - tap * cin;
        return w[((int64_t) co * cin + ch) * k + tap];
    }
    __device__ __forceinline__ int64_t out_row(int64_t row) const { return row; }
};

struct ConvTranspose1dMap {
    const float* x;
    const float* w;
    int64_t t, q0;
    int cin, cout, k, stride, padding, phase;

    __device__ __forceinline__ float a(int64_t row, int r) const {
        int m = r / cin, ch = r - m * cin;
        int64_t src = q0 + row - m;
        return src >= 0 && src < t ? x[src * cin + ch] : 0.0f;
    }
    // weight [Cin, Cout, K]
    __device__ __forceinline__ float b(int r, int co) const {
        int m = r / cin, ch = r - m * cin;
        return w[((int64_t) ch * cout + co) * k + phase + m * stride];
    }
    __device__ __forceinline__ int64_t out_row(int64_t row) const { return (q0 + row) * stride + phase - padding; }
};

template <class Map>
__device__ void implicit_gemm(const Map& map, const float* bias, float* out, int64_t rows, int cout, int reduce) {
    __shared__ float as[TK][TM + 1];
    __shared__ __align__(16) float bs[TK][TN];
    int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    int64_t row0 = (int64_t) blockIdx.x * TM;
    int co0 = blockIdx.y * TN;
    float acc[4][4] = {};
    for (int r0 = 0; r0 < reduce; r0 += TK) {
        for (int e = tid; e < TK * TM; e += THREADS) {   // consecutive threads: consecutive r of one row
            int rr = e % TK, i = e / TK;
            int64_t row = row0 + i;
            int r = r0 + rr;
            as[rr][i] = row < rows && r < reduce ? map.a(row, r) : 0.0f;
        }
        for (int e = tid; e < TK * TN; e += THREADS) {
            int j = e % TN, rr = e / TN;
            int r = r0 + rr, co = co0 + j;
            bs[rr][j] = co < cout && r < reduce ? map.b(r, co) : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TK; kk++) {
            float av[4];
#pragma unroll
            for (int i = 0; i < 4; i++) av[i] = as[kk][ty * 4 + i];
            float4 bv = *reinterpret_cast<const float4*>(&bs[kk][tx * 4]);
#pragma unroll
            for (int i = 0; i < 4; i++) {
                acc[i][0] = fmaf(av[i], bv.x, acc[i][0]);
                acc[i][1] = fmaf(av[i], bv.y, acc[i][1]);
                acc[i][2] = fmaf(av[i], bv.z, acc[i][2]);
                acc[i][3] = fmaf(av[i], bv.w, acc[i][3]);
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int64_t row = row0 + ty * 4 + i;
        if (row >= rows) continue;
        int64_t o = map.out_row(row) * cout;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int co = co0 + tx * 4 + j;
            if (co < cout) out[o + co] = bias ? __fadd_rn(acc[i][j], bias[co]) : acc[i][j];
        }
    }
}

}  // namespace

// out[tOut, cout] = conv1d(x[t, cin], w[cout, cin, k], bias[cout] or null). Grid: ⌈tOut/64⌉ × ⌈cout/64⌉, 256 threads.
extern "C" __global__ void __launch_bounds__(256) conv1d_f32(const float* x, const float* w, const float* bias, float* out, int64_t t, int cin,
                                                            int64_t tOut, int cout, int k, int dilation, int padding, int stride) {
    Conv1dMap map{x, w, t, cin, k, dilation, padding, stride};
    implicit_gemm(map, bias, out, tOut, cout, k * cin);
}

// The rows q0 … q0 + rows − 1 of phase `phase` of out[tOut, cout] = convTranspose1d(x[t, cin], w[cin, cout, k], bias),
// each with `taps` taps. Grid: ⌈rows/64⌉ × ⌈cout/64⌉, 256 threads. With taps = 0 the rows get the bias (or 0).
extern "C" __global__ void __launch_bounds__(256) conv_transpose1d_f32(const float* x, const float* w, const float* bias, float* out, int64_t t,
                                                                      int cin, int cout, int k, int stride, int padding, int phase,
                                                                      int64_t q0, int64_t rows, int taps) {
    ConvTranspose1dMap map{x, w, t, q0, cin, cout, k, stride, padding, phase};
    implicit_gemm(map, bias, out, rows, cout, taps * cin);
}
