package dev.gallop.engine.pipeline;

import dev.gallop.engine.runtime.CancelToken;

/// Video latent [C, T, H, W] → RGB frames (Turbo-VAED for MagiHuman: 1 + 4(T − 1) frames of 16H × 16W).
public interface VideoDecoder {
    DecodedVideo decode(float[] latent, int channels, int frames, int height, int width, CancelToken cancel);
}
