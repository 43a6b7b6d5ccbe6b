package dev.gallop.tests.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.demo.DemoModel;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.demo.DemoAudioDecoder;
import dev.gallop.engine.models.demo.DemoVideoDecoder;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.tests.parity.Comparison;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/// The shipped demo model (assets/models/demo) against the outputs its PyTorch trainer wrote for fixed inputs
/// (tests/fixtures/demo-model, written by inference/src/train/python/demo/export.py): the DiT forward, the words text
/// encoder, and both decoders, vector and scalar paths.
class DemoModelParityTest {
    static Path goldens() { return GoldenDirs.resolve("gallop.goldens.demo", "demo-model"); }

    static Path model() {
        return DemoModel.folder().orElseThrow(() -> new IllegalStateException("the demo model (assets/models/demo) was not found"));
    }

    private static void check(Comparison c) {
        System.out.println("demo parity: " + c);
        assertTrue(c.ok(), c.toString());
    }

    @Test void textEncoderMatchesTheTrainer() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(goldens().resolve("dit_io.safetensors"))) {
            EmbeddingTextEncoder te = EmbeddingTextEncoder.load(model().resolve("text_encoder"));
            check(Comparison.of("text features", te.encode(io.metadata().get("prompt")).toFloats(), io.floats("text"), 1e-6));
        }
    }

    @Test void ditForwardMatchesTheTrainer() throws Exception {
        Path dit = model().resolve("dit");
        MagiHumanConfig cfg = MagiHumanConfig.fromJson(dit.resolve("config.json"));
        CpuDevice device = CpuDevice.get();
        try (Checkpoint ck = Checkpoints.open(dit); SafetensorsFile io = SafetensorsFile.open(goldens().resolve("dit_io.safetensors"))) {
            Weights w = Weights.open(ck, device, WeightPolicy.KEEP);
            MagiHumanDit model = new MagiHumanDit(cfg, w, device);
            w.requireAllConsumed();
            int[] v = io.info("video").shape().dims();
            DitOutput out = model.forward(new DitInput(Tensor.fromFloats(device, io.info("video").shape(), io.floats("video")),
                    Tensor.fromFloats(device, io.info("audio").shape(), io.floats("audio")),
                    Tensor.fromFloats(device, io.info("text").shape(), io.floats("text"))), Precision.F32);
            check(Comparison.of("dit out_video", out.video().toFloats(), io.floats("out_video"), 1e-4));
            check(Comparison.of("dit out_audio", out.audio().toFloats(), io.floats("out_audio"), 1e-4));
        }
    }

    @Test void videoDecoderMatchesTheTrainer() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(goldens().resolve("video_decoder_io.safetensors"))) {
            int[] z = io.info("latent").shape().dims();
            float[] vec = DemoVideoDecoder.load(model().resolve("video_decoder"), false).decodeFloats(io.floats("latent"), z[0], z[1], z[2], z[3], CancelToken.NEVER);
            float[] sca = DemoVideoDecoder.load(model().resolve("video_decoder"), true).decodeFloats(io.floats("latent"), z[0], z[1], z[2], z[3], CancelToken.NEVER);
            assertArrayEquals(sca, vec, "vector and scalar paths differ");
            check(Comparison.of("video decoder frames", vec, io.floats("frames"), 1e-4));
        }
    }

    @Test void audioDecoderMatchesTheTrainer() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(goldens().resolve("audio_decoder_io.safetensors"))) {
            int n = io.info("latent").shape().dims()[0];
            DemoAudioDecoder vec = DemoAudioDecoder.load(model().resolve("audio_decoder"), false);
            DemoAudioDecoder sca = DemoAudioDecoder.load(model().resolve("audio_decoder"), true);
            float[] cv = vec.controls(io.floats("latent"), n), cs = sca.controls(io.floats("latent"), n);
            check(Comparison.of("audio decoder controls", cv, io.floats("controls"), 1e-4));
            check(Comparison.of("audio decoder controls, scalar", cs, io.floats("controls"), 1e-4));
            check(Comparison.of("audio decoder waveform", vec.decode(io.floats("latent"), n).samples(), io.floats("audio"), 1e-3));
        }
    }
}
