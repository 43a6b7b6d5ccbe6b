package dev.gallop.engine.models.vae.ops;

/// A batch-1 activation: `data` holds [c, t, h, w] row-major (w fastest).
public record Volume(float[] data, int c, int t, int h, int w) {
    public Volume {
        if (c <= 0 || t <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("volume [" + c + ", " + t + ", " + h + ", " + w + "] has an empty axis");
        }
        if ((long) c * t * h * w != data.length) {
            throw new IllegalArgumentException("buffer of " + data.length + " floats is not [" + c + ", " + t + ", " + h + ", " + w + "]");
        }
    }

    public static Volume zeros(int c, int t, int h, int w) {
        long n = (long) c * t * h * w;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("volume [" + c + ", " + t + ", " + h + ", " + w + "] is too large");
        return new Volume(new float[(int) n], c, t, h, w);
    }

    /// Positions per channel: t·h·w.
    public int plane() { return t * h * w; }

    /// Pixels per frame: h·w.
    public int frame() { return h * w; }

    public String shape() { return "[" + c + ", " + t + ", " + h + ", " + w + "]"; }

    /// Frames [from, to) of every channel.
    public Volume frames(int from, int to) {
        if (from < 0 || to > t || from >= to) throw new IllegalArgumentException("frames [" + from + ", " + to + ") of " + shape());
        int n = to - from, f = frame();
        float[] out = new float[c * n * f];
        for (int ci = 0; ci < c; ci++) System.arraycopy(data, (ci * t + from) * f, out, ci * n * f, n * f);
        return new Volume(out, c, n, h, w);
    }

    /// The element-wise sum (a new volume).
    public Volume plus(Volume o) {
        if (o.c != c || o.t != t || o.h != h || o.w != w) throw new IllegalArgumentException("cannot add " + o.shape() + " to " + shape());
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] + o.data[i];
        return new Volume(out, c, t, h, w);
    }
}
