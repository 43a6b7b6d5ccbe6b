package dev.gallop.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.media.MediaInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `gallop generate --model ROOT` on a models root in the real layout (tiny components): each mode writes an MP4 with
/// sound that FFmpeg reads back with the expected frame count, size, duration and audio stream.
class ModelsRootE2ETest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path dir;
    static Path root;

    record Run(int code, String out, String err) {}

    static Run gallop(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /// `generate` on the root with the common options plus `extra`; asserts success.
    static Run generate(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "--model", root.toString(), "--prompt", "hello world",
                "--dialogue", "A man|english|hello", "--sound", "hello", "--seed", "3", "--out", out.toString()));
        a.addAll(List.of(extra));
        Run r = gallop(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @BeforeAll static void write() throws Exception {
        root = TinyModelsRoot.write(dir.resolve("models"));
    }

    /// The MP4 plays: H.264 frames of the given size and count, AAC stereo at 44.1 kHz with `latents` × 1764 samples.
    static MediaInfo assertPlayable(Path mp4, int frames, int width, int height, int latents) throws Exception {
        MediaInfo info = MediaInfo.read(mp4);
        assertEquals("h264", info.videoCodec());
        assertEquals(frames, info.videoFrames());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        assertEquals(25.0, info.frameRate(), 1e-6);
        assertEquals("aac", info.audioCodec());
        assertEquals(44100, info.sampleRate());
        assertEquals(2, info.audioChannels());
        assertTrue(Math.abs(info.audioSamples() - latents * 1764L) < 2048, "audio samples " + info.audioSamples() + ", expected about " + latents * 1764);
        // the container lasts as long as its longer stream (the sound: n latents cover 4 frames more than the video)
        assertEquals(Math.max(frames / 25.0, latents * 1764 / 44100.0), info.durationSeconds(), 0.05);
        assertNotNull(info.metadata().get("comment"), "the generation record is in the MP4");
        return info;
    }

    @Test void textToVideoWithTheDistilledModel() throws Exception {
        Path out = dir.resolve("t2v.mp4");
        Run r = generate(out, "--seconds", "1", "--size", "96x64");
        assertTrue(r.err().contains("magihuman-distill") && r.err().contains("step 8/8"), r.err());
        MediaInfo info = assertPlayable(out, 25, 96, 64, 26);   // 1 s: n = 26, T = 7, 25 frames
        assertTrue(info.metadata().get("comment").contains("\"sampler\":\"distill\""), info.metadata().toString());
        assertEquals(1.0, JSON.readTree(info.metadata().get("comment")).get("seconds").asDouble(), "a text-only run records the seconds asked");
    }

    @Test void imageToVideoStartsFromTheImageLatent() throws Exception {
        Path png = Media.png(dir.resolve("ref.png"), 80, 50);
        Path out = dir.resolve("i2v.mp4");
        generate(out, "--seconds", "0.6", "--size", "64x32", "--image", png.toString());
        assertPlayable(out, 13, 64, 32, 16);                    // 0.6 s: n = 16, T = 4, 13 frames
        float[] expected = Media.imageLatent(root, png, 64, 32);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("i2v.steps.safetensors"))) {
            assertEquals("[48, 4, 2, 4]", f.info("final.video").shape().toString());
            float[] v = f.floats("final.video");
            for (int c = 0; c < 48; c++) {
                for (int k = 0; k < 8; k++) assertEquals(expected[c * 8 + k], v[c * 4 * 8 + k], "channel " + c + " of latent frame 0");
            }
        }
    }

    @Test void audioConditionedClipFollowsTheTrackAndKeepsIt() throws Exception {
        Path wav = Media.tone(dir.resolve("voice.wav"), 0.62, 44100);
        Path out = dir.resolve("a2v.mp4");
        Run r = generate(out, "--size", "64x32", "--audio", wav.toString());    // asks for up to 30 s
        assertTrue(r.err().contains("encoding audio"), r.err());
        // 0.62 s at 51.2 kHz = 31744 samples → 15 audio latents → T = 4 → 13 frames
        MediaInfo info = assertPlayable(out, 13, 64, 32, 15);
        float[] expected = Media.audioLatent(root, wav, 751, 3);
        float[] audio;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("a2v.steps.safetensors"))) {
            assertEquals("[15, 64]", f.info("final.audio").shape().toString());
            audio = f.floats("final.audio");
            assertArrayEquals(expected, audio, "the clean audio condition is the clip's audio latent");
        }
        // the record states the length generated, (15 − 1)/25 = 0.56 s, not the 30 s asked for
        for (String record : List.of(info.metadata().get("comment"), Files.readString(dir.resolve("a2v.json")))) {
            assertEquals(0.56, JSON.readTree(record).get("seconds").asDouble(), 1e-9, record);
        }
        // running what it records gives a clip of the same length, from the track's first 15 latents (15 × 2048 samples;
        // the first run encoded the whole track, whose last half latent is within the encoder's receptive field)
        Path again = dir.resolve("a2v-again.mp4");
        generate(again, "--size", "64x32", "--audio", wav.toString(), "--seconds", "0.56");
        assertPlayable(again, 13, 64, 32, 15);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("a2v-again.steps.safetensors"))) {
            assertArrayEquals(Media.audioLatent(root, wav, 15, 3), f.floats("final.audio"));
        }
    }

    @Test void imageAndAudioTogether() throws Exception {
        Path png = Media.png(dir.resolve("both.png"), 40, 90);
        Path wav = Media.tone(dir.resolve("both.wav"), 1.5, 22050);
        Path out = dir.resolve("both.mp4");
        generate(out, "--seconds", "0.5", "--size", "32x64", "--image", png.toString(), "--audio", wav.toString());
        // at most the 14 latents of a 0.5 s text-only run (round(12.5) + 1): 28672 samples of the 1.5 s track → T = 4 → 13 frames
        MediaInfo info = assertPlayable(out, 13, 32, 64, 14);
        assertEquals(0.52, JSON.readTree(info.metadata().get("comment")).get("seconds").asDouble(), 1e-9);
        float[] image = Media.imageLatent(root, png, 32, 64);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("both.steps.safetensors"))) {
            float[] v = f.floats("final.video");
            for (int c = 0; c < 48; c++) {
                for (int k = 0; k < 8; k++) assertEquals(image[c * 8 + k], v[c * 4 * 8 + k]);
            }
            assertArrayEquals(Media.audioLatent(root, wav, 14, 3), f.floats("final.audio"));
        }
    }


    @Test void baseModelWithGuidance() throws Exception {
        Path out = dir.resolve("base.mp4");
        Run r = generate(out, "--variant", "base", "--steps", "2", "--seconds", "0.4", "--size", "64x32");
        assertTrue(r.err().contains("magihuman-base") && r.err().contains("step 2/2"), r.err());
        MediaInfo info = assertPlayable(out, 9, 64, 32, 11);
        String record = info.metadata().get("comment");
        assertTrue(record.contains("\"sampler\":\"unipc\"") && record.contains("\"variant\":\"base\""), record);
    }

    @Test void superResolution540pThenDecodeAtTheLargerSize() throws Exception {
        Path out = dir.resolve("sr540.mp4");
        Run r = generate(out, "--seconds", "0.4", "--size", "64x32", "--sr", "540p", "--sr-size", "128x64", "--steps", "2");
        assertTrue(r.err().contains("super-resolution 540p") && r.err().contains("sr-540p step 5/5"), r.err());
        assertPlayable(out, 9, 128, 64, 11);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("sr540.steps.safetensors"))) {
            assertEquals("[48, 3, 4, 8]", f.info("final.video").shape().toString());
            for (int i = 0; i < 5; i++) assertTrue(f.contains("sr-540p.step" + i + ".x0.video"), "SR step " + i);
            assertEquals("[48, 3, 2, 4]", f.info("step1.x0.video").shape().toString());
        }
    }

    @Test void superResolution1080pWithFrameWindowAttentionAndAnImage() throws Exception {
        Path png = Media.png(dir.resolve("sr.png"), 64, 64);
        Path out = dir.resolve("sr1080.mp4");
        generate(out, "--seconds", "1", "--size", "32x32", "--sr", "1080p", "--sr-size", "64x64", "--steps", "1", "--image", png.toString());
        assertPlayable(out, 25, 64, 64, 26);
        float[] image = Media.imageLatent(root, png, 64, 64);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("sr1080.steps.safetensors"))) {
            float[] v = f.floats("final.video");
            for (int c = 0; c < 48; c++) {
                for (int k = 0; k < 16; k++) assertEquals(image[c * 16 + k], v[c * 7 * 16 + k], "SR frame 0 is the image at the SR size");
            }
        }
    }
}
