package dev.gallop.engine.backend.cpu.volume;

import dev.gallop.engine.backend.cpu.base.Parallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// Per-position operations over the channel axis of an f32 volume [C, N] (N = T·H·W positions, channel-major):
/// the two VAE norms and the per-channel affine maps. Sums of squares run over the channels in order with fused
/// multiply-adds; the vector forms put positions in lanes, so they and the scalar twins give identical bits.
/// out may be x.
public final class ChannelNorms {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1024;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private ChannelNorms() {}

    /// Turbo-VAED's affine-free RMS norm: out = x · 1/√(Σ_c x² / C + eps).
    public static void rms(MemorySegment x, long xo, MemorySegment out, long oo, int c, int n, float eps, boolean vector) {
        float fc = c;
        Parallel.range(n, GRAIN, (from, to) -> {
            int p = from;
            if (vector) {
                for (; p + L <= to; p += L) {
                    FloatVector ss = FloatVector.zero(S);
                    for (int ci = 0; ci < c; ci++) {
                        FloatVector v = FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE);
                        ss = v.fma(v, ss);
                    }
                    FloatVector r = FloatVector.broadcast(S, 1f).div(ss.div(fc).add(eps).lanewise(VectorOperators.SQRT));
                    for (int ci = 0; ci < c; ci++) {
                        FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE).mul(r).intoMemorySegment(out, at(oo, ci, n, p), LE);
                    }
                }
            }
            for (; p < to; p++) {
                float ss = 0f;
                for (int ci = 0; ci < c; ci++) {
                    float v = x.get(F32, at(xo, ci, n, p));
                    ss = Math.fma(v, v, ss);
                }
                float r = 1f / (float) Math.sqrt(ss / fc + eps);
                for (int ci = 0; ci < c; ci++) out.set(F32, at(oo, ci, n, p), x.get(F32, at(xo, ci, n, p)) * r);
            }
        });
    }

    /// Wan's RMS_norm: out = x / max(‖x‖₂ over c, 1e-12) · √C · gamma[c].
    public static void l2(MemorySegment x, long xo, MemorySegment out, long oo, float[] gamma, int n, boolean vector) {
        int c = gamma.length;
        float scale = (float) Math.sqrt(c);
        Parallel.range(n, GRAIN, (from, to) -> {
            int p = from;
            if (vector) {
                for (; p + L <= to; p += L) {
                    FloatVector ss = FloatVector.zero(S);
                    for (int ci = 0; ci < c; ci++) {
                        FloatVector v = FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE);
                        ss = v.fma(v, ss);
                    }
                    FloatVector den = ss.lanewise(VectorOperators.SQRT).max(1e-12f);
                    for (int ci = 0; ci < c; ci++) {
                        FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE).div(den).mul(scale).mul(gamma[ci])
                                .intoMemorySegment(out, at(oo, ci, n, p), LE);
                    }
                }
            }
            for (; p < to; p++) {
                float ss = 0f;
                for (int ci = 0; ci < c; ci++) {
                    float v = x.get(F32, at(xo, ci, n, p));
                    ss = Math.fma(v, v, ss);
                }
                float den = Math.max((float) Math.sqrt(ss), 1e-12f);
                for (int ci = 0; ci < c; ci++) out.set(F32, at(oo, ci, n, p), x.get(F32, at(xo, ci, n, p)) / den * scale * gamma[ci]);
            }
        });
    }

    /// out[c, p] = x[c, p]·scale[c] + shift[c], the product rounded before the sum.
    public static void affine(MemorySegment x, long xo, MemorySegment out, long oo, float[] scale, float[] shift, int n, boolean vector) {
        int c = scale.length, blocks = (n + GRAIN * 16 - 1) / (GRAIN * 16);
        Parallel.range(c * blocks, 1, (from, to) -> {
            for (int job = from; job < to; job++) {
                int ci = job / blocks, p = job % blocks * GRAIN * 16, end = Math.min(n, p + GRAIN * 16);
                float s = scale[ci], b = shift[ci];
                if (vector) {
                    for (; p + L <= end; p += L) {
                        FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE).mul(s).add(b).intoMemorySegment(out, at(oo, ci, n, p), LE);
                    }
                }
                for (; p < end; p++) out.set(F32, at(oo, ci, n, p), x.get(F32, at(xo, ci, n, p)) * s + b);
            }
        });
    }

    /// out[c, p] = x[c, p] ÷ divisor[c] + shift[c], the quotient rounded before the sum.
    public static void divideAdd(MemorySegment x, long xo, MemorySegment out, long oo, float[] divisor, float[] shift, int n, boolean vector) {
        int c = divisor.length, blocks = (n + GRAIN * 16 - 1) / (GRAIN * 16);
        Parallel.range(c * blocks, 1, (from, to) -> {
            for (int job = from; job < to; job++) {
                int ci = job / blocks, p = job % blocks * GRAIN * 16, end = Math.min(n, p + GRAIN * 16);
                float d = divisor[ci], b = shift[ci];
                if (vector) {
                    for (; p + L <= end; p += L) {
                        FloatVector.fromMemorySegment(S, x, at(xo, ci, n, p), LE).div(d).add(b).intoMemorySegment(out, at(oo, ci, n, p), LE);
                    }
                }
                for (; p < end; p++) out.set(F32, at(oo, ci, n, p), x.get(F32, at(xo, ci, n, p)) / d + b);
            }
        });
    }

    /// The byte offset of element (ci, p) of a [C, n] f32 array at byte offset base.
    private static long at(long base, int ci, int n, int p) { return base + 4 * ((long) ci * n + p); }
}
