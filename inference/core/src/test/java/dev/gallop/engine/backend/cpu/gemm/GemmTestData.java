package dev.gallop.engine.backend.cpu.gemm;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/// One GEMM problem in little-endian segments at odd byte offsets, plus a double-precision naive reference.
final class GemmTestData {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /// Value written around and into `out` before a call, to catch writes outside the output and missed elements.
    static final float GUARD = -12345.5f;
    static final long PAD = 64;

    final int m, n, k;
    final DType type;
    final float[] scales;
    final MemorySegment x, w, bias;
    final long xOff = 12, wOff, biasOff = 20, outOff = 28;
    final float[] xs, wf, bs;

    GemmTestData(Arena arena, long seed, int m, int n, int k, DType type, boolean perChannel, boolean withBias) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.type = type;
        SplittableRandom rnd = new SplittableRandom(seed);
        wOff = type.bytes() == 1 ? 7 : 6;
        xs = new float[m * k];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) rnd.nextDouble(-2, 2);
        MemorySegment xm = arena.allocate(xOff + 4L * xs.length + PAD);
        for (int i = 0; i < xs.length; i++) xm.set(F32, xOff + 4L * i, xs[i]);
        x = xm.asReadOnly();
        scales = type != DType.F8_E4M3 ? null : perChannel ? randomScales(rnd, n) : randomScales(rnd, 1);
        wf = new float[n * k];
        MemorySegment wm = arena.allocate(wOff + (long) type.bytes() * wf.length + PAD);
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                int e = j * k + p;
                float v = (float) rnd.nextDouble(-1, 1);
                switch (type) {
                    case F32 -> { wm.set(F32, wOff + 4L * e, v); wf[e] = v; }
                    case BF16 -> { short b = Floats.floatToBf16(v); wm.set(I16, wOff + 2L * e, b); wf[e] = Floats.bf16ToFloat(b); }
                    case F16 -> { short h = Floats.floatToF16(v); wm.set(I16, wOff + 2L * e, h); wf[e] = Floats.f16ToFloat(h); }
                    case F8_E4M3 -> {
                        byte b = (byte) rnd.nextInt(256);
                        if ((b & 0x7f) == 0x7f) b = 0x3c; // no NaN codes
                        wm.set(ValueLayout.JAVA_BYTE, wOff + e, b);
                        wf[e] = Floats.e4m3ToFloat(b) * scales[scales.length == 1 ? 0 : j];
                    }
                }
            }
        }
        w = wm.asReadOnly();
        if (withBias) {
            bs = new float[n];
            MemorySegment bm = arena.allocate(biasOff + 4L * n + PAD);
            for (int j = 0; j < n; j++) {
                bs[j] = (float) rnd.nextDouble(-3, 3);
                bm.set(F32, biasOff + 4L * j, bs[j]);
            }
            bias = bm.asReadOnly();
        } else {
            bs = null;
            bias = null;
        }
    }

    private static float[] randomScales(SplittableRandom rnd, int count) {
        float[] s = new float[count];
        for (int i = 0; i < count; i++) s[i] = (float) rnd.nextDouble(0.001, 0.05);
        return s;
    }

    /// A fresh output segment filled with GUARD, with PAD guard bytes after the m·n outputs.
    MemorySegment newOut(Arena arena) {
        MemorySegment out = arena.allocate(outOff + 4L * m * n + PAD);
        for (long b = 0; b + 4 <= out.byteSize(); b += 4) out.set(F32, b, GUARD);
        return out;
    }

    void run(MemorySegment out, boolean bf16, boolean vector) {
        Gemm.matmul(x, xOff, w, wOff, type, scales, bias, biasOff, out, outOff, m, n, k, bf16, vector);
    }

    /// Exact-ish reference: products and sums in double of the same widened weights (and bf16-rounded x).
    double reference(int i, int j, boolean bf16) {
        double acc = 0;
        for (int p = 0; p < k; p++) {
            float xv = bf16 ? Floats.roundBf16(xs[i * k + p]) : xs[i * k + p];
            acc += (double) xv * wf[j * k + p];
        }
        return acc + (bs == null ? 0 : bs[j]);
    }

    /// Σ|x·w| + |bias|: the scale f32 accumulation error is relative to.
    double magnitude(int i, int j) {
        double acc = 0;
        for (int p = 0; p < k; p++) acc += Math.abs((double) xs[i * k + p] * wf[j * k + p]);
        return acc + (bs == null ? 0 : Math.abs(bs[j]));
    }
}
