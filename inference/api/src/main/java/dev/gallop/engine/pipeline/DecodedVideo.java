package dev.gallop.engine.pipeline;

/// Decoded frames: packed RGB bytes, [frames, height, width, 3], row-major (what the reference writes as uint8).
public record DecodedVideo(byte[] rgb, int frames, int height, int width) {
    public DecodedVideo {
        if ((long) frames * height * width * 3 != rgb.length) {
            throw new IllegalArgumentException("RGB buffer of " + rgb.length + " bytes is not [" + frames + ", " + height + ", " + width + ", 3]");
        }
    }

    /// Pixel (y, x) of frame f as 0xRRGGBB.
    public int rgb(int f, int y, int x) {
        int o = ((f * height + y) * width + x) * 3;
        return (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
    }
}
