package dev.gallop.tests.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.demo.DemoModel;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.demo.DemoDecoderAccess;
import dev.gallop.engine.models.demo.DemoSceneDecoder;
import dev.gallop.engine.models.demo.DemoToneDecoder;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.tests.parity.Comparison;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/// The shipped demo model (assets/models/demo) against the outputs its PyTorch trainer wrote for fixed inputs
/// (tests/fixtures/demo-model, written by inference/tools/src/train/python/demo/export.py): the words text encoder, the
/// DiT forward on both token grids, and the decoders' reading of the latents.
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

    /// The DiT forward on the square (128×128) and the wide (448×256) token grid.
    @Test void ditForwardMatchesTheTrainer() throws Exception {
        Path dit = model().resolve("dit");
        MagiHumanConfig cfg = MagiHumanConfig.fromJson(dit.resolve("config.json"));
        CpuDevice device = CpuDevice.get();
        try (Checkpoint ck = Checkpoints.open(dit)) {
            Weights w = Weights.open(ck, device, WeightPolicy.KEEP);
            MagiHumanDit model = new MagiHumanDit(cfg, w, device);
            w.requireAllConsumed();
            for (String set : new String[] {"dit_io", "dit_wide_io"}) {
                try (SafetensorsFile io = SafetensorsFile.open(goldens().resolve(set + ".safetensors"))) {
                    DitOutput out = model.forward(new DitInput(Tensor.fromFloats(device, io.info("video").shape(), io.floats("video")),
                            Tensor.fromFloats(device, io.info("audio").shape(), io.floats("audio")),
                            Tensor.fromFloats(device, io.info("text").shape(), io.floats("text"))), Precision.F32);
                    check(Comparison.of(set + " out_video", out.video().toFloats(), io.floats("out_video"), 1e-4));
                    check(Comparison.of(set + " out_audio", out.audio().toFloats(), io.floats("out_audio"), 1e-4));
                }
            }
        }
    }

    /// The decoders' de-standardisation against the trainer's statistics: the scene of a latent (the mean over its
    /// grid) and the tone controls.
    @Test void decodersReadTheLatentsAsTheTrainerWroteThem() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(goldens().resolve("decoders_io.safetensors"))) {
            int[] z = io.info("video_latent").shape().dims();
            DemoSceneDecoder video = DemoSceneDecoder.load(model().resolve("video_decoder"));
            check(Comparison.of("scene", DemoDecoderAccess.scenes(video, io.floats("video_latent"), z[1], z[2] * z[3]), io.floats("scene"), 1e-5));
            int n = io.info("audio_latent").shape().dims()[0];
            DemoToneDecoder audio = DemoToneDecoder.load(model().resolve("audio_decoder"));
            check(Comparison.of("tone controls", audio.controls(io.floats("audio_latent"), n), io.floats("controls"), 1e-5));
        }
    }
}
