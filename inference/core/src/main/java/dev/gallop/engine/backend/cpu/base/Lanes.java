package dev.gallop.engine.backend.cpu.base;

import jdk.incubator.vector.FloatVector;

/// Deterministic horizontal sums. `reduceLanes(ADD)` on floats may associate differently in the Vector API's
/// interpreted fallback and in its compiled intrinsic, so results would depend on JIT warm-up; our kernels must
/// give the same bits on every run.
public final class Lanes {
    private Lanes() {}

    /// Sum of the lanes of v, in lane order.
    public static float sum(FloatVector v) {
        float[] lanes = new float[v.length()];
        v.intoArray(lanes, 0);
        float s = 0f;
        for (float f : lanes) s += f;
        return s;
    }
}
