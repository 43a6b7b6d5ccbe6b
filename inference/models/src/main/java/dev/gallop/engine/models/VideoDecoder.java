package dev.gallop.engine.models;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.Shape;

/// Video latent [C, T, H, W] → RGB frames (Turbo-VAED for MagiHuman: 1 + 4(T − 1) frames of 16H × 16W).
public interface VideoDecoder {
    /// The device the decoder computes on.
    Device device();

    /// Decodes an F32 latent on [#device()]; the frames come back to the host as bytes.
    DecodedVideo decode(Tensor latent, CancelToken cancel);

    /// Decodes holding at most a tile of `tile` latent pixels a side of the frame at a time where the decoder can (so
    /// that a large frame fits a small device); `tile` ≤ 0, or a decoder without tiles, decodes whole frames.
    default DecodedVideo decode(Tensor latent, CancelToken cancel, int tile) { return decode(latent, cancel); }

    /// Decodes host latents (a kept step, a preview): uploaded to the decoder's device first.
    default DecodedVideo decode(float[] latent, int channels, int frames, int height, int width, CancelToken cancel) {
        return decode(Tensor.fromFloats(device(), Shape.of(channels, frames, height, width), latent), cancel);
    }
}
