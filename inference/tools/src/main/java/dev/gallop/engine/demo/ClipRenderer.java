package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.pipeline.DecodedVideo;

/// Draws a [DemoScene] into RGB frames: a flat background and the shape, anti-aliased by 4×4 supersampling of the
/// pixels near its outline. Deterministic (no randomness beyond the scene's parameters).
public final class ClipRenderer {
    private static final int SS = 4;

    private ClipRenderer() {}

    /// `frames` frames of `DemoFormat.WIDTH × HEIGHT`; the motion spans frames 0..frames − 1.
    public static DecodedVideo render(DemoScene scene, int frames) {
        int w = DemoFormat.WIDTH, h = DemoFormat.HEIGHT;
        byte[] rgb = new byte[frames * w * h * 3];
        for (int f = 0; f < frames; f++) drawFrame(scene, scene.pose(f, Math.max(1, frames - 1)), rgb, f * w * h * 3, w, h);
        return new DecodedVideo(rgb, frames, h, w);
    }

    private static void drawFrame(DemoScene scene, DemoScene.Pose p, byte[] out, int base, int w, int h) {
        DemoColor bg = scene.spec().background(), fg = scene.spec().color();
        DemoShape shape = scene.spec().shape();
        double cos = Math.cos(p.angle()), sin = Math.sin(p.angle()), ext = shape.extent(p.s()) + 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cover = 0;
                if (Math.abs(x + 0.5 - p.cx()) <= ext && Math.abs(y + 0.5 - p.cy()) <= ext) {
                    int inside = 0;
                    for (int sy = 0; sy < SS; sy++) {
                        for (int sx = 0; sx < SS; sx++) {
                            double dx = x + (sx + 0.5) / SS - p.cx(), dy = y + (sy + 0.5) / SS - p.cy();
                            // rotate the sample into the shape's frame (by −angle)
                            double lx = cos * dx + sin * dy, ly = -sin * dx + cos * dy;
                            if (shape.contains(lx, ly, p.s())) inside++;
                        }
                    }
                    cover = inside / (double) (SS * SS);
                }
                int o = base + (y * w + x) * 3;
                out[o] = (byte) mix(bg.r, fg.r, cover);
                out[o + 1] = (byte) mix(bg.g, fg.g, cover);
                out[o + 2] = (byte) mix(bg.b, fg.b, cover);
            }
        }
    }

    private static int mix(int a, int b, double t) { return (int) Math.round(a + (b - a) * t); }
}
