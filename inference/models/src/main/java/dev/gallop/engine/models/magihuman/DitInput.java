package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Tensor;

/// One DiT forward's inputs, F32 tensors on the DiT's device in PyTorch layout.
///
/// @param video      noisy video latent [C, T, H, W] (H and W even)
/// @param audio      noisy audio latent [L_a, 64] (L_a may be 0: a [0, 64] tensor)
/// @param text       text features [L_t, 3584] (only the real rows: no padding)
public record DitInput(Tensor video, Tensor audio, Tensor text) {
    public DitInput {
        if (video.shape().rank() != 4) throw new IllegalArgumentException("video latent must be [C, T, H, W], got " + video.shape());
        if (audio.shape().rank() != 2) throw new IllegalArgumentException("audio latent must be [L_a, A], got " + audio.shape());
        if (text.shape().rank() != 2) throw new IllegalArgumentException("text features must be [L_t, C_t], got " + text.shape());
    }

    public int frames() { return video.shape().dim(1); }

    public int height() { return video.shape().dim(2); }

    public int width() { return video.shape().dim(3); }

    public int audioTokens() { return audio.shape().dim(0); }

    public int textTokens() { return text.shape().dim(0); }
}
