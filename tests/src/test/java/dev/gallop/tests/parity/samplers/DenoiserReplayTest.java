package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.local.Denoiser;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.NoiseSource;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.Guidance;
import dev.gallop.engine.sampling.ImageConditioning;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The generator's own denoising loops ([Denoiser]) replayed against upstream's trajectories: a stand-in model
/// returns the stored velocities (and checks what the loop feeds it), a stand-in noise source hands out the stored
/// draws in upstream's order. Bit-exact except after the SR upsample, which the decoder goldens gate at 2e-6.
class DenoiserReplayTest {
    static final float[] TEXT = new float[1], NEGATIVE = new float[1];
    static final Denoiser.Steps IGNORE = (i, n, s, p) -> { };

    /// Hands out the stored draws in order, checking each request's size.
    static NoiseSource draws(SafetensorsFile f, String... keys) {
        Deque<float[]> q = new ArrayDeque<>();
        for (String k : keys) q.add(f.floats(k));
        return n -> {
            float[] next = q.removeFirst();
            assertEquals(next.length, n, "noise draw size");
            return next;
        };
    }

    static Denoiser.Geometry geometry(SafetensorsFile f, String video, String audio) {
        int[] v = Goldens.dims(f, video), a = Goldens.dims(f, audio);
        return new Denoiser.Geometry(v[0], v[1], v[2], v[3], a[0], a[1]);
    }

    static void distill(GoldenDirs.Dir dir, String prefix) {
        try (SafetensorsFile f = Goldens.open(dir, "distill8.safetensors")) {
            int n = Goldens.count(f, prefix + "step", ".x_next.video");
            Denoiser.Geometry g = geometry(f, prefix + "x0.video", prefix + "x0.audio");
            float[] image = f.contains(prefix + "image_latent") ? f.floats(prefix + "image_latent") : null;
            String[] keys = new String[2 * n];
            for (int i = 0; i < n; i++) {
                keys[2 * i] = prefix + "step" + i + ".noise.video";
                keys[2 * i + 1] = prefix + "step" + i + ".noise.audio";
            }
            AtomicInteger step = new AtomicInteger();
            Denoiser.Model model = (in, cancel) -> {
                int i = step.getAndIncrement();
                float[] seen = i == 0 ? f.floats(prefix + "x0.video") : f.floats(prefix + "step" + (i - 1) + ".x_next.video");
                if (image != null) seen = ImageConditioning.withFirstFrame(seen, g.channels(), g.frames(), g.height(), g.width(), image);
                Compare.bitExact("model input video, step " + i, seen, in.video());
                assertSame(TEXT, in.text());
                String s = prefix + "step" + i + ".";
                return new DitOutput(f.floats(s + "model_out.video"), f.floats(s + "model_out.audio"));
            };
            LatentClip out = Denoiser.distill(model, FlowSchedule.shifted(n), g, f.floats(prefix + "x0.video"), f.floats(prefix + "x0.audio"),
                    TEXT, new Denoiser.Conditions(image, false), draws(f, keys), IGNORE, CancelToken.NEVER);
            assertEquals(n, step.get());
            Compare.bitExact(prefix + "final.video", f.floats(prefix + "final.video"), out.video());
            Compare.bitExact(prefix + "final.audio", f.floats(prefix + "final.audio"), out.audio());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void distilledTextToVideo(GoldenDirs.Dir dir) { distill(dir, ""); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void distilledImageToVideo(GoldenDirs.Dir dir) { distill(dir, "ti2v."); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void baseModelUniPcWithGuidance(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "unipc32.safetensors")) {
            int n = Goldens.count(f, "step", ".x_next.video");
            Denoiser.Geometry g = geometry(f, "x0.video", "x0.audio");
            AtomicInteger calls = new AtomicInteger();
            Denoiser.Model model = (in, cancel) -> {
                int c = calls.getAndIncrement(), i = c / 2;
                boolean cond = c % 2 == 0;
                assertSame(cond ? TEXT : NEGATIVE, in.text(), "the prompt first, then the negative prompt");
                String s = "step" + i + "." + (cond ? "cond" : "uncond");
                return new DitOutput(f.floats(s + ".video"), f.floats(s + ".audio"));
            };
            LatentClip out = Denoiser.unipc(model, FlowSchedule.shifted(n), g, f.floats("x0.video"), f.floats("x0.audio"), TEXT, NEGATIVE,
                    Guidance.defaults(), Denoiser.Conditions.NONE, IGNORE, CancelToken.NEVER);
            assertEquals(2 * n, calls.get());
            Compare.bitExact("unipc32 final.video", f.floats("final.video"), out.video());
            Compare.bitExact("unipc32 final.audio", f.floats("final.audio"), out.audio());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void superResolutionStage(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "sr_pipeline.safetensors")) {
            int nb = Goldens.count(f, "base.step", ".x_next.video"), ns = Goldens.count(f, "sr.step", ".x_next.video");
            Denoiser.Geometry g = geometry(f, "init_noise.video", "init_noise.audio");
            String[] keys = new String[2 * nb + 2];
            for (int i = 0; i < nb; i++) {
                keys[2 * i] = "base.step" + i + ".noise.video";
                keys[2 * i + 1] = "base.step" + i + ".noise.audio";
            }
            keys[2 * nb] = "sr.renoise_noise.video";
            keys[2 * nb + 1] = "sr.audio_noise";
            NoiseSource noise = draws(f, keys);
            AtomicInteger base = new AtomicInteger(), sr = new AtomicInteger();
            Denoiser.Model baseModel = (in, cancel) -> {
                String s = "base.step" + base.getAndIncrement() + ".";
                return new DitOutput(f.floats(s + "model_out.video"), f.floats(s + "model_out.audio"));
            };
            LatentClip low = Denoiser.distill(baseModel, FlowSchedule.shifted(nb), g, f.floats("init_noise.video"), f.floats("init_noise.audio"),
                    TEXT, Denoiser.Conditions.NONE, noise, IGNORE, CancelToken.NEVER);
            int[] hi = Goldens.dims(f, "sr.upsampled.video");
            float[] srAudio = f.floats("sr.step0.model_in.audio");
            Denoiser.Model srModel = (in, cancel) -> {
                int i = sr.getAndIncrement();
                Compare.bitExact("SR audio input, step " + i + " (fixed)", srAudio, in.audio());
                if (i == 0) Compare.close("SR step 0 video input", f.floats("sr.step0.model_in.video"), in.video(), 2e-6);
                return new DitOutput(f.floats("sr.step" + i + ".model_out.video"), new float[in.audio().length]);
            };
            LatentClip out = Denoiser.superResolve(srModel, FlowSchedule.shifted(ns), low, hi[2], hi[3], TEXT, null, noise, IGNORE, CancelToken.NEVER);
            assertEquals(ns, sr.get());
            Compare.close("sr_pipeline final.video", f.floats("final.video"), out.video(), 2e-6);
            Compare.bitExact("sr_pipeline final.audio (the base audio)", f.floats("final.audio"), out.audio());
        }
    }
}
