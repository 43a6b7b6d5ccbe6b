package dev.gallop.engine.models.magihuman;

/// One DiT forward's inputs, host f32 arrays in PyTorch layout.
///
/// @param video      noisy video latent [C, T, H, W]
/// @param frames     T
/// @param height     H (latent rows, even)
/// @param width      W (latent columns, even)
/// @param audio      noisy audio latent [L_a, 64]
/// @param text       text features [L_t, 3584] (only the real rows: no padding)
public record DitInput(float[] video, int frames, int height, int width, float[] audio, float[] text) {

    public int audioTokens(int audioChannels) { return audio.length / audioChannels; }

    public int textTokens(int textChannels) { return text.length / textChannels; }
}
