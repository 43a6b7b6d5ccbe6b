package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.Floats;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// GeGLU with the tanh form of GELU: out = gelu_tanh(gate) · up, where
/// gelu_tanh(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), computed in f32.
/// In bf16 mode the GELU output and the product are each rounded to bf16 (a PyTorch bf16 run).
///
/// A CPU helper with a vector path and a scalar twin that give the same bits: the same operations in the same
/// order, and tanh taken with scalar `Math.tanh` in both (the Vector API's TANH differs between its interpreted
/// and compiled forms). Candidate for the Kernels SPI as a `gegluTanh` kernel.
final class GeluTanhGlu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float BETA = (float) Math.sqrt(2.0 / Math.PI);
    private static final float KAPPA = 0.044715f;
    private static final int GRAIN = 1 << 13;

    private GeluTanhGlu() {}

    static float gelu(float x) {
        float inner = BETA * (x + KAPPA * (x * x * x));
        float t = (float) Math.tanh(inner);
        return 0.5f * x * (1f + t);
    }

    /// out[i] = gelu_tanh(gate[i]) · up[i] over equal-length arrays.
    static float[] apply(float[] gate, float[] up, boolean bf16, boolean vector) {
        if (gate.length != up.length) throw new IllegalArgumentException("GeGLU: gate has " + gate.length + " values, up " + up.length);
        float[] out = new float[gate.length];
        int blocks = (gate.length + GRAIN - 1) / GRAIN;
        Parallel.range(blocks, 1, (b0, b1) -> {
            int from = b0 * GRAIN, to = Math.min(gate.length, b1 * GRAIN);
            if (vector) vectorRange(gate, up, out, from, to, bf16); else scalarRange(gate, up, out, from, to, bf16);
        });
        return out;
    }

    static void scalarRange(float[] gate, float[] up, float[] out, int from, int to, boolean bf16) {
        for (int i = from; i < to; i++) out[i] = combine(gelu(gate[i]), up[i], bf16);
    }

    static void vectorRange(float[] gate, float[] up, float[] out, int from, int to, boolean bf16) {
        int i = from;
        float[] t = new float[S.length()];
        for (; i + S.length() <= to; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, gate, i);
            x.mul(x).mul(x).mul(KAPPA).add(x).mul(BETA).intoArray(t, 0);
            for (int l = 0; l < t.length; l++) t[l] = (float) Math.tanh(t[l]);
            FloatVector g = x.mul(0.5f).mul(FloatVector.fromArray(S, t, 0).add(1f));
            if (bf16) {
                g.intoArray(t, 0);
                for (int l = 0; l < t.length; l++) out[i + l] = combine(t[l], up[i + l], true);
            } else {
                g.mul(FloatVector.fromArray(S, up, i)).intoArray(out, i);
            }
        }
        for (; i < to; i++) out[i] = combine(gelu(gate[i]), up[i], bf16);
    }

    private static float combine(float g, float u, boolean bf16) {
        return bf16 ? Floats.roundBf16(Floats.roundBf16(g) * u) : g * u;
    }
}
