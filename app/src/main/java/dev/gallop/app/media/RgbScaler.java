package dev.gallop.app.media;

/// Fits packed RGB pictures into another size: bilinear, aspect kept, the rest black (letterbox or pillarbox).
public final class RgbScaler {
    private RgbScaler() {}

    public static byte[] fit(byte[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src;
        byte[] out = new byte[dw * dh * 3];
        double k = Math.min(dw / (double) sw, dh / (double) sh);
        int w = Math.max(1, (int) Math.round(sw * k)), h = Math.max(1, (int) Math.round(sh * k));
        int ox = (dw - w) / 2, oy = (dh - h) / 2;
        for (int y = 0; y < h; y++) {
            double sy = Math.clamp((y + 0.5) * sh / h - 0.5, 0, sh - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, sh - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.clamp((x + 0.5) * sw / w - 0.5, 0, sw - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, sw - 1);
                double fx = sx - x0;
                int o = ((oy + y) * dw + ox + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double top = (src[(y0 * sw + x0) * 3 + c] & 0xff) * (1 - fx) + (src[(y0 * sw + x1) * 3 + c] & 0xff) * fx;
                    double bot = (src[(y1 * sw + x0) * 3 + c] & 0xff) * (1 - fx) + (src[(y1 * sw + x1) * 3 + c] & 0xff) * fx;
                    out[o + c] = (byte) Math.round(top * (1 - fy) + bot * fy);
                }
            }
        }
        return out;
    }
}
