package dev.gallop.engine.models.vae.ops;

import dev.gallop.engine.backend.cpu.base.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// Normalisations over the channel axis of a [C, T, H, W] volume, one value per position (t, y, x).
/// Sums of squares run over channels in order with fused multiply-adds; the vector path processes positions in
/// lanes, so it and the scalar twins give identical bits.
public final class ChannelNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1024;

    private ChannelNorm() {}

    /// Turbo-VAED's affine-free RMS norm: x · 1/√(mean_c x² + eps), all in f32.
    public static Volume rms(Volume x, float eps) {
        int c = x.c(), n = x.plane();
        float[] d = x.data(), o = new float[d.length];
        float fc = c;
        Parallel.range(n, GRAIN, (from, to) -> {
            int p = from;
            for (; p + L <= to; p += L) {
                FloatVector ss = FloatVector.zero(S);
                for (int ci = 0; ci < c; ci++) {
                    FloatVector v = FloatVector.fromArray(S, d, ci * n + p);
                    ss = v.fma(v, ss);
                }
                FloatVector r = FloatVector.broadcast(S, 1f).div(ss.div(fc).add(eps).lanewise(VectorOperators.SQRT));
                for (int ci = 0; ci < c; ci++) FloatVector.fromArray(S, d, ci * n + p).mul(r).intoArray(o, ci * n + p);
            }
            rmsScalar(d, o, c, n, fc, eps, p, to);
        });
        return new Volume(o, c, x.t(), x.h(), x.w());
    }

    /// The scalar twin of [#rms].
    public static Volume rmsScalar(Volume x, float eps) {
        float[] o = new float[x.data().length];
        rmsScalar(x.data(), o, x.c(), x.plane(), x.c(), eps, 0, x.plane());
        return new Volume(o, x.c(), x.t(), x.h(), x.w());
    }

    private static void rmsScalar(float[] d, float[] o, int c, int n, float fc, float eps, int from, int to) {
        for (int p = from; p < to; p++) {
            float ss = 0f;
            for (int ci = 0; ci < c; ci++) ss = Math.fma(d[ci * n + p], d[ci * n + p], ss);
            float r = 1f / (float) Math.sqrt(ss / fc + eps);
            for (int ci = 0; ci < c; ci++) o[ci * n + p] = d[ci * n + p] * r;
        }
    }

    /// Wan's RMS_norm: x / max(‖x‖₂ over channels, 1e-12) · √C · γ_c.
    public static Volume l2(Volume x, float[] gamma) {
        int c = x.c(), n = x.plane();
        if (gamma.length != c) throw new IllegalArgumentException("norm gain of " + gamma.length + " for " + x.shape());
        float[] d = x.data(), o = new float[d.length];
        float scale = (float) Math.sqrt(c);
        Parallel.range(n, GRAIN, (from, to) -> {
            int p = from;
            for (; p + L <= to; p += L) {
                FloatVector ss = FloatVector.zero(S);
                for (int ci = 0; ci < c; ci++) {
                    FloatVector v = FloatVector.fromArray(S, d, ci * n + p);
                    ss = v.fma(v, ss);
                }
                FloatVector den = ss.lanewise(VectorOperators.SQRT).max(1e-12f);
                for (int ci = 0; ci < c; ci++) {
                    FloatVector.fromArray(S, d, ci * n + p).div(den).mul(scale).mul(gamma[ci]).intoArray(o, ci * n + p);
                }
            }
            l2Scalar(d, o, gamma, c, n, scale, p, to);
        });
        return new Volume(o, c, x.t(), x.h(), x.w());
    }

    /// The scalar twin of [#l2].
    public static Volume l2Scalar(Volume x, float[] gamma) {
        float[] o = new float[x.data().length];
        l2Scalar(x.data(), o, gamma, x.c(), x.plane(), (float) Math.sqrt(x.c()), 0, x.plane());
        return new Volume(o, x.c(), x.t(), x.h(), x.w());
    }

    private static void l2Scalar(float[] d, float[] o, float[] gamma, int c, int n, float scale, int from, int to) {
        for (int p = from; p < to; p++) {
            float ss = 0f;
            for (int ci = 0; ci < c; ci++) ss = Math.fma(d[ci * n + p], d[ci * n + p], ss);
            float den = Math.max((float) Math.sqrt(ss), 1e-12f);
            for (int ci = 0; ci < c; ci++) o[ci * n + p] = d[ci * n + p] / den * scale * gamma[ci];
        }
    }
}
