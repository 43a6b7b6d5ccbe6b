package dev.gallop.engine.sampling;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;

/// Image-to-video conditioning (docs/models/magihuman.md#conditioning): latent frame 0 of a video latent
/// `[C, T, H, W]` is replaced by the clean image latent `[C, 1, H, W]` before every DiT call and once more after the
/// loop. No mask or flag.
public final class ImageConditioning {
    private ImageConditioning() {}

    /// Overwrites frame 0 of `video` with `image`, in place.
    public static void overwriteFirstFrame(Kernels k, Tensor video, Tensor image) {
        if (image.shape().rank() != 4 || image.shape().dim(1) != 1) {
            throw new IllegalArgumentException("image latent must be one frame [C, 1, H, W], got " + image.shape());
        }
        k.copyFrames(video, 0, image, 0, 1);
    }
}
