package dev.gallop.engine.models.demo;

/// Draws [ScenePose]s into RGB bytes: a flat background and the shape with a one-pixel anti-aliased edge (coverage
/// = clamp(½ − d, 0, 1) for the signed distance d in pixels of the pixel's centre). A blend of shapes draws the
/// weighted mean of their distance fields, so a preview of a half-decided shape is a shape between the two. Used both
/// for the clips the demo model learns from and by its video decoder, so that a sample and a training clip of the same
/// scene are the same pixels.
public final class SceneRenderer {
    private static final double NEGLIGIBLE = 1e-4;

    private SceneRenderer() {}

    /// Draws `p` into `out` at `offset` as a `width`×`height` RGB frame.
    public static void draw(ScenePose p, byte[] out, int offset, int width, int height) {
        double side = Math.min(width, height);
        double cx = p.x() * width, cy = p.y() * height, s = Math.max(0, p.size() * side);
        double cos = Math.cos(p.angle()), sin = Math.sin(p.angle());
        double[] w = p.shapeWeights();
        double ext = 0;
        for (int k = 0; k < ShapeField.SHAPES; k++) if (w[k] > NEGLIGIBLE) ext = Math.max(ext, ShapeField.extent(k, s));
        ext += 2;
        int bgR = level(p.background()[0]), bgG = level(p.background()[1]), bgB = level(p.background()[2]);
        double fr = clamp01(p.color()[0]), fg = clamp01(p.color()[1]), fb = clamp01(p.color()[2]);
        double br = clamp01(p.background()[0]), bgg = clamp01(p.background()[1]), bb = clamp01(p.background()[2]);
        int y0 = (int) Math.max(0, Math.floor(cy - ext)), y1 = (int) Math.min(height, Math.ceil(cy + ext));
        int x0 = (int) Math.max(0, Math.floor(cx - ext)), x1 = (int) Math.min(width, Math.ceil(cx + ext));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = offset + (y * width + x) * 3;
                double cover = 0;
                if (y >= y0 && y < y1 && x >= x0 && x < x1) {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    double lx = cos * dx + sin * dy, ly = -sin * dx + cos * dy;   // into the shape's frame (by −angle)
                    double d = 0;
                    for (int k = 0; k < ShapeField.SHAPES; k++) if (w[k] > NEGLIGIBLE) d += w[k] * ShapeField.distance(k, lx, ly, s);
                    cover = clamp01(0.5 - d);
                }
                if (cover == 0) {
                    out[o] = (byte) bgR;
                    out[o + 1] = (byte) bgG;
                    out[o + 2] = (byte) bgB;
                } else {
                    out[o] = (byte) level(br + (fr - br) * cover);
                    out[o + 1] = (byte) level(bgg + (fg - bgg) * cover);
                    out[o + 2] = (byte) level(bb + (fb - bb) * cover);
                }
            }
        }
    }

    private static double clamp01(double v) { return Double.isNaN(v) ? 0 : Math.clamp(v, 0.0, 1.0); }

    private static int level(double v) { return (int) Math.round(clamp01(v) * 255); }
}
