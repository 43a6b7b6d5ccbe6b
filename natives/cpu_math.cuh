// The CPU backend's math functions, operation for operation, for kernels that must give the CPU scalar twins' bits.
// Included by common.cuh; plain enough for the kernels' CPU emulation in the CUDA backend's tests to include too
// (it needs fmaf, __fsub_rn, __fmul_rn and __int_as_float).
#pragma once

namespace gallop {

// e^x for x <= 0: VectorMath.expNonPositive (Cody-Waite reduction, degree-6 polynomial with fused multiply-adds, 2^n
// built in the exponent bits); 0 below -87.
__device__ __forceinline__ float exp_non_positive(float x) {
    if (x < -87.0f) return 0.0f;
    float nf = __fsub_rn(fmaf(x, 1.44269504088896341f, 12582912.0f), 12582912.0f);
    float r = fmaf(nf, -0.693359375f, x);
    r = fmaf(nf, 2.12194440e-4f, r);
    float p = 1.3888889e-3f;
    p = fmaf(p, r, 8.3333333e-3f);
    p = fmaf(p, r, 4.1666667e-2f);
    p = fmaf(p, r, 1.6666667e-1f);
    p = fmaf(p, r, 0.5f);
    p = fmaf(p, r, 1.0f);
    p = fmaf(p, r, 1.0f);
    return __fmul_rn(p, __int_as_float(((int) nf + 127) << 23));
}

}  // namespace gallop
