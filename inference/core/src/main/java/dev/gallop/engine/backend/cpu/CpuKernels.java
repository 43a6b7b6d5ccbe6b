package dev.gallop.engine.backend.cpu;

import static dev.gallop.engine.backend.cpu.Seg.F32;
import static dev.gallop.engine.backend.cpu.Seg.LE;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.base.Lanes;
import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/// CPU implementations of [Kernels]. Every kernel has a Vector API form and a scalar twin; `vector` picks one.
/// The scalar twins are the reference the vector forms are tested against.
public final class CpuKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ELEMENT_GRAIN = 1 << 14;

    private final boolean vector;

    CpuKernels(boolean vector) { this.vector = vector; }

    public boolean vectorized() { return vector; }

    // ---------------------------------------------------------------- linear

    @Override public void linear(Tensor out, Tensor x, Tensor w, Tensor bias, boolean bf16) {
        requireF32(out, "linear out");
        requireF32(x, "linear x");
        int k = x.shape().last(), n = w.shape().dim(0), m = (int) x.shape().rows();
        if (w.shape().rank() != 2 || w.shape().dim(1) != k) {
            throw new IllegalArgumentException("linear: weight " + w.shape() + " does not take inputs of width " + k + " (x " + x.shape() + ")");
        }
        if (out.shape().last() != n || out.shape().rows() != m) {
            throw new IllegalArgumentException("linear: output " + out.shape() + " should be [" + m + ", " + n + "]");
        }
        if (bias != null && (bias.dtype() != DType.F32 || bias.numel() != n)) {
            throw new IllegalArgumentException("linear: bias " + bias.dtype() + bias.shape() + " should be F32 [" + n + "]");
        }
        Gemm.matmul(Seg.of(x), x.byteOffset(), Seg.of(w), w.byteOffset(), w.dtype(), w.scalesView(),
                bias == null ? null : Seg.of(bias), bias == null ? 0 : bias.byteOffset(),
                Seg.of(out), out.byteOffset(), m, n, k, bf16, vector);
    }

    // ---------------------------------------------------------------- RMS norm

    @Override public void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) {
        requireF32(out, "rmsNorm out");
        requireF32(x, "rmsNorm x");
        requireF32(gain, "rmsNorm gain");
        int d = x.shape().last();
        int rows = (int) x.shape().rows();
        if (gain.numel() != d || out.numel() != x.numel()) {
            throw new IllegalArgumentException("rmsNorm: x " + x.shape() + ", gain " + gain.shape() + ", out " + out.shape());
        }
        float[] g = gain.toFloats();
        MemorySegment xs = Seg.of(x), os = Seg.of(out);
        long xo = x.byteOffset(), oo = out.byteOffset();
        Parallel.range(rows, Math.max(1, ELEMENT_GRAIN / d), (r0, r1) -> {
            float[] row = new float[d];
            for (int r = r0; r < r1; r++) {
                MemorySegment.copy(xs, F32, xo + 4L * r * d, row, 0, d);
                if (vector) rmsRowVector(row, g, eps); else rmsRowScalar(row, g, eps);
                MemorySegment.copy(row, 0, os, F32, oo + 4L * r * d, d);
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
        float ss = Lanes.sum(acc);
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
        requireF32(x, "rope x");
        if (x.shape().rank() != 3) throw new IllegalArgumentException("rope: x must be [M, H, D], got " + x.shape());
        int m = x.shape().dim(0), h = x.shape().dim(1), d = x.shape().dim(2), half = sin.shape().last();
        if (sin.shape().dim(0) != m || !cos.shape().equals(sin.shape()) || 2 * half > d) {
            throw new IllegalArgumentException("rope: x " + x.shape() + " with tables " + sin.shape() + " / " + cos.shape());
        }
        MemorySegment xs = Seg.of(x);
        long xo = x.byteOffset();
        float[] sn = sin.toFloats(), cs = cos.toFloats();
        Parallel.range(m, Math.max(1, ELEMENT_GRAIN / (h * d)), (r0, r1) -> {
            float[] head = new float[d];
            for (int r = r0; r < r1; r++) {
                for (int hh = 0; hh < h; hh++) {
                    long off = xo + 4L * ((long) r * h + hh) * d;
                    MemorySegment.copy(xs, F32, off, head, 0, d);
                    if (vector) ropeHeadVector(head, sn, cs, r * half, half); else ropeHeadScalar(head, sn, cs, r * half, half);
                    MemorySegment.copy(head, 0, xs, F32, off, d);
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

    // ---------------------------------------------------------------- attention

    @Override public void attention(Tensor out, Tensor q, Tensor k, Tensor v, float scale, AttentionMask mask, boolean bf16) {
        requireF32(out, "attention out");
        Shape qs = q.shape(), ks = k.shape();
        if (qs.rank() != 3 || ks.rank() != 3 || !ks.equals(v.shape()) || qs.dim(2) != ks.dim(2) || qs.dim(1) % ks.dim(1) != 0) {
            throw new IllegalArgumentException("attention: q " + qs + ", k " + ks + ", v " + v.shape());
        }
        int m = qs.dim(0), hq = qs.dim(1), d = qs.dim(2), n = ks.dim(0), hkv = ks.dim(1), group = hq / hkv;
        float[] qa = q.toFloats(), ka = k.toFloats(), va = v.toFloats();
        // Per kv head, contiguous [N, D] key and value panels.
        float[][] kh = new float[hkv][n * d], vh = new float[hkv][n * d];
        for (int j = 0; j < n; j++) {
            for (int g = 0; g < hkv; g++) {
                System.arraycopy(ka, (j * hkv + g) * d, kh[g], j * d, d);
                System.arraycopy(va, (j * hkv + g) * d, vh[g], j * d, d);
            }
        }
        float[] res = new float[m * hq * d];
        int covered = 0;
        for (int s = 0; s < mask.queryStart().length; s++) covered += mask.queryEnd()[s] - mask.queryStart()[s];
        if (covered != m) throw new IllegalArgumentException("attention mask covers " + covered + " of " + m + " queries");
        if (vector) {
            BlockedAttention.run(qa, m, hq, d, kh, vh, n, scale, mask, bf16, res);
        } else {
            for (int s = 0; s < mask.queryStart().length; s++) {
                int[] ranges = mask.keyRanges()[s];
                int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
                Parallel.range((q1 - q0) * hq, 8, (t0, t1) -> {
                    float[] scores = new float[n];
                    float[] acc = new float[d];
                    for (int t = t0; t < t1; t++) {
                        int i = q0 + t / hq, h = t % hq, g = h / group;
                        int qo = (i * hq + h) * d;
                        attendScalar(qa, qo, kh[g], vh[g], d, ranges, scale, bf16, scores, acc);
                        System.arraycopy(acc, 0, res, qo, d);
                    }
                });
            }
            if (bf16) for (int i = 0; i < res.length; i++) res[i] = Floats.roundBf16(res[i]);
        }
        Seg.write(out, 0, res, 0, res.length);
    }

    static void attendScalar(float[] q, int qo, float[] k, float[] v, int d, int[] ranges, float scale, boolean bf16,
                             float[] scores, float[] acc) {
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int j = ranges[r]; j < ranges[r + 1]; j++) {
                float s = 0f;
                for (int c = 0; c < d; c++) s += q[qo + c] * k[j * d + c];
                s *= scale;
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

    @Override public void sigmoidGate(Tensor out, Tensor o, Tensor gates) {
        requireF32(out, "gate out");
        int m = o.shape().dim(0), h = o.shape().dim(1), d = o.shape().dim(2);
        if (gates.numel() != (long) m * h || out.numel() != o.numel()) {
            throw new IllegalArgumentException("sigmoidGate: o " + o.shape() + ", gates " + gates.shape() + ", out " + out.shape());
        }
        float[] g = gates.toFloats();
        MemorySegment os = Seg.of(o), ds = Seg.of(out);
        long oo = o.byteOffset(), dd = out.byteOffset();
        Parallel.range(m * h, Math.max(1, ELEMENT_GRAIN / d), (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                float s = sigmoid(g[t]);
                long off = 4L * t * d;
                int c = 0;
                if (vector) {
                    for (; c < S.loopBound(d); c += S.length()) {
                        FloatVector.fromMemorySegment(S, os, oo + off + 4L * c, LE).mul(s).intoMemorySegment(ds, dd + off + 4L * c, LE);
                    }
                }
                for (; c < d; c++) ds.set(F32, dd + off + 4L * c, os.get(F32, oo + off + 4L * c) * s);
            }
        });
    }

    static float sigmoid(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }

    @Override public void swiglu7(Tensor out, Tensor up) {
        requireF32(out, "swiglu7 out");
        int width = out.shape().last(), rows = (int) out.shape().rows();
        if (up.shape().last() != 2 * width || up.shape().rows() != rows) {
            throw new IllegalArgumentException("swiglu7: up " + up.shape() + " must be twice as wide as out " + out.shape());
        }
        MemorySegment us = Seg.of(up), os = Seg.of(out);
        long uo = up.byteOffset(), oo = out.byteOffset();
        Parallel.range(rows, Math.max(1, ELEMENT_GRAIN / width), (r0, r1) -> {
            float[] in = new float[2 * width], a = new float[width], b = new float[width], res = new float[width];
            float[] scratch = new float[S.length()];
            for (int r = r0; r < r1; r++) {
                MemorySegment.copy(us, F32, uo + 8L * r * width, in, 0, 2 * width);
                for (int j = 0; j < width; j++) {
                    a[j] = in[2 * j];
                    b[j] = in[2 * j + 1];
                }
                if (vector) swigluVector(a, b, res, scratch); else swigluScalar(a, b, res);
                MemorySegment.copy(res, 0, os, F32, oo + 4L * r * width, width);
            }
        });
    }

    /// out = min(a,7)·σ(1.702·min(a,7))·(clamp(b,−7,7) + 1)
    static void swigluScalar(float[] a, float[] b, float[] out) {
        for (int j = 0; j < out.length; j++) {
            float x = Math.min(a[j], 7f);
            float y = Math.max(-7f, Math.min(b[j], 7f));
            out[j] = x * sigmoid(1.702f * x) * (y + 1f);
        }
    }

    static void swigluVector(float[] a, float[] b, float[] out, float[] scratch) {
        int j = 0;
        for (; j < S.loopBound(out.length); j += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, j).min(7f);
            FloatVector y = FloatVector.fromArray(S, b, j).max(-7f).min(7f);
            quickGelu(x, scratch).mul(y.add(1f)).intoArray(out, j);
        }
        for (; j < out.length; j++) {
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
        requireF32(out, "gelu7 out");
        if (!out.shape().equals(up.shape())) throw new IllegalArgumentException("gelu7: up " + up.shape() + " vs out " + out.shape());
        MemorySegment us = Seg.of(up), os = Seg.of(out);
        long uo = up.byteOffset(), oo = out.byteOffset();
        blocks(up.numel(), (i0, i1) -> {
            long i = i0;
            if (vector) {
                float[] scratch = new float[S.length()];
                for (; i + S.length() <= i1; i += S.length()) {
                    quickGelu(FloatVector.fromMemorySegment(S, us, uo + 4 * i, LE).min(7f), scratch).intoMemorySegment(os, oo + 4 * i, LE);
                }
            }
            for (; i < i1; i++) {
                float a = Math.min(us.get(F32, uo + 4 * i), 7f);
                os.set(F32, oo + 4 * i, a * sigmoid(1.702f * a));
            }
        });
    }

    // ---------------------------------------------------------------- elementwise

    @Override public void add(Tensor acc, Tensor y) {
        requireF32(acc, "add acc");
        requireF32(y, "add y");
        if (acc.numel() != y.numel()) throw new IllegalArgumentException("add: " + acc.shape() + " += " + y.shape());
        MemorySegment as = Seg.of(acc), ys = Seg.of(y);
        long ao = acc.byteOffset(), yo = y.byteOffset(), n = acc.numel();
        blocks(n, (i0, i1) -> {
            long i = i0;
            if (vector) {
                for (; i + S.length() <= i1; i += S.length()) {
                    FloatVector.fromMemorySegment(S, as, ao + 4 * i, LE).add(FloatVector.fromMemorySegment(S, ys, yo + 4 * i, LE))
                            .intoMemorySegment(as, ao + 4 * i, LE);
                }
            }
            for (; i < i1; i++) as.set(F32, ao + 4 * i, as.get(F32, ao + 4 * i) + ys.get(F32, yo + 4 * i));
        });
    }

    @Override public void roundBf16(Tensor t) {
        requireF32(t, "roundBf16");
        MemorySegment s = Seg.of(t);
        long o = t.byteOffset();
        blocks(t.numel(), (i0, i1) -> {
            for (long i = i0; i < i1; i++) s.set(F32, o + 4 * i, Floats.roundBf16(s.get(F32, o + 4 * i)));
        });
    }

    @Override public void copy(Tensor dst, Tensor src) {
        if (dst.numel() != src.numel()) throw new IllegalArgumentException("copy: " + src.shape() + " into " + dst.shape());
        MemorySegment ds = Seg.of(dst), ss = Seg.of(src);
        if (dst.dtype() == src.dtype() && src.dtype() != DType.F8_E4M3) {
            MemorySegment.copy(ss, src.byteOffset(), ds, dst.byteOffset(), src.byteSize());
            return;
        }
        if (dst.dtype() != DType.F32) {
            float[] v = src.toFloats();
            long o = dst.byteOffset();
            for (int i = 0; i < v.length; i++) {
                switch (dst.dtype()) {
                    case BF16 -> ds.set(Seg.I16, o + 2L * i, Floats.floatToBf16(v[i]));
                    case F16 -> ds.set(Seg.I16, o + 2L * i, Floats.floatToF16(v[i]));
                    default -> throw new IllegalArgumentException("copy into " + dst.dtype() + " needs a quantizer (see WeightQuantizer)");
                }
            }
            return;
        }
        float[] v = src.toFloats();
        Seg.write(dst, 0, v, 0, v.length);
    }

    @Override public void copyColumns(Tensor dst, Tensor src, int col0) {
        requireF32(dst, "copyColumns dst");
        requireF32(src, "copyColumns src");
        int rows = (int) src.shape().rows(), c = src.shape().last(), w = dst.shape().last();
        if (dst.shape().rows() != rows || col0 < 0 || col0 + w > c) {
            throw new IllegalArgumentException("copyColumns: columns [" + col0 + ", " + (col0 + w) + ") of " + src.shape() + " into " + dst.shape());
        }
        MemorySegment ss = Seg.of(src), ds = Seg.of(dst);
        long so = src.byteOffset(), dd = dst.byteOffset();
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(ss, so + 4L * ((long) r * c + col0), ds, dd + 4L * r * w, 4L * w);
        }
    }

    // ---------------------------------------------------------------- helpers


    private interface LongRange { void run(long from, long to); }

    private static void blocks(long n, LongRange body) {
        int blocks = (int) ((n + ELEMENT_GRAIN - 1) / ELEMENT_GRAIN);
        Parallel.range(blocks, 1, (b0, b1) -> body.run((long) b0 * ELEMENT_GRAIN, Math.min(n, (long) b1 * ELEMENT_GRAIN)));
    }

    private static void requireF32(Tensor t, String what) {
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(what + " must be F32 on the CPU, got " + t.dtype() + t.shape());
    }

}
