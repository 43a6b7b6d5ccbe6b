package dev.gallop.engine.backend.cpu;

import static dev.gallop.engine.backend.cpu.CpuElementwiseKernels.blocks;
import static dev.gallop.engine.backend.cpu.Seg.requireF32;

import dev.gallop.engine.backend.SamplerKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.UniPcTerms;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// The CPU's [SamplerKernels]. Every update is written once as a scalar expression and once with the Vector API
/// using the same operations in the same order (Java never contracts a·b + c into a fused multiply-add), so both
/// forms give the bits upstream's float32 PyTorch code gives.
final class CpuSamplerKernels implements SamplerKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final boolean vector;

    CpuSamplerKernels(boolean vector) { this.vector = vector; }

    private static void f32(Tensor... ts) {
        for (Tensor t : ts) if (t != null) requireF32(t, "sampler operand");
    }

    private int bound(int n) { return vector ? S.loopBound(n) : 0; }

    @Override public void flowX0(Tensor out, Tensor x, Tensor v, float sigma) {
        f32(out, x, v);
        blocks(out, (in, res, n) -> {
            float[] a = in[0], b = in[1];
            int i = 0;
            for (; i < bound(n); i += L) {
                FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, i).mul(sigma)).intoArray(res, i);
            }
            for (; i < n; i++) res[i] = a[i] - sigma * b[i];
        }, x, v);
    }

    @Override public void distillStep(Tensor out, Tensor x, Tensor v, Tensor noise, float sigma, float sigmaNext) {
        f32(out, x, v, noise);
        float keep = 1f - sigmaNext;
        blocks(out, (in, res, n) -> {
            float[] a = in[0], b = in[1], e = in[2];
            int i = 0;
            for (; i < bound(n); i += L) {
                FloatVector x0 = FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, i).mul(sigma));
                FloatVector.fromArray(S, e, i).mul(sigmaNext).add(x0.mul(keep)).intoArray(res, i);
            }
            for (; i < n; i++) {
                float x0 = a[i] - sigma * b[i];
                res[i] = sigmaNext * e[i] + keep * x0;
            }
        }, x, v, noise);
    }

    @Override public void cfg(Tensor out, Tensor uncond, Tensor cond, float scale) {
        f32(out, uncond, cond);
        blocks(out, (in, res, n) -> {
            float[] u = in[0], c = in[1];
            int i = 0;
            for (; i < bound(n); i += L) {
                FloatVector uv = FloatVector.fromArray(S, u, i);
                uv.add(FloatVector.fromArray(S, c, i).sub(uv).mul(scale)).intoArray(res, i);
            }
            for (; i < n; i++) res[i] = u[i] + scale * (c[i] - u[i]);
        }, uncond, cond);
    }

    @Override public void uniPcPredict(Tensor out, Tensor xc, Tensor m, Tensor mPrev, UniPcTerms c) {
        f32(out, xc, m, mPrev);
        boolean two = c.order() == 2;
        if (two && mPrev == null) throw new IllegalArgumentException("uniPcPredict: order 2 needs the previous model output");
        blocks(out, (in, res, n) -> {
            float[] x = in[0], mm = in[1], mp = in[2];
            int i = 0;
            for (; i < bound(n); i += L) {
                FloatVector mv = FloatVector.fromArray(S, mm, i);
                FloatVector base = FloatVector.fromArray(S, x, i).mul(c.ratio()).sub(mv.mul(c.alphaPhi()));
                FloatVector r = two ? FloatVector.fromArray(S, mp, i).sub(mv).div(c.r()).mul(c.rho0()) : FloatVector.zero(S);
                base.sub(r.mul(c.alphaB())).intoArray(res, i);
            }
            for (; i < n; i++) {
                float base = c.ratio() * x[i] - c.alphaPhi() * mm[i];
                float r = two ? c.rho0() * ((mp[i] - mm[i]) / c.r()) : 0f;
                res[i] = base - c.alphaB() * r;
            }
        }, xc, m, two ? mPrev : null);
    }

    @Override public void uniPcCorrect(Tensor out, Tensor x, Tensor m1, Tensor m2, Tensor m, UniPcTerms c) {
        f32(out, x, m1, m2, m);
        boolean two = c.order() == 2;
        if (two && m2 == null) throw new IllegalArgumentException("uniPcCorrect: order 2 needs the model output before last");
        blocks(out, (in, res, n) -> {
            float[] xs = in[0], a = in[1], b = in[2], mm = in[3];
            int i = 0;
            for (; i < bound(n); i += L) {
                FloatVector av = FloatVector.fromArray(S, a, i);
                FloatVector base = FloatVector.fromArray(S, xs, i).mul(c.ratio()).sub(av.mul(c.alphaPhi()));
                FloatVector corr = two ? FloatVector.fromArray(S, b, i).sub(av).div(c.r()).mul(c.rho0()) : FloatVector.zero(S);
                FloatVector last = FloatVector.fromArray(S, mm, i).sub(av).mul(c.rhoLast());
                base.sub(corr.add(last).mul(c.alphaB())).intoArray(res, i);
            }
            for (; i < n; i++) {
                float base = c.ratio() * xs[i] - c.alphaPhi() * a[i];
                float corr = two ? c.rho0() * ((b[i] - a[i]) / c.r()) : 0f;
                res[i] = base - c.alphaB() * (corr + c.rhoLast() * (mm[i] - a[i]));
            }
        }, x, m1, two ? m2 : null, m);
    }
}
