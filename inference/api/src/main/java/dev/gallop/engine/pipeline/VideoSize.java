package dev.gallop.engine.pipeline;

/// Output resolution presets (base 256p; the super-resolution stages 540p and 1080p) and the aspect, with the
/// latent geometry rule of docs/models/magihuman.md#geometry: pixel sizes are multiples of 32; latent = pixels / 16.
public record VideoSize(int width, int height) {
    /// The largest side accepted (twice 1080p's width): sizes beyond it are refused before any work, not left to
    /// overflow an array size later.
    public static final int MAX_SIDE = 4096;

    public enum Preset { P256, P540, P1080 }

    public enum Aspect { LANDSCAPE_16_9, PORTRAIT_9_16 }

    public VideoSize {
        if (width < 32 || height < 32) throw new IllegalArgumentException("video size " + width + "×" + height + " is below 32×32");
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("video size " + width + "×" + height + " is above the largest size, " + MAX_SIDE + "×" + MAX_SIDE);
        }
        if (width % 32 != 0 || height % 32 != 0) {
            throw new IllegalArgumentException("video size " + width + "×" + height + " must be a multiple of 32 in both directions");
        }
    }

    public static VideoSize of(Preset preset, Aspect aspect) {
        VideoSize s = switch (preset) {
            case P256 -> new VideoSize(448, 256);
            case P540 -> new VideoSize(896, 512);
            case P1080 -> new VideoSize(1920, 1088);
        };
        return aspect == Aspect.PORTRAIT_9_16 ? new VideoSize(s.height, s.width) : s;
    }

    /// The size written as "WxH" ("448x256", any case, spaces around the numbers allowed), or empty when the text
    /// is not two whole numbers around an x; a size the numbers do not allow (not multiples of 32, too small, too
    /// large) throws as the constructor does.
    public static java.util.Optional<VideoSize> parse(String text) {
        String[] p = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (p.length != 2) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(new VideoSize(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    public int latentWidth() { return width / 16 / 2 * 2; }

    public int latentHeight() { return height / 16 / 2 * 2; }

    @Override public String toString() { return width + "x" + height; }
}
