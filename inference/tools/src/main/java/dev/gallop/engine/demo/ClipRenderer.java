package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.SceneRenderer;
import dev.gallop.engine.pipeline.DecodedVideo;

/// Draws a [DemoScene] into RGB frames with the demo decoder's own [SceneRenderer]. Deterministic (no randomness
/// beyond the scene's parameters).
public final class ClipRenderer {
    private ClipRenderer() {}

    /// `frames` frames of `width`×`height`; the motion spans frames 0..frames − 1.
    public static DecodedVideo render(DemoScene scene, int frames, int width, int height) {
        int size = width * height * 3;
        byte[] rgb = new byte[Math.multiplyExact(frames, size)];
        for (int f = 0; f < frames; f++) SceneRenderer.draw(scene.scenePose(f, Math.max(1, frames - 1)), rgb, f * size, width, height);
        return new DecodedVideo(rgb, frames, height, width);
    }
}
