package dev.gallop.tests.parity.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.sampling.DistilledSampler;
import dev.gallop.engine.sampling.FlowSchedule;
import dev.gallop.engine.sampling.SuperResolution;
import dev.gallop.engine.sampling.UniPc;
import dev.gallop.tests.parity.GoldenDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// `sr_pipeline.safetensors`: distilled base stage, trilinear upsample, re-noise, SR audio input and the SR UniPC
/// stage. Everything bit-exact except the upsample, which is gated at 2e-6 of max |x| (spec §12).
class SrPipelineParityTest {
    static final double UPSAMPLE_REL = 2e-6;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gallop.tests.parity.samplers.Goldens#folders")
    void wholePipeline(GoldenDirs.Dir dir) {
        try (SafetensorsFile f = Goldens.open(dir, "sr_pipeline.safetensors")) {
            // Base stage (distilled re-noising, no guidance).
            int nb = Goldens.count(f, "base.step", ".x_next.video");
            assertTrue(nb > 0, "no base steps stored");
            float[] sig = FlowSchedule.shifted(nb).sigmas();
            float[] video = f.floats("init_noise.video"), audio = f.floats("init_noise.audio");
            for (int i = 0; i < nb; i++) {
                String s = "base.step" + i + ".";
                video = DistilledSampler.step(video, f.floats(s + "model_out.video"), sig[i], sig[i + 1], f.floats(s + "noise.video"));
                audio = DistilledSampler.step(audio, f.floats(s + "model_out.audio"), sig[i], sig[i + 1], f.floats(s + "noise.audio"));
                Compare.bitExact("sr_pipeline base step " + i + " x_next.video", f.floats(s + "x_next.video"), video);
                Compare.bitExact("sr_pipeline base step " + i + " x_next.audio", f.floats(s + "x_next.audio"), audio);
            }

            // Upsample (tolerance), then re-noise from the stored upsampled tensor (bit-exact).
            int[] lo = Goldens.dims(f, "init_noise.video");
            int[] hi = Goldens.dims(f, "sr.upsampled.video");
            float[] up = SuperResolution.upsample(video, lo[0], lo[1], lo[2], lo[3], hi[1], hi[2], hi[3]);
            float[] upRef = f.floats("sr.upsampled.video");
            double ratio = Compare.close("sr_pipeline sr.upsampled.video", upRef, up, UPSAMPLE_REL);
            System.out.println("sr.upsampled.video max|diff|/max|x| = " + ratio);
            float[] srVideo = SuperResolution.renoise(upRef, f.floats("sr.renoise_noise.video"));
            Compare.bitExact("sr_pipeline sr.step0.model_in.video", f.floats("sr.step0.model_in.video"), srVideo);
            float[] srAudio = SuperResolution.audioInput(audio, f.floats("sr.audio_noise"));
            Compare.bitExact("sr_pipeline sr.step0.model_in.audio", f.floats("sr.step0.model_in.audio"), srAudio);

            // SR stage: UniPC, one branch, video only (the SR audio output is discarded).
            int ns = Goldens.count(f, "sr.step", ".x_next.video");
            UniPc solver = new UniPc(FlowSchedule.shifted(ns));
            UniPc.State st = UniPc.State.initial();
            for (int i = 0; i < ns; i++) {
                String s = "sr.step" + i + ".";
                UniPc.Result r = solver.step(st, srVideo, f.floats(s + "model_out.video"));
                Compare.bitExact("sr_pipeline sr step " + i + " corrected.video", f.floats(s + "corrected.video"), r.corrected());
                Compare.bitExact("sr_pipeline sr step " + i + " x_next.video", f.floats(s + "x_next.video"), r.next());
                srVideo = r.next();
                st = r.state();
            }
            Compare.bitExact("sr_pipeline final.video", f.floats("final.video"), srVideo);
            Compare.bitExact("sr_pipeline final.audio (base audio)", f.floats("final.audio"), audio);
        }
    }
}
