package dev.gallop.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.t5gemma.T5GemmaConfig;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.tests.parity.GoldenDirs;
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
/// a random-weight DiT whose text width matches it, the Turbo-VAED decoder and the Oobleck audio decoder (golden
/// weights: the first folder of `-Dgallop.goldens.t5gemma`, `.turbovaed` and `.oobleck` each) → `gallop generate` → an
/// MP4 with sound, read back with FFmpeg. The DiT's widths and the expected frame count, picture size and sound length
/// follow the components' configs.
class TinyPipelineE2ETest {
    @TempDir static Path dir;
    static Path model;
    static TurboVaedConfig turbo;
    static OobleckConfig audio;

    @BeforeAll static void assemble() throws Exception {
        Path t5 = GoldenDirs.first("gallop.goldens.t5gemma", "t5gemma-encoder-tiny");
        Path vae = GoldenDirs.first("gallop.goldens.turbovaed", "magihuman-decoders/turbo_vaed");
        Path sao = GoldenDirs.first("gallop.goldens.oobleck", "magihuman-decoders/oobleck");
        ObjectMapper om = new ObjectMapper();
        turbo = TurboVaedConfig.fromJson(om.readTree(vae.resolve("config.json").toFile()));
        audio = OobleckConfig.load(sao.resolve("config.json"));
        int text = T5GemmaConfig.fromJson(t5.resolve("config.json")).hidden();
        model = dir.resolve("tiny-magihuman");
        MagiHumanConfig dit = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(), 11, 1e-6f, turbo.latentChannels(), audio.decoderLatent(), text, 16, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.write(model, dit, 5, "distill", 3);

        Path te = Files.createDirectories(model.resolve("text_encoder_t5"));
        Files.copy(t5.resolve("config.json"), te.resolve("config.json"));
        Files.copy(t5.resolve("weights.safetensors"), te.resolve("model.safetensors"));
        TinyTokenizerJson.write(te);

        Path tv = Files.createDirectories(model.resolve("turbo_vae"));
        Files.copy(vae.resolve("config.json"), tv.resolve("TurboV3-tiny.json"));
        Files.copy(vae.resolve("weights.safetensors"), tv.resolve("decoder.safetensors"));

        Path av = Files.createDirectories(model.resolve("audio_vae"));
        Files.copy(sao.resolve("config.json"), av.resolve("model_config.json"));
        Files.copy(sao.resolve("weights.safetensors"), av.resolve("model.safetensors"));

        ObjectNode m = (ObjectNode) om.readTree(model.resolve("model.json").toFile());
        m.putObject("text_encoder").put("kind", "t5gemma").put("path", "text_encoder_t5");
        m.putObject("video_decoder").put("kind", "turbo-vaed").put("path", "turbo_vae");
        m.putObject("audio_decoder").put("kind", "oobleck").put("path", "audio_vae");
        om.writerWithDefaultPrettyPrinter().writeValue(model.resolve("model.json").toFile(), m);
    }

    @Test void textToVideoWritesAPlayableMp4WithSynchronizedSound() throws Exception {
        Path out = dir.resolve("renders/clip.mp4");
        int px = turbo.pixelStride(), width = 6 * px, height = 4 * px;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(new String[] {"generate", "--model", model.toString(), "--prompt", "hello world",
                "--sound", "hello", "--seconds", "1", "--size", width + "x" + height, "--seed", "3", "--out", out.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        MediaInfo info = MediaInfo.read(out);
        // 1 s: n = 26 audio latents, T = ⌊(n − 1)/4⌋ + 1 = 7 latent frames → 1 + s·(T − 1) video frames (s = 4: 25)
        int n = 26, t = (n - 1) / 4 + 1;
        assertEquals(1 + turbo.frameStride() * (t - 1), info.videoFrames());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        assertEquals("h264", info.videoCodec());
        assertEquals("aac", info.audioCodec());
        assertEquals(44100, info.sampleRate());
        assertEquals(audio.ioChannels(), info.audioChannels());
        // n latents × hop samples at 51.2 kHz, resampled by 441/512 (1764 per latent for the real hop of 2048)
        long samples = (long) n * audio.hopLength() * 441 / 512;
        assertTrue(Math.abs(info.audioSamples() - samples) < 2048, "audio samples " + info.audioSamples() + ", expected about " + samples);
        String record = info.metadata().get("comment");
        assertNotNull(record, "the generation record is in the MP4 metadata");
        assertTrue(record.contains("\"seed\":3"), record);
        assertTrue(Files.exists(dir.resolve("renders/clip.json")), "JSON sidecar");
        assertTrue(Files.exists(dir.resolve("renders/clip.steps.safetensors")), "per-step x0");
    }
}
