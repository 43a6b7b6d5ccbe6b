package dev.gallop.engine.models.vae.ops;

import dev.gallop.engine.backend.cpu.base.Lanes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// Single-head self-attention over the H·W positions of each frame, as in Wan's middle block:
/// q, k, v = the channel thirds [0, C), [C, 2C), [2C, 3C) of a [3C, T, H, W] projection; out = softmax(q·kᵀ/√C)·v,
/// returned as [C, T, H, W]. Dot products run over channels in vector lanes and are summed with [Lanes#sum]
/// (deterministic); the softmax uses the deterministic exponential of [Activations].
public final class SpatialAttention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SpatialAttention() {}

    public static Volume forward(Volume qkv) {
        return run(qkv, true);
    }

    /// The scalar twin: plain sequential sums (agrees with [#forward] to rounding, not bit for bit).
    public static Volume forwardScalar(Volume qkv) {
        return run(qkv, false);
    }

    private static Volume run(Volume qkv, boolean vector) {
        if (qkv.c() % 3 != 0) throw new IllegalArgumentException("attention needs 3C channels, got " + qkv.shape());
        int c = qkv.c() / 3, t = qkv.t(), n = qkv.frame();
        int cp = vector ? (c + L - 1) / L * L : c;              // channel rows padded with zeros to whole vectors
        float scale = (float) (1.0 / Math.sqrt(c));
        Volume out = Volume.zeros(c, t, qkv.h(), qkv.w());
        float[] d = qkv.data(), o = out.data();
        for (int f = 0; f < t; f++) {
            float[] q = tokens(d, 0, c, cp, f, t, n), k = tokens(d, c, c, cp, f, t, n), v = tokens(d, 2 * c, c, cp, f, t, n);
            int frame = f;
            Parallel.range(n, 8, (from, to) -> {
                float[] p = new float[n], acc = new float[cp];
                for (int i = from; i < to; i++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        p[j] = (vector ? dotVector(q, i * cp, k, j * cp, cp) : dotScalar(q, i * cp, k, j * cp, cp)) * scale;
                        max = Math.max(max, p[j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j < n; j++) {
                        p[j] = Activations.expNonPositive(p[j] - max);
                        sum += p[j];
                    }
                    java.util.Arrays.fill(acc, 0f);
                    for (int j = 0; j < n; j++) {
                        float pj = p[j] / sum;
                        if (vector) {
                            for (int ch = 0; ch < cp; ch += L) {
                                FloatVector.fromArray(S, v, j * cp + ch).fma(FloatVector.broadcast(S, pj), FloatVector.fromArray(S, acc, ch)).intoArray(acc, ch);
                            }
                        } else {
                            for (int ch = 0; ch < c; ch++) acc[ch] = Math.fma(v[j * cp + ch], pj, acc[ch]);
                        }
                    }
                    for (int ch = 0; ch < c; ch++) o[(ch * t + frame) * n + i] = acc[ch];
                }
            });
        }
        return out;
    }

    /// Tokens [n, cp] of channels [c0, c0 + c) at frame f, zero-padded to cp channels.
    private static float[] tokens(float[] d, int c0, int c, int cp, int f, int t, int n) {
        float[] out = new float[n * cp];
        for (int ch = 0; ch < c; ch++) {
            int src = ((c0 + ch) * t + f) * n;
            for (int i = 0; i < n; i++) out[i * cp + ch] = d[src + i];
        }
        return out;
    }

    private static float dotVector(float[] a, int ao, float[] b, int bo, int len) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < len; i += L) acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        return Lanes.sum(acc);
    }

    private static float dotScalar(float[] a, int ao, float[] b, int bo, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) s = Math.fma(a[ao + i], b[bo + i], s);
        return s;
    }
}
