package dev.gallop.app.media;

/// A picture for the views: `width`×`height` ARGB pixels, row-major (what `PixelWriter.setPixels` with
/// `PixelFormat.getIntArgbInstance()` takes). Treat the array as read-only.
public record ArgbImage(int width, int height, int[] argb) {
    public ArgbImage {
        if (width < 1 || height < 1 || argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels do not make a " + width + "×" + height + " image");
        }
    }

    public int pixel(int x, int y) { return argb[y * width + x]; }

    /// This picture `k` times larger, each pixel a k×k block (whole-factor nearest neighbour: crisp and exact).
    public ArgbImage scaledBy(int k) {
        if (k < 1) throw new IllegalArgumentException("scale factor " + k + " must be at least 1");
        if (k == 1) return this;
        int w = width * k;
        int[] out = new int[w * height * k];
        for (int y = 0; y < height; y++) {
            int row = y * k * w;
            for (int x = 0; x < width; x++) java.util.Arrays.fill(out, row + x * k, row + x * k + k, argb[y * width + x]);
            for (int r = 1; r < k; r++) System.arraycopy(out, row, out, row + r * w, w);
        }
        return new ArgbImage(w, height * k, out);
    }

    /// This picture at `w`×`h` by nearest neighbour (each output pixel the source pixel under its centre): crisp at
    /// any factor, the source's pixels blocks whose sizes differ by at most one pixel.
    public ArgbImage scaledTo(int w, int h) {
        if (w < 1 || h < 1) throw new IllegalArgumentException("size " + w + "×" + h + " must be at least 1×1");
        if (w == width && h == height) return this;
        int[] cols = new int[w];
        for (int x = 0; x < w; x++) cols[x] = (int) Math.min(width - 1, ((2L * x + 1) * width) / (2L * w));
        int[] out = new int[w * h];
        int prev = -1;
        for (int y = 0; y < h; y++) {
            int sy = (int) Math.min(height - 1, ((2L * y + 1) * height) / (2L * h));
            if (sy == prev) {
                System.arraycopy(out, (y - 1) * w, out, y * w, w);
                continue;
            }
            for (int x = 0, row = sy * width; x < w; x++) out[y * w + x] = argb[row + cols[x]];
            prev = sy;
        }
        return new ArgbImage(w, h, out);
    }

    /// Packed RGB bytes scaled down (area average) to `height` rows, aspect kept; never scaled up.
    public static ArgbImage fromRgb(byte[] rgb, int w, int h, int height) {
        int th = Math.clamp(height, 1, h), tw = Math.max(1, Math.round(w * th / (float) h));
        int[] out = new int[tw * th];
        for (int y = 0; y < th; y++) {
            int y0 = y * h / th, y1 = Math.max(y0 + 1, (y + 1) * h / th);
            for (int x = 0; x < tw; x++) {
                int x0 = x * w / tw, x1 = Math.max(x0 + 1, (x + 1) * w / tw);
                long r = 0, g = 0, b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int o = (yy * w + xx) * 3;
                        r += rgb[o] & 0xff;
                        g += rgb[o + 1] & 0xff;
                        b += rgb[o + 2] & 0xff;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                out[y * tw + x] = 0xff000000 | (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        return new ArgbImage(tw, th, out);
    }
}
