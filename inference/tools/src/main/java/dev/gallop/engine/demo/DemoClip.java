package dev.gallop.engine.demo;

import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.models.demo.ToneSynth;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.StructuredPrompt;
import java.util.SplittableRandom;

/// One generated training clip: the scene, its prompt, frames, sound controls and waveform.
///
/// @param controls [audioFrames, 3] tone controls (see [ToneSynth])
/// @param audio    audioFrames·HOP mono samples at 16 kHz
public record DemoClip(DemoScene scene, StructuredPrompt prompt, DecodedVideo video, float[] controls, float[] audio, int audioFrames) {

    /// The clip of `scene` for a request of `seconds`.
    public static DemoClip of(DemoScene scene, StructuredPrompt prompt, double seconds) {
        int frames = DemoFormat.videoFrames(seconds), n = DemoFormat.audioFrames(seconds);
        DecodedVideo video = ClipRenderer.render(scene, frames);
        float[] controls = SceneSound.controls(scene, n, frames);
        return new DemoClip(scene, prompt, video, controls, ToneSynth.synthesize(controls, n), n);
    }

    /// Clip `index` of the training stream of `seed`: a training spec (never a held-out one), its scene, and the
    /// background-sound section described in half of the prompts.
    public static DemoClip training(long seed, long index, double seconds) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        DemoSpec spec = DemoSpec.sampleTraining(r);
        DemoScene scene = DemoScene.sample(spec, r);
        return of(scene, DemoPrompt.of(spec, r.nextBoolean()), seconds);
    }
}
