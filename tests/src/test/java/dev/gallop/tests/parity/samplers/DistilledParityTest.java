package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.sampling.DistilledSampler;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.ImageConditioning;
import dev.gallop.tests.parity.GoldenDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// `distill8.safetensors`: the distilled re-noising loop replayed from `x0` with the stored velocities and noise,
/// text-to-video and image-to-video. Every `x_next` and the final tensors must be bit-exact.
class DistilledParityTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void textToVideo(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "distill8.safetensors")) {
            replay(f, "", "distill8 t2v");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void imageToVideo(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "distill8.safetensors")) {
            replay(f, "ti2v.", "distill8 ti2v");
        }
    }

    /// Replays a distilled trajectory stored under `prefix`; frame 0 is pinned when `prefix + "image_latent"` exists.
    static float[][] replay(SafetensorsFile f, String prefix, String label) {
        int n = Goldens.count(f, prefix + "step", ".x_next.video");
        assertTrue(n > 0, label + ": no steps stored");
        FlowSchedule sched = FlowSchedule.shifted(n);
        float[] sig = sched.sigmas();
        int[] d = Goldens.dims(f, prefix + "x0.video");
        float[] image = f.contains(prefix + "image_latent") ? f.floats(prefix + "image_latent") : null;
        float[] video = f.floats(prefix + "x0.video");
        float[] audio = f.floats(prefix + "x0.audio");
        for (int i = 0; i < n; i++) {
            String s = prefix + "step" + i + ".";
            if (image != null) video = ImageConditioning.withFirstFrame(video, d[0], d[1], d[2], d[3], image);
            video = DistilledSampler.step(video, f.floats(s + "model_out.video"), sig[i], sig[i + 1], f.floats(s + "noise.video"));
            audio = DistilledSampler.step(audio, f.floats(s + "model_out.audio"), sig[i], sig[i + 1], f.floats(s + "noise.audio"));
            Compare.bitExact(label + " step " + i + " x_next.video", f.floats(s + "x_next.video"), video);
            Compare.bitExact(label + " step " + i + " x_next.audio", f.floats(s + "x_next.audio"), audio);
        }
        if (image != null) video = ImageConditioning.withFirstFrame(video, d[0], d[1], d[2], d[3], image);
        if (f.contains(prefix + "final.video")) {
            Compare.bitExact(label + " final.video", f.floats(prefix + "final.video"), video);
            Compare.bitExact(label + " final.audio", f.floats(prefix + "final.audio"), audio);
        }
        return new float[][] {video, audio};
    }
}
