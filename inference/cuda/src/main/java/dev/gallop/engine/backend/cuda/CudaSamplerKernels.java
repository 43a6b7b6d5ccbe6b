package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;
import static dev.gallop.engine.backend.cuda.CudaKernels.ptrOrNull;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireF32;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireSameCount;

import dev.gallop.engine.backend.SamplerKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.UniPcTerms;
import dev.gallop.engine.backend.cuda.kernels.SamplerNatives;

/// The CUDA backend's [SamplerKernels] on natives/samplers.cu (rounded in the written order, no fused multiply-adds).
final class CudaSamplerKernels implements SamplerKernels {
    private final CudaContext c;

    CudaSamplerKernels(CudaDevice device, CudaContext c) { this.c = c; }

    private static long check(Tensor out, Tensor... in) {
        requireF32(out, "sampler out");
        for (Tensor t : in) {
            if (t == null) continue;
            requireF32(t, "sampler operand");
            requireSameCount(out, t, "sampler");
        }
        return out.numel();
    }

    @Override public void flowX0(Tensor out, Tensor x, Tensor v, float sigma) {
        long n = check(out, x, v);
        c.launch1d(SamplerNatives.FLOW_X0, n, a -> a.ptr(ptr(x)).ptr(ptr(v)).ptr(ptr(out)).i64(n).f32(sigma));
    }

    @Override public void distillStep(Tensor out, Tensor x, Tensor v, Tensor noise, float sigma, float sigmaNext) {
        long n = check(out, x, v, noise);
        c.launch1d(SamplerNatives.DISTILL_STEP, n, a -> a.ptr(ptr(x)).ptr(ptr(v)).ptr(ptr(noise)).ptr(ptr(out)).i64(n).f32(sigma).f32(sigmaNext));
    }

    @Override public void cfg(Tensor out, Tensor uncond, Tensor cond, float scale) {
        long n = check(out, uncond, cond);
        c.launch1d(SamplerNatives.CFG, n, a -> a.ptr(ptr(uncond)).ptr(ptr(cond)).ptr(ptr(out)).i64(n).f32(scale));
    }

    @Override public void uniPcPredict(Tensor out, Tensor xc, Tensor m, Tensor mPrev, UniPcTerms t) {
        long n = check(out, xc, m, mPrev);
        if (t.order() == 2 && mPrev == null) throw new IllegalArgumentException("uniPcPredict: order 2 needs the previous model output");
        c.launch1d(SamplerNatives.UNIPC_PREDICT, n, a -> a.ptr(ptr(xc)).ptr(ptr(m)).ptr(ptrOrNull(mPrev)).ptr(ptr(out)).i64(n)
                .i32(t.order()).f32(t.ratio()).f32(t.alphaPhi()).f32(t.alphaB()).f32(t.rho0()).f32(t.r()));
    }

    @Override public void uniPcCorrect(Tensor out, Tensor x, Tensor m1, Tensor m2, Tensor m, UniPcTerms t) {
        long n = check(out, x, m1, m2, m);
        if (t.order() == 2 && m2 == null) throw new IllegalArgumentException("uniPcCorrect: order 2 needs the model output before last");
        c.launch1d(SamplerNatives.UNIPC_CORRECT, n, a -> a.ptr(ptr(x)).ptr(ptr(m1)).ptr(ptrOrNull(m2)).ptr(ptr(m)).ptr(ptr(out)).i64(n)
                .i32(t.order()).f32(t.ratio()).f32(t.alphaPhi()).f32(t.alphaB()).f32(t.rho0()).f32(t.rhoLast()).f32(t.r()));
    }
}
