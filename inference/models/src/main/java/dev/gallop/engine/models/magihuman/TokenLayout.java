package dev.gallop.engine.models.magihuman;

/// The packed sequence of one forward: [video tokens | audio tokens | text tokens]
/// (docs/models/magihuman.md#token-layout).
/// Video tokens are raster-ordered over the patch grid (t, h', w') with h' = H/2, w' = W/2.
///
/// @param frames       latent frames T
/// @param gridH        patch rows H/2
/// @param gridW        patch columns W/2
/// @param audioTokens  audio latent frames L_a (one token each)
/// @param textTokens   text rows L_t entering the model
public record TokenLayout(int frames, int gridH, int gridW, int audioTokens, int textTokens) {

    public TokenLayout {
        if (frames < 1 || gridH < 1 || gridW < 1) {
            throw new IllegalArgumentException("video latent grid " + frames + "×" + gridH + "×" + gridW + " must be at least 1×1×1 patches");
        }
        if (audioTokens < 0 || textTokens < 0) throw new IllegalArgumentException("negative token count");
    }

    /// Layout for a video latent [C, T, H, W]; H and W must be even (patch 1×2×2).
    public static TokenLayout of(int t, int h, int w, int audioTokens, int textTokens) {
        if (h % 2 != 0 || w % 2 != 0) {
            throw new IllegalArgumentException("video latent height and width must be even for 2×2 patches, got " + h + "×" + w);
        }
        return new TokenLayout(t, h / 2, w / 2, audioTokens, textTokens);
    }

    public int tokensPerFrame() { return gridH * gridW; }

    public int videoTokens() { return frames * gridH * gridW; }

    public int total() { return videoTokens() + audioTokens + textTokens; }

    /// Start of modality `e` (0 video, 1 audio, 2 text) in the sequence.
    public int start(int e) {
        return switch (e) {
            case 0 -> 0;
            case 1 -> videoTokens();
            case 2 -> videoTokens() + audioTokens;
            default -> throw new IllegalArgumentException("modality " + e);
        };
    }

    public int end(int e) { return e == 2 ? total() : start(e + 1); }
}
