package dev.gallop.engine.models;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.pipeline.VideoSize;

/// A reference image → a clean latent frame [C, 1, H/16, W/16] at the target pixel size (Wan2.2 VAE encoder for
/// MagiHuman: centre crop to the aspect, Lanczos resize, scale to [-1, 1], encode, normalise).
public interface ImageEncoder {
    /// The device the encoder computes on.
    Device device();

    /// rgb: packed [height, width, 3] bytes of the source image, any size; target: the generation's pixel size.
    /// Returns the F32 latent frame on [#device()].
    Tensor encode(byte[] rgb, int height, int width, VideoSize target);
}
