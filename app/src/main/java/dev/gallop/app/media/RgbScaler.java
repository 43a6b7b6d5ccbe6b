package dev.gallop.app.media;

/// Fits packed RGB pictures into another size, aspect kept: Catmull-Rom (bicubic) when enlarging, a tent-weighted area
/// average when shrinking, so a 64×64 clip exported at 720p is enlarged as smoothly as a still, and a 1080p one shrunk without
/// aliasing. [#fit] fills the rest black (letterbox or pillarbox); [#draw] paints only the picture's own rectangle
/// over what is there (a layer over the tracks below it).
public final class RgbScaler {
    private RgbScaler() {}

    /// `src` (`sw`×`sh`) fitted into a new `dw`×`dh` frame, black around it.
    public static byte[] fit(byte[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src;
        byte[] out = new byte[dw * dh * 3];
        draw(src, sw, sh, out, dw, dh);
        return out;
    }

    /// The rectangle (x, y, width, height) a `sw`×`sh` picture covers when fitted into `dw`×`dh`.
    public static int[] rect(int sw, int sh, int dw, int dh) {
        double k = Math.min(dw / (double) sw, dh / (double) sh);
        int w = Math.clamp(Math.round(sw * k), 1, dw), h = Math.clamp(Math.round(sh * k), 1, dh);
        return new int[] {(dw - w) / 2, (dh - h) / 2, w, h};
    }

    /// Paints `src` fitted into `dst` (`dw`×`dh`), leaving the pixels outside its rectangle as they are.
    public static void draw(byte[] src, int sw, int sh, byte[] dst, int dw, int dh) {
        int[] r = rect(sw, sh, dw, dh);
        int ox = r[0], oy = r[1], w = r[2], h = r[3];
        if (w == sw && h == sh) {
            for (int y = 0; y < h; y++) System.arraycopy(src, y * sw * 3, dst, ((oy + y) * dw + ox) * 3, sw * 3);
            return;
        }
        // separable: rows first (sw → w), then columns (sh → h)
        Kernel kx = Kernel.of(sw, w), ky = Kernel.of(sh, h);
        float[] rows = new float[sh * w * 3];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < w; x++) {
                float r0 = 0, g0 = 0, b0 = 0;
                for (int t = 0; t < kx.taps; t++) {
                    int sx = kx.index[x * kx.taps + t];
                    float wt = kx.weight[x * kx.taps + t];
                    int o = (y * sw + sx) * 3;
                    r0 += wt * (src[o] & 0xff);
                    g0 += wt * (src[o + 1] & 0xff);
                    b0 += wt * (src[o + 2] & 0xff);
                }
                int o = (y * w + x) * 3;
                rows[o] = r0;
                rows[o + 1] = g0;
                rows[o + 2] = b0;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float r0 = 0, g0 = 0, b0 = 0;
                for (int t = 0; t < ky.taps; t++) {
                    int sy = ky.index[y * ky.taps + t];
                    float wt = ky.weight[y * ky.taps + t];
                    int o = (sy * w + x) * 3;
                    r0 += wt * rows[o];
                    g0 += wt * rows[o + 1];
                    b0 += wt * rows[o + 2];
                }
                int o = ((oy + y) * dw + ox + x) * 3;
                dst[o] = (byte) Math.clamp(Math.round(r0), 0, 255);
                dst[o + 1] = (byte) Math.clamp(Math.round(g0), 0, 255);
                dst[o + 2] = (byte) Math.clamp(Math.round(b0), 0, 255);
            }
        }
    }

    /// The source samples and weights of each output sample along one axis.
    private record Kernel(int taps, int[] index, float[] weight) {
        static Kernel of(int n, int m) {
            double scale = m / (double) n;
            boolean up = scale >= 1;
            double support = up ? 2 : 1 / scale;      // Catmull-Rom: ±2 source samples; area: one output sample's span
            int taps = (int) Math.ceil(support * 2) + 1;
            int[] index = new int[m * taps];
            float[] weight = new float[m * taps];
            for (int i = 0; i < m; i++) {
                double centre = (i + 0.5) / scale - 0.5;
                int first = (int) Math.floor(centre - support) + 1;
                double sum = 0;
                for (int t = 0; t < taps; t++) {
                    int s = first + t;
                    double d = s - centre;
                    double wt = up ? catmullRom(d) : box(d * scale);
                    index[i * taps + t] = Math.clamp(s, 0, n - 1);
                    weight[i * taps + t] = (float) wt;
                    sum += wt;
                }
                if (sum != 0) for (int t = 0; t < taps; t++) weight[i * taps + t] /= (float) sum;
            }
            return new Kernel(taps, index, weight);
        }

        static double catmullRom(double x) {
            x = Math.abs(x);
            if (x < 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
            if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
            return 0;
        }

        /// A tent over one output sample on each side (in output units): an anti-aliased area average.
        static double box(double x) { return Math.max(0, 1 - Math.abs(x)); }
    }
}
