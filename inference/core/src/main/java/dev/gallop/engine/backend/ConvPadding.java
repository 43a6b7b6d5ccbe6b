package dev.gallop.engine.backend;

/// How a [Conv3d] pads its input, per axis, and its spatial stride.
/// Time: `front`/`back` frames, filled by repeating the edge frame ([TimeMode#REPLICATE]) or with zeros
/// ([TimeMode#ZERO]). Space: zeros, `top`/`bottom` rows and `left`/`right` columns.
public record ConvPadding(TimeMode timeMode, int front, int back, int top, int bottom, int left, int right, int stride) {
    public enum TimeMode { REPLICATE, ZERO }

    public ConvPadding {
        if (front < 0 || back < 0 || top < 0 || bottom < 0 || left < 0 || right < 0 || stride < 1) {
            throw new IllegalArgumentException("invalid conv padding " + front + "," + back + "," + top + "," + bottom + "," + left + "," + right + " stride " + stride);
        }
    }

    /// Turbo-VAED's "non-causal" conv: k/2 repeated edge frames on both sides in time, k/2 zeros in space.
    public static ConvPadding replicateTime(int kt, int kh, int kw) {
        return new ConvPadding(TimeMode.REPLICATE, kt / 2, kt / 2, kh / 2, kh / 2, kw / 2, kw / 2, 1);
    }

    /// Wan's causal conv on a first chunk: kt − 1 zero frames in front, none behind; k/2 zeros in space.
    public static ConvPadding causal(int kt, int kh, int kw) {
        return new ConvPadding(TimeMode.ZERO, kt - 1, 0, kh / 2, kh / 2, kw / 2, kw / 2, 1);
    }

    /// Wan's spatial downsample: one zero column right and one zero row below, then stride 2 (no time padding).
    public static ConvPadding downsample2x() {
        return new ConvPadding(TimeMode.ZERO, 0, 0, 0, 1, 0, 1, 2);
    }
}
