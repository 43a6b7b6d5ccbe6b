package dev.gallop.engine.backend.cpu.volume;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.base.VectorMath;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/// The decoders' last step, from f32 volumes to interleaved frames [T, H, W, 3]: RGB in [−1, 1] to bytes, and the
/// demo decoder's alpha compositing. The vector forms compute a row of lanes at a time with the same operations in
/// the same order as the scalar twins (no fused multiply-adds; the sigmoid's exponential is
/// [VectorMath#expNonPositive]), so both give identical bits.
public final class FrameOutput {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int[] THREE = VolumeLayouts.stride(3);
    private static final int GRAIN = 4096;

    private FrameOutput() {}

    /// rgb[3, N] (N = T·H·W) → out[N, 3] bytes: ⌊clamp(x·0.5 + 0.5, 0, 1)·255⌋ (NaN gives 0).
    public static void rgbToBytes(MemorySegment rgb, long ro, MemorySegment out, long oo, int n, boolean vector) {
        Parallel.range((n + GRAIN - 1) / GRAIN, 1, (b0, b1) -> {
            float[] plane = new float[GRAIN];
            byte[] bytes = new byte[3 * GRAIN];
            for (int b = b0; b < b1; b++) {
                int from = b * GRAIN, len = Math.min(GRAIN, n - from);
                for (int c = 0; c < 3; c++) {
                    MemorySegment.copy(rgb, F32, ro + 4 * ((long) c * n + from), plane, 0, len);
                    int i = 0;
                    if (vector) {
                        for (; i + L <= len; i += L) {
                            FloatVector v = FloatVector.fromArray(S, plane, i).mul(0.5f).add(0.5f);
                            v = v.max(0f).min(1f).mul(255f);
                            v.blend(0f, v.test(VectorOperators.IS_NAN)).intoArray(plane, i);
                        }
                        for (int k = 0; k < i; k++) bytes[3 * k + c] = (byte) (int) plane[k];
                    }
                    for (; i < len; i++) bytes[3 * i + c] = toByte(plane[i]);
                }
                MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, oo + 3L * from, 3 * len);
            }
        });
    }

    static byte toByte(float x) {
        float v = x * 0.5f + 0.5f;
        v = Math.min(Math.max(v, 0f), 1f) * 255f;
        return (byte) (int) v;
    }

    /// σ(x) = 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) for x < 0, with e^−|x| by [VectorMath#expNonPositive].
    static float sigmoid(float x) {
        float e = VectorMath.expNonPositive(-Math.abs(x));
        float onePlus = e + 1f;
        return x < 0f ? e / onePlus : 1f / onePlus;
    }

    private static FloatVector sigmoid(FloatVector x) {
        FloatVector e = VectorMath.expNonPositive(x.abs().neg());
        FloatVector onePlus = e.add(1f);
        return FloatVector.broadcast(S, 1f).div(onePlus).blend(e.div(onePlus), x.compare(VectorOperators.LT, 0f));
    }

    /// The demo decoder's compositing: K frames per latent frame from alpha logits a[K, T, H, W] and colour logits
    /// fg, bg [3K, T, H/r, W/r] (nearest ×r): frame K·t + k − (K − 1) of out[K(T − 1) + 1, H, W, 3] (frames before 0
    /// dropped) is σ(a)·σ(fg) + (1 − σ(a))·σ(bg), written as f32, or as bytes round(v·255) clamped to [0, 255].
    public static void alphaComposite(MemorySegment alpha, long ao, MemorySegment fg, long fo, MemorySegment bg, long bo,
                                      MemorySegment out, long oo, boolean bytes, int k, int t, int h, int w, int r, boolean vector) {
        int frames = k * (t - 1) + 1, hc = h / r, wc = w / r;
        int[] cell = new int[w];
        for (int x = 0; x < w; x++) cell[x] = x / r;
        Parallel.range(frames * h, 1, (r0, r1) -> {
            float[] a = new float[w], res = new float[3 * w + 3 * L];
            float[][] sf = new float[3][wc], sb = new float[3][wc];
            byte[] row8 = new byte[3 * w];
            for (int row = r0; row < r1; row++) {
                int f = row / h, y = row % h, sub = (f + k - 1) % k, tl = (f + k - 1) / k;
                MemorySegment.copy(alpha, F32, ao + 4 * ((((long) sub * t + tl) * h + y) * w), a, 0, w);
                for (int ch = 0; ch < 3; ch++) {
                    long colour = 4 * ((((long) (sub * 3 + ch) * t + tl) * hc + y / r) * wc);
                    MemorySegment.copy(fg, F32, fo + colour, sf[ch], 0, wc);
                    MemorySegment.copy(bg, F32, bo + colour, sb[ch], 0, wc);
                    for (int i = 0; i < wc; i++) {
                        sf[ch][i] = sigmoid(sf[ch][i]);
                        sb[ch][i] = sigmoid(sb[ch][i]);
                    }
                }
                int x = 0;
                if (vector) {
                    for (; x + L <= w; x += L) {
                        FloatVector sa = sigmoid(FloatVector.fromArray(S, a, x)), rest = FloatVector.broadcast(S, 1f).sub(sa);
                        for (int ch = 0; ch < 3; ch++) {
                            FloatVector vf = FloatVector.fromArray(S, sf[ch], 0, cell, x), vb = FloatVector.fromArray(S, sb[ch], 0, cell, x);
                            sa.mul(vf).add(rest.mul(vb)).intoArray(res, 3 * x + ch, THREE, 0);
                        }
                    }
                }
                for (; x < w; x++) {
                    float sa = sigmoid(a[x]);
                    for (int ch = 0; ch < 3; ch++) res[3 * x + ch] = sa * sf[ch][cell[x]] + (1f - sa) * sb[ch][cell[x]];
                }
                long dst = ((long) f * h + y) * w * 3;
                if (bytes) {
                    for (int i = 0; i < 3 * w; i++) row8[i] = (byte) Math.clamp(Math.round(res[i] * 255f), 0, 255);
                    MemorySegment.copy(row8, 0, out, ValueLayout.JAVA_BYTE, oo + dst, 3 * w);
                } else {
                    MemorySegment.copy(res, 0, out, F32, oo + 4 * dst, 3 * w);
                }
            }
        });
    }
}
