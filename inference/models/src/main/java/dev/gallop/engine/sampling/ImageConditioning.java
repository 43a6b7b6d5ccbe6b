package dev.gallop.engine.sampling;

/// Image-to-video conditioning (spec §3.5): latent frame 0 of a video latent `[C, T, H, W]` is replaced by the
/// clean image latent `[C, 1, H, W]` before every DiT call and once more after the loop. No mask or flag.
public final class ImageConditioning {
    private ImageConditioning() {}

    /// A copy of `video` (`[c, t, h, w]`, row-major) with frame 0 overwritten by `image` (`[c, 1, h, w]`).
    public static float[] withFirstFrame(float[] video, int c, int t, int h, int w, float[] image) {
        float[] out = video.clone();
        overwriteFirstFrame(out, c, t, h, w, image);
        return out;
    }

    /// In-place variant of [#withFirstFrame].
    public static void overwriteFirstFrame(float[] video, int c, int t, int h, int w, float[] image) {
        int hw = h * w;
        if (t < 1 || video.length != (long) c * t * hw) {
            throw new IllegalArgumentException("video has " + video.length + " values, expected " + c + "x" + t + "x" + h + "x" + w);
        }
        if (image.length != c * hw) {
            throw new IllegalArgumentException("image has " + image.length + " values, expected " + c + "x1x" + h + "x" + w);
        }
        for (int ch = 0; ch < c; ch++) System.arraycopy(image, ch * hw, video, ch * t * hw, hw);
    }
}
