package dev.gallop.engine.models.vae.ops;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.base.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// Element-wise SiLU and ReLU. SiLU uses [VectorMath#expNonPositive] on −|x| (never the Vector API's EXP) and a
/// scalar replica of that polynomial, so the vector and scalar paths give identical bits:
/// σ(x) = 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) for x < 0; silu(x) = x·σ(x).
public final class Activations {
    private static final VectorSpecies<Float> S = VectorMath.species();
    private static final int L = S.length();
    private static final int GRAIN = 4096;

    private Activations() {}

    public static Volume silu(Volume x) {
        float[] d = x.data(), o = new float[d.length];
        Parallel.range(d.length, GRAIN, (from, to) -> {
            int i = from;
            for (; i + L <= to; i += L) {
                FloatVector v = FloatVector.fromArray(S, d, i);
                FloatVector e = VectorMath.expNonPositive(v.abs().neg());
                FloatVector onePlus = e.add(1f);
                FloatVector sig = FloatVector.broadcast(S, 1f).div(onePlus).blend(e.div(onePlus), v.compare(VectorOperators.LT, 0f));
                v.mul(sig).intoArray(o, i);
            }
            for (; i < to; i++) o[i] = silu(d[i]);
        });
        return new Volume(o, x.c(), x.t(), x.h(), x.w());
    }

    /// The scalar twin of [#silu].
    public static Volume siluScalar(Volume x) {
        float[] d = x.data(), o = new float[d.length];
        for (int i = 0; i < d.length; i++) o[i] = silu(d[i]);
        return new Volume(o, x.c(), x.t(), x.h(), x.w());
    }

    static float silu(float x) {
        float e = expNonPositive(-Math.abs(x));
        float onePlus = e + 1f;
        float sig = x < 0f ? e / onePlus : 1f / onePlus;
        return x * sig;
    }

    public static Volume relu(Volume x) {
        float[] d = x.data(), o = new float[d.length];
        Parallel.range(d.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) o[i] = Math.max(d[i], 0f);
        });
        return new Volume(o, x.c(), x.t(), x.h(), x.w());
    }

    /// Scalar replica of [VectorMath#expNonPositive], operation for operation.
    static float expNonPositive(float x) {
        if (x < -87f) return 0f;
        float nf = Math.fma(x, 1.44269504088896341f, 12582912f) - 12582912f;
        float r = Math.fma(nf, -0.693359375f, x);
        r = Math.fma(nf, 2.12194440e-4f, r);
        float p = 1.3888889e-3f;
        p = Math.fma(p, r, 8.3333333e-3f);
        p = Math.fma(p, r, 4.1666667e-2f);
        p = Math.fma(p, r, 1.6666667e-1f);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) nf + 127) << 23);
    }
}
