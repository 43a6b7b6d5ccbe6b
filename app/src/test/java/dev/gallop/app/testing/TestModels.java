package dev.gallop.app.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.randommodel.RandomModelWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// Model folders for tests: the tiny random DiT alone (latents only), or with the tiny Turbo-VAED and Oobleck
/// decoders from `tests/fixtures` (real decoded video and sound).
public final class TestModels {
    private TestModels() {}

    /// The checkout's root, a Gallop home with the built-in demo model in `assets/models/demo`.
    public static Path home() {
        return Path.of(System.getProperty("gallop.fixtures", "../tests/fixtures")).resolve("../..").toAbsolutePath().normalize();
    }

    /// Tiny random DiT, 3 distilled steps, no decoders.
    public static Path latentOnly(Path dir) throws IOException {
        Path m = dir.resolve("tiny-latents");
        RandomModelWriter.write(m, MagiHumanConfig.tiny(), 1, "distill", 3);
        return m;
    }

    /// Tiny random DiT (word text encoder) plus the tiny video and audio decoders: decodes to RGB frames and sound.
    public static Path withDecoders(Path dir) throws IOException {
        Path fixtures = Path.of(System.getProperty("gallop.fixtures", "../tests/fixtures"));
        Path m = dir.resolve("tiny-decoders");
        MagiHumanConfig dit = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(), 11, 1e-6f, 48, 64, 64, 16, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.write(m, dit, 5, "distill", 3);
        Path turbo = Files.createDirectories(m.resolve("turbo_vae"));
        Files.copy(fixtures.resolve("magihuman-decoders/turbo_vaed/config.json"), turbo.resolve("TurboV3-tiny.json"));
        Files.copy(fixtures.resolve("magihuman-decoders/turbo_vaed/weights.safetensors"), turbo.resolve("decoder.safetensors"));
        Path audio = Files.createDirectories(m.resolve("audio_vae"));
        Files.copy(fixtures.resolve("magihuman-decoders/oobleck/config.json"), audio.resolve("model_config.json"));
        Files.copy(fixtures.resolve("magihuman-decoders/oobleck/weights.safetensors"), audio.resolve("model.safetensors"));
        ObjectMapper om = new ObjectMapper();
        ObjectNode man = (ObjectNode) om.readTree(m.resolve("model.json").toFile());
        man.putObject("video_decoder").put("kind", "turbo-vaed").put("path", "turbo_vae");
        man.putObject("audio_decoder").put("kind", "oobleck").put("path", "audio_vae");
        om.writerWithDefaultPrettyPrinter().writeValue(m.resolve("model.json").toFile(), man);
        return m;
    }

    /// The tiny decoding model of [#withDecoders] plus a tiny random super-resolution DiT as its 540p stage (its output
    /// is noise-like; the pipeline runs the base and SR stages and decodes at the SR size); its drafts are 96×64.
    public static Path withSuperResolution(Path dir) throws IOException {
        Path m = withDecoders(dir);
        MagiHumanConfig dit = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(), 11, 1e-6f, 48, 64, 64, 16, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.writeDit(m.resolve("sr_540p"), dit, 9, 0);
        ObjectMapper om = new ObjectMapper();
        ObjectNode man = (ObjectNode) om.readTree(m.resolve("model.json").toFile());
        man.put("sr_540p", "sr_540p");
        man.put("video_size", "96x64");    // drafts at 96×64, finished at 192×128: small enough for UI tests
        om.writerWithDefaultPrettyPrinter().writeValue(m.resolve("model.json").toFile(), man);
        return m;
    }

    /// A short request (0.4 s → 9 frames) at 96×64 for `model`.
    public static GenerationRequest request(Path model, String prompt, long seed) {
        return new GenerationRequest(new StructuredPrompt(prompt, List.of(), ""), Optional.empty(), Optional.empty(), 0.4,
                new VideoSize(96, 64), seed, 0, model);
    }
}
