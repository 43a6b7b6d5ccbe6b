package dev.gallop.engine.backend.cpu.sequence;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// sin(x) in f32 from IEEE add, multiply, fused multiply-add and bit operations only, as a vector function and its
/// operation-for-operation scalar replica (identical bits, on every JIT tier; decision 0004 keeps the Vector API's
/// own SIN out of the kernels).
///
/// k = nearest integer to x·2/π; r = x − k·π/2 with π/2 split into three floats (each step a fused multiply-add), so
/// |r| ≤ π/4 + ε; then the Taylor polynomials of sin r (to r⁹) and cos r (to r¹⁰), whose truncation errors at π/4
/// are below 3e-9, picked and signed by k mod 4. Within a few ulp of the exact sine for |x| ≤ [#LIMIT]; larger
/// arguments (and infinities) are passed to `Math.sin`.
final class Sine {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /// Largest |x| reduced here (k ≤ 2¹⁴: the three-part reduction stays far below an ulp of r).
    static final float LIMIT = 25_000f;

    private static final float TWO_OVER_PI = (float) (2 / Math.PI);
    private static final float ROUND = 12582912f;   // 1.5·2²³: adding it rounds to an integer
    private static final float P1 = (float) (Math.PI / 2);
    private static final float P2 = (float) (Math.PI / 2 - P1);
    private static final float P3 = (float) (Math.PI / 2 - P1 - (double) P2);
    private static final float S1 = (float) (-1.0 / 6), S2 = (float) (1.0 / 120), S3 = (float) (-1.0 / 5040), S4 = (float) (1.0 / 362880);
    private static final float C1 = (float) (1.0 / 24), C2 = (float) (-1.0 / 720), C3 = (float) (1.0 / 40320), C4 = (float) (-1.0 / 3628800);

    private Sine() {}

    static FloatVector sin(FloatVector x) {
        FloatVector k = x.fma(TWO_OVER_PI, ROUND).sub(ROUND);
        FloatVector r = k.fma(b(-P1), x);
        r = k.fma(b(-P2), r);
        r = k.fma(b(-P3), r);
        FloatVector z = r.mul(r);
        FloatVector ps = z.fma(S4, S3).fma(z, b(S2)).fma(z, b(S1));
        FloatVector sinR = ps.fma(z.mul(r), r);
        FloatVector pc = z.fma(C4, C3).fma(z, b(C2)).fma(z, b(C1)).fma(z, b(-0.5f));
        FloatVector cosR = pc.fma(z, b(1f));
        IntVector q = (IntVector) k.convert(VectorOperators.F2I, 0);
        VectorMask<Float> odd = q.and(1).compare(VectorOperators.NE, 0).cast(S);
        VectorMask<Float> negative = q.and(2).compare(VectorOperators.NE, 0).cast(S);
        FloatVector v = sinR.blend(cosR, odd);
        v = v.blend(v.neg(), negative);
        VectorMask<Float> large = x.abs().compare(VectorOperators.GT, LIMIT);
        if (large.anyTrue()) {
            float[] a = new float[S.length()], out = new float[S.length()];
            x.intoArray(a, 0);
            v.intoArray(out, 0);
            for (int i = 0; i < a.length; i++) if (large.laneIsSet(i)) out[i] = (float) Math.sin(a[i]);
            v = FloatVector.fromArray(S, out, 0);
        }
        return v;
    }

    private static FloatVector b(float v) { return FloatVector.broadcast(S, v); }

    /// The scalar replica of [#sin(FloatVector)].
    static float sin(float x) {
        if (Math.abs(x) > LIMIT) return (float) Math.sin(x);
        float k = Math.fma(x, TWO_OVER_PI, ROUND) - ROUND;
        float r = Math.fma(k, -P1, x);
        r = Math.fma(k, -P2, r);
        r = Math.fma(k, -P3, r);
        float z = r * r;
        float ps = Math.fma(Math.fma(Math.fma(z, S4, S3), z, S2), z, S1);
        float sinR = Math.fma(ps, z * r, r);
        float pc = Math.fma(Math.fma(Math.fma(Math.fma(z, C4, C3), z, C2), z, C1), z, -0.5f);
        float cosR = Math.fma(pc, z, 1f);
        int q = (int) k;
        float v = (q & 1) != 0 ? cosR : sinR;
        return (q & 2) != 0 ? -v : v;
    }
}
