package dev.gallop.engine.models.magihuman;

/// Video latent ↔ token features (docs/models/magihuman.md#token-layout and docs/models/magihuman.md#output-heads).
/// The two directions use different feature orders:
/// input features are channel-major, index c·4 + ph·2 + pw; output features are (ph, pw, c), index (ph·2 + pw)·C + c.
public final class PatchPacking {
    private PatchPacking() {}

    /// latent [C, T, H, W] → tokens [T·H/2·W/2, C·4], channel-major features.
    public static float[] pack(float[] latent, int c, int t, int h, int w) {
        check(latent, c, t, h, w);
        int gh = h / 2, gw = w / 2, f = c * 4;
        float[] out = new float[t * gh * gw * f];
        for (int ti = 0; ti < t; ti++) {
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    int n = (ti * gh + y) * gw + x;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ph = 0; ph < 2; ph++) {
                            for (int pw = 0; pw < 2; pw++) {
                                out[n * f + ch * 4 + ph * 2 + pw] = latent[((ch * t + ti) * h + 2 * y + ph) * w + 2 * x + pw];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /// tokens [T·H/2·W/2, 4·C] in (ph, pw, c) order → latent [C, T, H, W].
    public static float[] unpack(float[] tokens, int c, int t, int h, int w) {
        int gh = h / 2, gw = w / 2, f = c * 4;
        if (tokens.length != t * gh * gw * f) {
            throw new IllegalArgumentException("expected " + (t * gh * gw) + " tokens of " + f + " features, got " + tokens.length + " values");
        }
        float[] out = new float[c * t * h * w];
        for (int ti = 0; ti < t; ti++) {
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    int n = (ti * gh + y) * gw + x;
                    for (int ph = 0; ph < 2; ph++) {
                        for (int pw = 0; pw < 2; pw++) {
                            for (int ch = 0; ch < c; ch++) {
                                out[((ch * t + ti) * h + 2 * y + ph) * w + 2 * x + pw] = tokens[n * f + (ph * 2 + pw) * c + ch];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void check(float[] latent, int c, int t, int h, int w) {
        if (h % 2 != 0 || w % 2 != 0) throw new IllegalArgumentException("latent height and width must be even, got " + h + "×" + w);
        if (latent.length != c * t * h * w) {
            throw new IllegalArgumentException("latent has " + latent.length + " values, expected [" + c + ", " + t + ", " + h + ", " + w + "]");
        }
    }
}
