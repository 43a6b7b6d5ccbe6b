// The samplers' updates on device latents (SamplerKernels), in f32 with every product, sum and quotient rounded in
// the order the reference writes them (explicit __fmul_rn / __fadd_rn / __fsub_rn / __fdiv_rn: no contraction into
// fused multiply-adds), so a trajectory replays bit for bit on the GPU as on the CPU.
#include "common.cuh"
using namespace gallop;

#define MUL __fmul_rn
#define ADD __fadd_rn
#define SUB __fsub_rn
#define DIV __fdiv_rn

// out = x - sigma * v
extern "C" __global__ void flow_x0_f32(const float* x, const float* v, float* out, int64_t n, float sigma) {
    for (int64_t i = global_index(); i < n; i += global_stride()) out[i] = SUB(x[i], MUL(sigma, v[i]));
}

// out = sigmaNext * noise + (1 - sigmaNext) * (x - sigma * v)
extern "C" __global__ void distill_step_f32(const float* x, const float* v, const float* noise, float* out, int64_t n, float sigma,
                                            float sigmaNext) {
    float keep = SUB(1.0f, sigmaNext);
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        float x0 = SUB(x[i], MUL(sigma, v[i]));
        out[i] = ADD(MUL(sigmaNext, noise[i]), MUL(keep, x0));
    }
}

// out = u + s * (c - u)
extern "C" __global__ void cfg_f32(const float* u, const float* c, float* out, int64_t n, float s) {
    for (int64_t i = global_index(); i < n; i += global_stride()) out[i] = ADD(u[i], MUL(s, SUB(c[i], u[i])));
}

// out = ratio * xc - alphaPhi * m - alphaB * (rho0 * ((mPrev - m) / r)), the last term at order 2 only
extern "C" __global__ void unipc_predict_f32(const float* xc, const float* m, const float* mPrev, float* out, int64_t n, int order,
                                             float ratio, float alphaPhi, float alphaB, float rho0, float r) {
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        float base = SUB(MUL(ratio, xc[i]), MUL(alphaPhi, m[i]));
        float res = order == 2 ? MUL(rho0, DIV(SUB(mPrev[i], m[i]), r)) : 0.0f;
        out[i] = SUB(base, MUL(alphaB, res));
    }
}

// out = ratio * x - alphaPhi * m1 - alphaB * (rho0 * ((m2 - m1) / r) + rhoLast * (m - m1)), the rho0 term at order 2 only
extern "C" __global__ void unipc_correct_f32(const float* x, const float* m1, const float* m2, const float* m, float* out, int64_t n,
                                             int order, float ratio, float alphaPhi, float alphaB, float rho0, float rhoLast, float r) {
    for (int64_t i = global_index(); i < n; i += global_stride()) {
        float base = SUB(MUL(ratio, x[i]), MUL(alphaPhi, m1[i]));
        float corr = order == 2 ? MUL(rho0, DIV(SUB(m2[i], m1[i]), r)) : 0.0f;
        out[i] = SUB(base, MUL(alphaB, ADD(corr, MUL(rhoLast, SUB(m[i], m1[i])))));
    }
}
