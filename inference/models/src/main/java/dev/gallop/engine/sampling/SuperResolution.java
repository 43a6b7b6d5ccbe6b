package dev.gallop.engine.sampling;

/// The hand-over from the base stage to the super-resolution stage (spec §3.4, §11).
///
/// 1. The base video latent `[C, T, H, W]` is upsampled trilinearly with `align_corners = True` to
///    `[C, T2, H2, W2]` ([#upsample]).
/// 2. It is re-noised VP-style: `z = up·s + ε·n` with `s = 0.8389104` (float32 `0x3f56c2d5`) and
///    `n = √(1 − s²) = 0.5442696` (`0x3f0b5540`), `s = √ᾱ₂₂₀` of the zero-terminal-SNR DDPM table
///    ([ZeroSnrDdpm]) ([#renoise]).
/// 3. The SR audio input is `ε_a·0.7 + z_a·(1 − 0.7)`, fixed for all SR steps ([#audioInput]).
///
/// All arithmetic is float32, each product rounded before the sum.
public final class SuperResolution {
    /// Signal coefficient √ᾱ₂₂₀, float32 bits 0x3f56c2d5.
    public static final float SIGNAL = Float.intBitsToFloat(0x3f56c2d5);
    /// Noise coefficient √(1 − ᾱ₂₂₀), float32 bits 0x3f0b5540.
    public static final float NOISE = Float.intBitsToFloat(0x3f0b5540);
    /// Index into the DDPM table (`noise_value`).
    public static final int NOISE_INDEX = 220;
    /// Weight of fresh noise in the SR audio input (`sr_audio_noise_scale`).
    public static final double AUDIO_NOISE_SCALE = 0.7;

    private SuperResolution() {}

    /// `up·SIGNAL + noise·NOISE`, float32.
    public static float[] renoise(float[] up, float[] noise) { return renoise(up, noise, SIGNAL, NOISE); }

    /// `up·signal + noise·noiseCoef`, float32.
    public static float[] renoise(float[] up, float[] noise, float signal, float noiseCoef) {
        check(up, noise);
        float[] out = new float[up.length];
        for (int k = 0; k < out.length; k++) out[k] = up[k] * signal + noise[k] * noiseCoef;
        return out;
    }

    /// `noise·0.7 + audio·(1 − 0.7)`, float32 (the weights are the float32 roundings of 0.7 and of the double 1 − 0.7).
    public static float[] audioInput(float[] baseAudio, float[] noise) { return audioInput(baseAudio, noise, AUDIO_NOISE_SCALE); }

    /// `noise·scale + audio·(1 − scale)`, float32.
    public static float[] audioInput(float[] baseAudio, float[] noise, double scale) {
        check(baseAudio, noise);
        float a = (float) scale, b = (float) (1.0 - scale);
        float[] out = new float[noise.length];
        for (int k = 0; k < out.length; k++) out[k] = noise[k] * a + baseAudio[k] * b;
        return out;
    }

    /// Trilinear upsample with `align_corners = True` of `x` `[c, t, h, w]` to `[c, t2, h2, w2]`.
    ///
    /// Per axis of input size `n` and output size `m`: source coordinate `src = o·(n − 1)/(m − 1)` (0 when m = 1,
    /// the scale rounded to float32 first), `i0 = ⌊src⌋`, `i1 = min(i0 + 1, n − 1)`, `λ1 = src − i0`, `λ0 = 1 − λ1`.
    /// The value is `λ0ᵗ·A(i0ᵗ) + λ1ᵗ·A(i1ᵗ)` where `A` interpolates H the same way and then W innermost.
    /// Float32 throughout; within about 1e-6 relative of PyTorch's CPU kernel (not bit-exact: fused multiply-adds).
    public static float[] upsample(float[] x, int c, int t, int h, int w, int t2, int h2, int w2) {
        if (x.length != (long) c * t * h * w) {
            throw new IllegalArgumentException("input has " + x.length + " values, expected " + c + "x" + t + "x" + h + "x" + w);
        }
        Axis at = new Axis(t, t2), ah = new Axis(h, h2), aw = new Axis(w, w2);
        float[] out = new float[c * t2 * h2 * w2];
        int o = 0;
        for (int ch = 0; ch < c; ch++) {
            int cb = ch * t * h * w;
            for (int ot = 0; ot < t2; ot++) {
                for (int oh = 0; oh < h2; oh++) {
                    for (int ow = 0; ow < w2; ow++) {
                        float acc = 0f;
                        for (int jt = 0; jt < 2; jt++) {
                            int it = jt == 0 ? at.i0[ot] : at.i1[ot];
                            float ht = 0f;
                            for (int jh = 0; jh < 2; jh++) {
                                int ih = jh == 0 ? ah.i0[oh] : ah.i1[oh];
                                int row = cb + (it * h + ih) * w;
                                float hw = x[row + aw.i0[ow]] * aw.l0[ow] + x[row + aw.i1[ow]] * aw.l1[ow];
                                float wh = jh == 0 ? ah.l0[oh] : ah.l1[oh];
                                ht = jh == 0 ? hw * wh : ht + hw * wh;
                            }
                            float wt = jt == 0 ? at.l0[ot] : at.l1[ot];
                            acc = jt == 0 ? ht * wt : acc + ht * wt;
                        }
                        out[o++] = acc;
                    }
                }
            }
        }
        return out;
    }

    /// Source indices and weights along one axis (align_corners = True).
    private static final class Axis {
        final int[] i0, i1;
        final float[] l0, l1;

        Axis(int in, int outSize) {
            if (in < 1 || outSize < 1) throw new IllegalArgumentException("sizes must be >= 1: " + in + " -> " + outSize);
            float scale = outSize > 1 ? (float) (in - 1) / (float) (outSize - 1) : 0f;
            i0 = new int[outSize];
            i1 = new int[outSize];
            l0 = new float[outSize];
            l1 = new float[outSize];
            for (int o = 0; o < outSize; o++) {
                float src = scale * o;
                int lo = Math.min((int) src, in - 1);
                i0[o] = lo;
                i1[o] = lo < in - 1 ? lo + 1 : lo;
                float lam = Math.min(Math.max(src - lo, 0f), 1f);
                l1[o] = lam;
                l0[o] = 1f - lam;
            }
        }
    }

    private static void check(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
    }
}
