package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.Shape;

/// A host copy of a batch-1 volume: `data` holds [c, t, h, w] row-major (w fastest). What the VAEs' host entry points
/// take and return (a reference image, a golden latent, decoded floats) and what [VaeTaps] record; the models
/// compute on device tensors.
public record Volume(float[] data, int c, int t, int h, int w) {
    public Volume {
        if (c <= 0 || t <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("volume [" + c + ", " + t + ", " + h + ", " + w + "] has an empty axis");
        }
        if ((long) c * t * h * w != data.length) {
            throw new IllegalArgumentException("buffer of " + data.length + " floats is not [" + c + ", " + t + ", " + h + ", " + w + "]");
        }
    }

    /// A host copy of a volume tensor [C, T, H, W] (any device, widened to f32).
    public static Volume of(Tensor t) {
        if (t.shape().rank() != 4) throw new IllegalArgumentException("a volume is [C, T, H, W], got " + t.dtype() + t.shape());
        int[] d = t.shape().dims();
        return new Volume(t.toFloats(), d[0], d[1], d[2], d[3]);
    }

    /// An F32 copy on `device`.
    public Tensor to(Device device) { return Tensor.fromFloats(device, Shape.of(c, t, h, w), data); }

    /// Positions per channel: t·h·w.
    public int plane() { return t * h * w; }

    /// Pixels per frame: h·w.
    public int frame() { return h * w; }

    public String shape() { return "[" + c + ", " + t + ", " + h + ", " + w + "]"; }
}
