package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.cpu.base.Lanes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.Floats;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// Attention as transformers' eager path computes it, with the optional logit soft-cap that the engine's attention
/// kernel lacks: per query head h and query i, over the keys the mask lets i see,
/// `s = (q·k)·scale`, then `s = c·tanh(s / c)` when a cap c is given, `p = softmax(s)` in f32, `o = Σ p·v`.
/// GQA: query head h reads kv head h / (Hq / Hkv).
///
/// In bf16 mode the rounding points of a PyTorch bf16 eager run: the q·k product, the scaled logit, each step of
/// the cap, the normalised probabilities and the output are rounded to bf16.
///
/// The CPU's eager attention ([dev.gallop.engine.backend.AttentionSpec#eager()]), with a vector path (dot products and
/// the P·V sum on the Vector API) and a scalar twin.
final class EagerAttention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private EagerAttention() {}

    /// Optional dense outputs for traces: logits [Hq, M, N] (q·k·scale for every pair, before cap and mask) and
    /// probabilities [Hq, M, N] (masked entries 0). Either may be null.
    record Taps(float[] logits, float[] probs) {
        static final Taps NONE = new Taps(null, null);
    }

    /// q [M, Hq, D], k and v [N, Hkv, D]; cap ≤ 0 means no cap. Returns o [M, Hq, D].
    static float[] run(float[] q, float[] k, float[] v, int m, int n, int heads, int kvHeads, int d, float scale, float cap,
                       AttentionMask mask, boolean bf16, boolean vector, Taps taps) {
        if (heads % kvHeads != 0) throw new IllegalArgumentException("query heads " + heads + " not a multiple of kv heads " + kvHeads);
        if (q.length != m * heads * d || k.length != n * kvHeads * d || v.length != k.length) {
            throw new IllegalArgumentException("eager attention: q " + q.length + ", k " + k.length + ", v " + v.length
                    + " values for M=" + m + " N=" + n + " Hq=" + heads + " Hkv=" + kvHeads + " D=" + d);
        }
        int[][] keyRanges = new int[m][];
        for (int s = 0; s < mask.queryStart().length; s++) {
            for (int i = mask.queryStart()[s]; i < mask.queryEnd()[s]; i++) keyRanges[i] = mask.keyRanges()[s];
        }
        for (int i = 0; i < m; i++) {
            if (keyRanges[i] == null) throw new IllegalArgumentException("attention mask leaves query " + i + " of " + m + " without keys");
        }
        int tokens = m;
        float[] out = new float[tokens * heads * d];
        int group = heads / kvHeads;
        Parallel.range(heads * tokens, 4, (t0, t1) -> {
            float[] s = new float[n], acc = new float[d];
            boolean[] seen = new boolean[n];
            for (int t = t0; t < t1; t++) {
                int h = t / tokens, i = t % tokens, g = h / group;
                int qo = (i * heads + h) * d;
                int[] ranges = keyRanges[i];
                if (taps.logits() != null) {
                    for (int j = 0; j < n; j++) {
                        taps.logits()[(h * tokens + i) * n + j] = logit(q, qo, k, (j * kvHeads + g) * d, d, scale, bf16, vector);
                    }
                }
                float max = Float.NEGATIVE_INFINITY;
                java.util.Arrays.fill(seen, false);
                for (int r = 0; r < ranges.length; r += 2) {
                    for (int j = ranges[r]; j < ranges[r + 1]; j++) {
                        float x = logit(q, qo, k, (j * kvHeads + g) * d, d, scale, bf16, vector);
                        if (cap > 0) x = softCap(x, cap, bf16);
                        s[j] = x;
                        seen[j] = true;
                        max = Math.max(max, x);
                    }
                }
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    if (!seen[j]) continue;
                    float p = (float) Math.exp(s[j] - max);
                    s[j] = p;
                    sum += p;
                }
                java.util.Arrays.fill(acc, 0f);
                for (int j = 0; j < n; j++) {
                    if (!seen[j]) continue;
                    float p = s[j] / sum;
                    if (bf16) p = Floats.roundBf16(p);
                    if (taps.probs() != null) taps.probs()[(h * tokens + i) * n + j] = p;
                    int vo = (j * kvHeads + g) * d;
                    if (vector) accumulateVector(acc, p, v, vo); else accumulateScalar(acc, p, v, vo);
                }
                for (int c = 0; c < d; c++) out[qo + c] = bf16 ? Floats.roundBf16(acc[c]) : acc[c];
            }
        });
        return out;
    }

    /// c·tanh(x / c), each step rounded to bf16 in bf16 mode.
    static float softCap(float x, float cap, boolean bf16) {
        if (!bf16) return (float) Math.tanh(x / cap) * cap;
        float y = Floats.roundBf16(x / cap);
        y = Floats.roundBf16((float) Math.tanh(y));
        return Floats.roundBf16(y * cap);
    }

    private static float logit(float[] q, int qo, float[] k, int ko, int d, float scale, boolean bf16, boolean vector) {
        float dot = vector ? dotVector(q, qo, k, ko, d) : dotScalar(q, qo, k, ko, d);
        if (!bf16) return dot * scale;
        return Floats.roundBf16(Floats.roundBf16(dot) * scale);
    }

    static float dotScalar(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0f;
        for (int c = 0; c < n; c++) s += a[ao + c] * b[bo + c];
        return s;
    }

    static float dotVector(float[] a, int ao, float[] b, int bo, int n) {
        int c = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; c < S.loopBound(n); c += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc);
        }
        float s = Lanes.sum(acc);
        for (; c < n; c++) s += a[ao + c] * b[bo + c];
        return s;
    }

    static void accumulateScalar(float[] acc, float p, float[] v, int vo) {
        for (int c = 0; c < acc.length; c++) acc[c] += p * v[vo + c];
    }

    /// Same bits as the scalar twin: acc + (p·v) with separate rounding, lane by lane.
    static void accumulateVector(float[] acc, float p, float[] v, int vo) {
        int c = 0, n = acc.length;
        for (; c < S.loopBound(n); c += S.length()) {
            FloatVector.fromArray(S, acc, c).add(FloatVector.fromArray(S, v, vo + c).mul(p)).intoArray(acc, c);
        }
        for (; c < n; c++) acc[c] += p * v[vo + c];
    }
}
