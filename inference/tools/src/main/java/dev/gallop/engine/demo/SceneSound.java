package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.ToneSynth;

/// The sound of a [DemoScene]: the tone's pitch follows the shape's height, its loudness the shape's size, and every
/// bounce on the floor clicks. Controls for [ToneSynth], one row per video frame (the audio latent's rate).
public final class SceneSound {
    private SceneSound() {}

    /// Controls [n, 3] for n audio frames of a clip whose motion spans `videoFrames` frames.
    public static float[] controls(DemoScene scene, int n, int videoFrames) {
        float[] c = new float[n * ToneSynth.CONTROLS];
        for (int i = 0; i < n; i++) {
            DemoScene.Pose p = scene.pose(i, Math.max(1, videoFrames - 1));
            c[i * 3] = ToneSynth.pitchOfHeight(p.cy());
            c[i * 3 + 1] = (float) (0.25 + 0.5 * Math.min(1.0, p.s() * 4));   // full at a quarter of the frame
            c[i * 3 + 2] = scene.contact(i) ? 1f : 0f;
        }
        return c;
    }
}
