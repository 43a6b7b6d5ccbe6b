package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.models.demo.SceneLatent;
import dev.gallop.engine.models.demo.ScenePose;
import dev.gallop.engine.models.demo.ToneSynth;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.StructuredPrompt;
import java.util.SplittableRandom;

/// One generated clip: the scene, its prompt and its length; its frames, sound controls, waveform and latents are
/// made from the scene on request.
///
/// @param frames      video frames 1 + 4(T − 1)
/// @param audioFrames audio frames n (one per video frame, frame 0 included)
public record DemoClip(DemoScene scene, StructuredPrompt prompt, int frames, int audioFrames) {

    /// The clip of `scene` for a request of `seconds`.
    public static DemoClip of(DemoScene scene, StructuredPrompt prompt, double seconds) {
        return new DemoClip(scene, prompt, DemoFormat.videoFrames(seconds), DemoFormat.audioFrames(seconds));
    }

    /// Clip `index` of the training stream of `seed`: a training spec (never a held-out one), its scene, and the
    /// background-sound section described in half of the prompts.
    public static DemoClip training(long seed, long index, double seconds) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        DemoSpec spec = DemoSpec.sampleTraining(r);
        DemoScene scene = DemoScene.sample(spec, r);
        return of(scene, DemoPrompt.of(spec, r.nextBoolean()), seconds);
    }

    /// The frames at `width`×`height`.
    public DecodedVideo video(int width, int height) { return ClipRenderer.render(scene, frames, width, height); }

    /// The frames at the model's own size.
    public DecodedVideo video() { return video(DemoFormat.WIDTH, DemoFormat.HEIGHT); }

    /// Tone controls [audioFrames, 3] (see [ToneSynth]).
    public float[] controls() { return SceneSound.controls(scene, audioFrames, frames); }

    /// audioFrames·HOP mono samples at 16 kHz.
    public float[] audio() { return ToneSynth.synthesize(controls(), audioFrames); }

    /// The raw scene latent [CHANNELS, T] (channel-major; see [SceneLatent]).
    public float[] latent() {
        int t = (frames - 1) / SceneLatent.FRAMES + 1, c = SceneLatent.CHANNELS;
        double duration = Math.max(1, frames - 1);
        float[] out = new float[c * t];
        for (int ti = 0; ti < t; ti++) {
            ScenePose[] poses;
            if (ti == 0) {
                poses = new ScenePose[] {scene.scenePose(0, duration)};
            } else {
                poses = new ScenePose[SceneLatent.FRAMES];
                for (int j = 0; j < poses.length; j++) poses[j] = scene.scenePose(4 * ti - 3 + j, duration);
            }
            float[] z = SceneLatent.encode(poses);
            for (int ch = 0; ch < c; ch++) out[ch * t + ti] = z[ch];
        }
        return out;
    }
}
