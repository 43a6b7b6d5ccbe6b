package dev.gallop.engine.backend.cpu;

import static dev.gallop.engine.backend.cpu.Seg.requireActivation;
import static dev.gallop.engine.backend.cpu.Seg.requireF32;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.TransformerShapes;
import dev.gallop.engine.backend.TransformerKernels;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// The CPU's [TransformerKernels]. Each kernel has a Vector API form and a scalar twin (`vector` picks one); the
/// twins are the reference the vector forms, and every other backend, are tested against.
final class CpuTransformerKernels implements TransformerKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ELEMENT_GRAIN = 1 << 14;

    private final boolean vector;

    CpuTransformerKernels(boolean vector) { this.vector = vector; }

    // ---------------------------------------------------------------- linear

    @Override public void linear(Tensor out, Tensor x, Tensor w, Tensor bias) {
        int m = TransformerShapes.linear("linear", out, x, w, bias);
        int k = x.shape().last(), n = w.shape().dim(0);
        MemorySegment xs = operand(x, w);
        long xo = xs == Seg.of(x) ? x.byteOffset() : 0;
        MemorySegment bs = bias == null ? null : Seg.of(bias);
        long bo = bias == null ? 0 : bias.byteOffset();
        if (out.dtype() == DType.F32) {
            Gemm.matmul(xs, xo, Seg.of(w), w.byteOffset(), w.dtype(), w.scalesView(), bs, bo, Seg.of(out), out.byteOffset(),
                    m, n, k, false, vector);
        } else {
            float[] res = new float[m * n];
            Gemm.matmul(xs, xo, Seg.of(w), w.byteOffset(), w.dtype(), w.scalesView(), bs, bo, MemorySegment.ofArray(res), 0,
                    m, n, k, false, vector);
            Seg.write(out, 0, res, 0, res.length);
        }
    }

    @Override public void linearAdd(Tensor out, Tensor x, Tensor w) {
        requireF32(out, "linearAdd out");
        int m = TransformerShapes.linear("linearAdd", out, x, w, null);
        MemorySegment xs = operand(x, w);
        long xo = xs == Seg.of(x) ? x.byteOffset() : 0;
        Gemm.matmul(xs, xo, Seg.of(w), w.byteOffset(), w.dtype(), w.scalesView(), null, 0, Seg.of(out), out.byteOffset(),
                m, w.shape().dim(0), x.shape().last(), false, true, vector);
    }

    /// x as the GEMM's f32 operand: in place for F32, widened for BF16; quantized per row to e4m3 (and dequantized,
    /// each value then exact in f32) when the weight is F8.
    private static MemorySegment operand(Tensor x, Tensor w) {
        if (w.dtype() != DType.F8_E4M3 && x.dtype() == DType.F32) return Seg.of(x);
        float[] v = Seg.floats(x);
        if (w.dtype() == DType.F8_E4M3) quantizeRowsE4m3(v, x.shape().last());
        return MemorySegment.ofArray(v);
    }

    /// Each row r of a [rows, k] array becomes e4m3(x / s_r)·s_r with s_r = max|x_r| / 448 (an all-zero row stays 0).
    static void quantizeRowsE4m3(float[] a, int k) {
        for (int r = 0; r < a.length / k; r++) {
            float max = 0f;
            for (int p = 0; p < k; p++) max = Math.max(max, Math.abs(a[r * k + p]));
            if (max == 0f) continue;
            float scale = max / 448f;
            for (int p = 0; p < k; p++) a[r * k + p] = Floats.e4m3ToFloat(Floats.floatToE4m3(a[r * k + p] / scale)) * scale;
        }
    }

    // ---------------------------------------------------------------- RMS norm

    @Override public void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) {
        int d = TransformerShapes.rmsNorm(out, x, gain);
        int rows = Math.toIntExact(x.shape().rows());
        float[] g = gain.toFloats();
        Parallel.range(rows, Math.max(1, ELEMENT_GRAIN / d), (r0, r1) -> {
            float[] row = new float[d];
            for (int r = r0; r < r1; r++) {
                Seg.read(x, (long) r * d, row, 0, d);
                if (vector) rmsRowVector(row, g, eps); else rmsRowScalar(row, g, eps);
                Seg.write(out, (long) r * d, row, 0, d);
            }
        });
    }

    static void rmsRowScalar(float[] row, float[] g, float eps) {
        float ss = 0f;
        for (float v : row) ss += v * v;
        float inv = (float) (1.0 / Math.sqrt(ss / row.length + eps));
        for (int i = 0; i < row.length; i++) row[i] = row[i] * inv * g[i];
    }

    static void rmsRowVector(float[] row, float[] g, float eps) {
        int d = row.length, i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i < S.loopBound(d); i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, row, i);
            acc = v.fma(v, acc);
        }
        float ss = dev.gallop.engine.backend.cpu.base.Lanes.sum(acc);
        for (; i < d; i++) ss += row[i] * row[i];
        float inv = (float) (1.0 / Math.sqrt(ss / d + eps));
        i = 0;
        for (; i < S.loopBound(d); i += S.length()) {
            FloatVector.fromArray(S, row, i).mul(inv).mul(FloatVector.fromArray(S, g, i)).intoArray(row, i);
        }
        for (; i < d; i++) row[i] = row[i] * inv * g[i];
    }

    // ---------------------------------------------------------------- RoPE

    @Override public void rope(Tensor x, Tensor sin, Tensor cos) {
        int half = TransformerShapes.rope(x, sin, cos);
        int m = x.shape().dim(0), h = x.shape().dim(1), d = x.shape().dim(2);
        float[] sn = sin.toFloats(), cs = cos.toFloats();
        boolean eagerBf16 = x.dtype() == DType.BF16;
        Parallel.range(m, Math.max(1, ELEMENT_GRAIN / (h * d)), (r0, r1) -> {
            float[] head = new float[d];
            for (int r = r0; r < r1; r++) {
                for (int hh = 0; hh < h; hh++) {
                    long off = ((long) r * h + hh) * d;
                    Seg.read(x, off, head, 0, d);
                    if (eagerBf16) ropeHeadBf16(head, sn, cs, r * half, half);
                    else if (vector) ropeHeadVector(head, sn, cs, r * half, half);
                    else ropeHeadScalar(head, sn, cs, r * half, half);
                    Seg.write(x, off, head, 0, d);
                }
            }
        });
    }

    static void ropeHeadScalar(float[] x, float[] sin, float[] cos, int t, int half) {
        for (int i = 0; i < half; i++) {
            float a = x[i], b = x[i + half], s = sin[t + i], c = cos[t + i];
            x[i] = a * c - b * s;
            x[i + half] = b * c + a * s;
        }
    }

    static void ropeHeadVector(float[] x, float[] sin, float[] cos, int t, int half) {
        int i = 0;
        for (; i < S.loopBound(half); i += S.length()) {
            FloatVector a = FloatVector.fromArray(S, x, i), b = FloatVector.fromArray(S, x, i + half);
            FloatVector s = FloatVector.fromArray(S, sin, t + i), c = FloatVector.fromArray(S, cos, t + i);
            a.mul(c).sub(b.mul(s)).intoArray(x, i);
            b.mul(c).add(a.mul(s)).intoArray(x, i + half);
        }
        for (; i < half; i++) {
            float a = x[i], b = x[i + half], s = sin[t + i], c = cos[t + i];
            x[i] = a * c - b * s;
            x[i + half] = b * c + a * s;
        }
    }

    /// A bf16 PyTorch run's `x·cos + rotate_half(x)·sin`: both products and the sum rounded to bf16.
    static void ropeHeadBf16(float[] x, float[] sin, float[] cos, int t, int half) {
        for (int i = 0; i < half; i++) {
            float a = x[i], b = x[i + half], s = sin[t + i], c = cos[t + i];
            x[i] = Floats.roundBf16(Floats.roundBf16(a * c) + Floats.roundBf16(-b * s));
            x[i + half] = Floats.roundBf16(Floats.roundBf16(b * c) + Floats.roundBf16(a * s));
        }
    }

    @Override public void qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, float eps, Tensor sin, Tensor cos) {
        int half = TransformerShapes.qkNormRope(out, qkv, col0, gain, sin, cos);
        int m = out.shape().dim(0), h = out.shape().dim(1), dh = out.shape().dim(2), w = qkv.shape().last();
        float[] g = gain.toFloats(), sn = sin.toFloats(), cs = cos.toFloats();
        Parallel.range(m, Math.max(1, ELEMENT_GRAIN / (h * dh)), (r0, r1) -> {
            float[] head = new float[dh];
            for (int r = r0; r < r1; r++) {
                for (int hh = 0; hh < h; hh++) {
                    Seg.read(qkv, (long) r * w + col0 + (long) hh * dh, head, 0, dh);
                    if (vector) {
                        rmsRowVector(head, g, eps);
                        ropeHeadVector(head, sn, cs, r * half, half);
                    } else {
                        rmsRowScalar(head, g, eps);
                        ropeHeadScalar(head, sn, cs, r * half, half);
                    }
                    Seg.write(out, ((long) r * h + hh) * dh, head, 0, dh);
                }
            }
        });
    }

    // ---------------------------------------------------------------- attention

    @Override public void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) {
        int[] dims = checkAttention(q, k, v);
        int m = dims[0], hq = dims[1], d = dims[2], n = dims[3], hkv = dims[4];
        requireActivation(out, "attention out");
        if (!out.shape().equals(q.shape())) throw new IllegalArgumentException("attention: out " + out.shape() + " should be " + q.shape());
        checkMask(spec.mask(), m, n);
        boolean bf16 = q.dtype() == DType.BF16;
        float[] qa = Seg.floats(q), ka = Seg.floats(k), va = Seg.floats(v);
        float[] res;
        if (spec.eager()) {
            res = EagerAttention.run(qa, ka, va, m, n, hq, hkv, d, spec.scale(), spec.softCap(), spec.mask(), bf16, vector,
                    EagerAttention.Taps.NONE);
        } else {
            res = fused(qa, ka, va, m, n, hq, hkv, d, spec, bf16);
        }
        Seg.write(out, 0, res, 0, res.length);
    }

    @Override public void attentionScores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) {
        int[] dims = checkAttention(q, k, k);
        int m = dims[0], hq = dims[1], d = dims[2], n = dims[3], hkv = dims[4];
        checkMask(spec.mask(), m, n);
        Shape dense = Shape.of(hq, m, n);
        for (Tensor t : new Tensor[] {logits, probs}) {
            if (t != null && !t.shape().equals(dense)) throw new IllegalArgumentException("attentionScores: " + t.shape() + " should be " + dense);
        }
        var taps = new EagerAttention.Taps(logits == null ? null : new float[hq * m * n], probs == null ? null : new float[hq * m * n]);
        float[] zeros = new float[n * hkv * d];
        EagerAttention.run(Seg.floats(q), Seg.floats(k), zeros, m, n, hq, hkv, d, spec.scale(), spec.softCap(), spec.mask(),
                q.dtype() == DType.BF16 && spec.eager(), vector, taps);
        if (logits != null) Seg.write(logits, 0, taps.logits(), 0, taps.logits().length);
        if (probs != null) Seg.write(probs, 0, taps.probs(), 0, taps.probs().length);
    }

    /// {M, Hq, D, N, Hkv} of checked attention operands.
    private static int[] checkAttention(Tensor q, Tensor k, Tensor v) {
        Shape qs = q.shape(), ks = k.shape();
        if (qs.rank() != 3 || ks.rank() != 3 || !ks.equals(v.shape()) || qs.dim(2) != ks.dim(2) || qs.dim(1) % ks.dim(1) != 0) {
            throw new IllegalArgumentException("attention: q " + qs + ", k " + ks + ", v " + v.shape()
                    + " (need q [M, Hq, D], k and v [N, Hkv, D] with Hq a multiple of Hkv)");
        }
        requireActivation(q, "attention q");
        if (k.dtype() != q.dtype() || v.dtype() != q.dtype()) {
            throw new IllegalArgumentException("attention: q, k and v must share a dtype, got " + q.dtype() + ", " + k.dtype() + ", " + v.dtype());
        }
        return new int[] {qs.dim(0), qs.dim(1), qs.dim(2), ks.dim(0), ks.dim(1)};
    }

    private static void checkMask(AttentionMask mask, int m, int n) {
        int covered = 0;
        for (int s = 0; s < mask.queryStart().length; s++) {
            covered += mask.queryEnd()[s] - mask.queryStart()[s];
            for (int r : mask.keyRanges()[s]) {
                if (r < 0 || r > n) throw new IllegalArgumentException("attention mask names key " + r + " of " + n);
            }
        }
        if (covered != m) throw new IllegalArgumentException("attention mask covers " + covered + " of " + m + " queries");
    }

    private float[] fused(float[] qa, float[] ka, float[] va, int m, int n, int hq, int hkv, int d, AttentionSpec spec, boolean bf16) {
        int group = hq / hkv;
        // Per kv head, contiguous [N, D] key and value panels.
        float[][] kh = new float[hkv][n * d], vh = new float[hkv][n * d];
        for (int j = 0; j < n; j++) {
            for (int g = 0; g < hkv; g++) {
                System.arraycopy(ka, (j * hkv + g) * d, kh[g], j * d, d);
                System.arraycopy(va, (j * hkv + g) * d, vh[g], j * d, d);
            }
        }
        float[] res = new float[m * hq * d];
        AttentionMask mask = spec.mask();
        if (vector) {
            BlockedAttention.run(qa, m, hq, d, kh, vh, n, spec.scale(), spec.softCap(), mask, bf16, res);
            return res;
        }
        for (int s = 0; s < mask.queryStart().length; s++) {
            int[] ranges = mask.keyRanges()[s];
            int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
            Parallel.range((q1 - q0) * hq, 8, (t0, t1) -> {
                float[] scores = new float[n];
                float[] acc = new float[d];
                for (int t = t0; t < t1; t++) {
                    int i = q0 + t / hq, h = t % hq, g = h / group;
                    int qo = (i * hq + h) * d;
                    attendScalar(qa, qo, kh[g], vh[g], d, ranges, spec.scale(), spec.softCap(), bf16, scores, acc);
                    System.arraycopy(acc, 0, res, qo, d);
                }
            });
        }
        if (bf16) for (int i = 0; i < res.length; i++) res[i] = Floats.roundBf16(res[i]);
        return res;
    }

    static void attendScalar(float[] q, int qo, float[] k, float[] v, int d, int[] ranges, float scale, float cap, boolean bf16,
                             float[] scores, float[] acc) {
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int j = ranges[r]; j < ranges[r + 1]; j++) {
                float s = 0f;
                for (int c = 0; c < d; c++) s += q[qo + c] * k[j * d + c];
                s *= scale;
                if (cap > 0) s = (float) Math.tanh(s / cap) * cap;
                scores[j] = s;
                max = Math.max(max, s);
            }
        }
        java.util.Arrays.fill(acc, 0f);
        float sum = 0f;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int j = ranges[r]; j < ranges[r + 1]; j++) {
                float p = (float) Math.exp(scores[j] - max);
                sum += p;
                if (bf16) p = Floats.roundBf16(p);
                for (int c = 0; c < d; c++) acc[c] += p * v[j * d + c];
            }
        }
        for (int c = 0; c < d; c++) acc[c] /= sum;
    }

    // ---------------------------------------------------------------- gating and activations

    @Override public void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0) {
        TransformerShapes.sigmoidGate(out, o, gates, col0);
        int m = o.shape().dim(0), h = o.shape().dim(1), d = o.shape().dim(2), w = gates.shape().last();
        Parallel.range(m, Math.max(1, ELEMENT_GRAIN / (h * d)), (r0, r1) -> {
            float[] row = new float[h * d], g = new float[h];
            for (int r = r0; r < r1; r++) {
                Seg.read(o, (long) r * h * d, row, 0, h * d);
                Seg.read(gates, (long) r * w + col0, g, 0, h);
                for (int hh = 0; hh < h; hh++) {
                    float s = sigmoid(g[hh]);
                    int c = 0, base = hh * d;
                    if (vector) {
                        for (; c < S.loopBound(d); c += S.length()) FloatVector.fromArray(S, row, base + c).mul(s).intoArray(row, base + c);
                    }
                    for (; c < d; c++) row[base + c] = row[base + c] * s;
                }
                Seg.write(out, (long) r * h * d, row, 0, h * d);
            }
        });
    }

    static float sigmoid(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }

    @Override public void swiglu7(Tensor out, Tensor up) {
        int inter = TransformerShapes.swiglu7(out, up), width = out.shape().last();
        long rows = out.shape().rows();
        Parallel.range(Math.toIntExact(rows), Math.max(1, ELEMENT_GRAIN / width), (r0, r1) -> {
            float[] in = new float[2 * inter], a = new float[inter], b = new float[inter], res = new float[width];
            float[] scratch = new float[S.length()];
            for (int r = r0; r < r1; r++) {
                Seg.read(up, 2L * r * inter, in, 0, 2 * inter);
                for (int j = 0; j < inter; j++) {
                    a[j] = in[2 * j];
                    b[j] = in[2 * j + 1];
                }
                if (vector) swigluVector(a, b, res, inter, scratch); else swigluScalar(a, b, res, inter);
                Seg.write(out, (long) r * width, res, 0, width);
            }
        });
    }

    /// out = min(a,7)·σ(1.702·min(a,7))·(clamp(b,−7,7) + 1) for j < n; out[n ..] stays 0.
    static void swigluScalar(float[] a, float[] b, float[] out, int n) {
        for (int j = 0; j < n; j++) {
            float x = Math.min(a[j], 7f);
            float y = Math.max(-7f, Math.min(b[j], 7f));
            out[j] = x * sigmoid(1.702f * x) * (y + 1f);
        }
    }

    static void swigluVector(float[] a, float[] b, float[] out, int n, float[] scratch) {
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, j).min(7f);
            FloatVector y = FloatVector.fromArray(S, b, j).max(-7f).min(7f);
            quickGelu(x, scratch).mul(y.add(1f)).intoArray(out, j);
        }
        for (; j < n; j++) {
            float x = Math.min(a[j], 7f), y = Math.max(-7f, Math.min(b[j], 7f));
            out[j] = x * sigmoid(1.702f * x) * (y + 1f);
        }
    }

    /// x·σ(1.702·x) = x / (1 + e^(−1.702·x)). The exponential is taken with scalar Math.exp: the Vector API's EXP
    /// differs by an ulp between its interpreted fallback and the compiled intrinsic, which would make a forward
    /// depend on JIT warm-up.
    private static FloatVector quickGelu(FloatVector x, float[] e) {
        x.intoArray(e, 0);
        for (int i = 0; i < e.length; i++) e[i] = (float) Math.exp(-1.702f * e[i]);
        return x.div(FloatVector.fromArray(S, e, 0).add(1f));
    }

    @Override public void gelu7(Tensor out, Tensor up) {
        int inter = TransformerShapes.gelu7(out, up), width = out.shape().last();
        long rows = out.shape().rows();
        Parallel.range(Math.toIntExact(rows), Math.max(1, ELEMENT_GRAIN / width), (r0, r1) -> {
            float[] in = new float[inter], res = new float[width], scratch = new float[S.length()];
            for (int r = r0; r < r1; r++) {
                Seg.read(up, (long) r * inter, in, 0, inter);
                int i = 0;
                if (vector) {
                    for (; i < S.loopBound(inter); i += S.length()) {
                        quickGelu(FloatVector.fromArray(S, in, i).min(7f), scratch).intoArray(res, i);
                    }
                }
                for (; i < inter; i++) {
                    float a = Math.min(in[i], 7f);
                    res[i] = a * sigmoid(1.702f * a);
                }
                Seg.write(out, (long) r * width, res, 0, width);
            }
        });
    }

    @Override public void geluTanhGlu(Tensor out, Tensor gate, Tensor up) {
        TransformerShapes.geluTanhGlu(out, gate, up);
        float[] res = GeluTanhGlu.apply(Seg.floats(gate), Seg.floats(up), out.dtype() == DType.BF16, vector);
        Seg.write(out, 0, res, 0, res.length);
    }
}
