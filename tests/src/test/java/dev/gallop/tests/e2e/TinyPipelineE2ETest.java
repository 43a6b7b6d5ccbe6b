package dev.gallop.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.tests.parity.t5gemma.TinyTokenizerJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The whole MagiHuman pipeline on tiny components written into a temporary model folder: the T5Gemma encoder,
/// a random-weight DiT whose text width matches it, the Turbo-VAED decoder and the Oobleck audio decoder (tiny
/// golden weights) → `gallop generate` → an MP4 with sound, read back with FFmpeg.
class TinyPipelineE2ETest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll static void assemble() throws Exception {
        Path fixtures = Path.of(System.getProperty("gallop.goldens.t5gemma")).getParent();
        model = dir.resolve("tiny-magihuman");
        MagiHumanConfig dit = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(), 11, 1e-6f, 48, 64, 64, 16, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.write(model, dit, 5, "distill", 3);

        Path te = Files.createDirectories(model.resolve("text_encoder_t5"));
        Files.copy(fixtures.resolve("t5gemma-encoder-tiny/config.json"), te.resolve("config.json"));
        Files.copy(fixtures.resolve("t5gemma-encoder-tiny/weights.safetensors"), te.resolve("model.safetensors"));
        TinyTokenizerJson.write(te);

        Path turbo = Files.createDirectories(model.resolve("turbo_vae"));
        Files.copy(fixtures.resolve("magihuman-decoders/turbo_vaed/config.json"), turbo.resolve("TurboV3-tiny.json"));
        Files.copy(fixtures.resolve("magihuman-decoders/turbo_vaed/weights.safetensors"), turbo.resolve("decoder.safetensors"));

        Path audio = Files.createDirectories(model.resolve("audio_vae"));
        Files.copy(fixtures.resolve("magihuman-decoders/oobleck/config.json"), audio.resolve("model_config.json"));
        Files.copy(fixtures.resolve("magihuman-decoders/oobleck/weights.safetensors"), audio.resolve("model.safetensors"));

        ObjectMapper om = new ObjectMapper();
        ObjectNode m = (ObjectNode) om.readTree(model.resolve("model.json").toFile());
        m.putObject("text_encoder").put("kind", "t5gemma").put("path", "text_encoder_t5");
        m.putObject("video_decoder").put("kind", "turbo-vaed").put("path", "turbo_vae");
        m.putObject("audio_decoder").put("kind", "oobleck").put("path", "audio_vae");
        om.writerWithDefaultPrettyPrinter().writeValue(model.resolve("model.json").toFile(), m);
    }

    @Test void textToVideoWritesAPlayableMp4WithSynchronizedSound() throws Exception {
        Path out = dir.resolve("renders/clip.mp4");
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(new String[] {"generate", "--model", model.toString(), "--prompt", "hello world",
                "--sound", "hello", "--seconds", "1", "--size", "96x64", "--seed", "3", "--out", out.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        MediaInfo info = MediaInfo.read(out);
        // 1 s: n = 26 audio latents, T = 7 latent frames → 25 video frames of 96×64
        assertEquals(25, info.videoFrames());
        assertEquals(96, info.width());
        assertEquals(64, info.height());
        assertEquals("h264", info.videoCodec());
        assertEquals("aac", info.audioCodec());
        assertEquals(44100, info.sampleRate());
        assertEquals(2, info.audioChannels());
        // 26 latents × 1764 samples at 44.1 kHz = 1.04 s of sound
        assertTrue(Math.abs(info.audioSamples() - 26 * 1764) < 2048, "audio samples " + info.audioSamples());
        String record = info.metadata().get("comment");
        assertNotNull(record, "the generation record is in the MP4 metadata");
        assertTrue(record.contains("\"seed\":3"), record);
        assertTrue(Files.exists(dir.resolve("renders/clip.json")), "JSON sidecar");
        assertTrue(Files.exists(dir.resolve("renders/clip.steps.safetensors")), "per-step x0");
    }
}
