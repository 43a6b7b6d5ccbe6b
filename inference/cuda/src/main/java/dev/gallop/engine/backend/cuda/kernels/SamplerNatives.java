package dev.gallop.engine.backend.cuda.kernels;

import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.F32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I32;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.I64;
import static dev.gallop.engine.backend.cuda.kernels.NativeKernel.Param.PTR;

/// The samplers' update kernels (natives/samplers.cu), f32, each operation rounded in the written order.
public final class SamplerNatives {
    private SamplerNatives() {}

    /// (x, v, out, n, sigma)
    public static final NativeKernel FLOW_X0 = NativeKernel.of("flow_x0_f32", PTR, PTR, PTR, I64, F32);
    /// (x, v, noise, out, n, sigma, sigmaNext)
    public static final NativeKernel DISTILL_STEP = NativeKernel.of("distill_step_f32", PTR, PTR, PTR, PTR, I64, F32, F32);
    /// (uncond, cond, out, n, scale)
    public static final NativeKernel CFG = NativeKernel.of("cfg_f32", PTR, PTR, PTR, I64, F32);
    /// (xc, m, mPrev, out, n, order, ratio, alphaPhi, alphaB, rho0, r)
    public static final NativeKernel UNIPC_PREDICT = NativeKernel.of("unipc_predict_f32", PTR, PTR, PTR, PTR, I64, I32, F32, F32, F32, F32, F32);
    /// (x, m1, m2, m, out, n, order, ratio, alphaPhi, alphaB, rho0, rhoLast, r)
    public static final NativeKernel UNIPC_CORRECT =
            NativeKernel.of("unipc_correct_f32", PTR, PTR, PTR, PTR, PTR, I64, I32, F32, F32, F32, F32, F32, F32);
}
