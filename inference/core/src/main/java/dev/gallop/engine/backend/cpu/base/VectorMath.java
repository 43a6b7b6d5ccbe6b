package dev.gallop.engine.backend.cpu.base;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// Deterministic vector math built only from IEEE add/mul/fma and bit operations, so the interpreted fallback and
/// the compiled intrinsics give identical bits (unlike the Vector API's EXP).
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f;   // 1.5·2²³: adding it rounds to an integer

    private VectorMath() {}

    public static VectorSpecies<Float> species() { return S; }

    /// e^x for x ≤ 0 down to −87 (softmax arguments): Cody–Waite reduction to r ∈ [−ln2/2, ln2/2], a degree-6
    /// polynomial, and a 2ⁿ scale built in the exponent bits. Max relative error ≈ 2 ulp; values below −87 give 0.
    public static FloatVector expNonPositive(FloatVector x) {
        var tiny = x.compare(VectorOperators.LT, -87f);
        FloatVector xc = x.max(-87f);
        FloatVector nf = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC)).sub(ROUND_MAGIC);
        FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1.3888889e-3f);                      // 1/720
        p = p.fma(r, FloatVector.broadcast(S, 8.3333333e-3f));                      // 1/120
        p = p.fma(r, FloatVector.broadcast(S, 4.1666667e-2f));                      // 1/24
        p = p.fma(r, FloatVector.broadcast(S, 1.6666667e-1f));                      // 1/6
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector n = (IntVector) nf.convert(VectorOperators.F2I, 0);
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, tiny);
    }

    /// The scalar replica of [#expNonPositive(FloatVector)], operation for operation (identical bits).
    public static float expNonPositive(float x) {
        if (x < -87f) return 0f;
        float nf = Math.fma(x, LOG2E, ROUND_MAGIC) - ROUND_MAGIC;
        float r = Math.fma(nf, -LN2_HI, x);
        r = Math.fma(nf, -LN2_LO, r);
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
