package dev.gallop.engine.pipeline;

/// A reference image → a clean latent frame [C, 1, H/16, W/16] at the target pixel size (Wan2.2 VAE encoder for
/// MagiHuman: centre crop to the aspect, Lanczos resize, scale to [-1, 1], encode, normalise).
public interface ImageEncoder {
    /// rgb: packed [height, width, 3] bytes of the source image, any size; target: the generation's pixel size.
    float[] encode(byte[] rgb, int height, int width, VideoSize target);
}
