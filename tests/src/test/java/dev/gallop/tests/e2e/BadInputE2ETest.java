package dev.gallop.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.tests.e2e.ModelsRootE2ETest.Run;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Bad input on the CLI: each case is one clear message naming the component, the file and what was expected, a
/// non-zero exit, and no output file (not even a partial one) in the output folder.
class BadInputE2ETest {
    @TempDir static Path shared;
    static Path template;
    @TempDir Path dir;
    Path root, outDir;

    @BeforeAll static void writeOnce() throws IOException {
        template = TinyModelsRoot.write(shared.resolve("models"));
    }

    /// Each test breaks its own copy of the root.
    @BeforeEach void copy() throws IOException {
        root = dir.resolve("models");
        try (Stream<Path> s = Files.walk(template)) {
            for (Path p : s.toList()) {
                Path to = root.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        outDir = Files.createDirectories(dir.resolve("renders"));
    }

    Run generate(String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "--model", root.toString(), "--prompt", "hello", "--seconds", "0.4",
                "--size", "64x32", "--out", outDir.resolve("clip.mp4").toString()));
        a.addAll(List.of(extra));
        return ModelsRootE2ETest.gallop(a.toArray(String[]::new));
    }

    /// Exit 1, a message holding every one of `words`, and an empty output folder.
    void assertRefused(Run r, String... words) throws IOException {
        assertEquals(1, r.code(), r.err());
        for (String w : words) assertTrue(r.err().contains(w), "'" + w + "' missing from: " + r.err());
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(List.of(), s.toList(), "nothing is written for a failed generation");
        }
    }

    @Test void wrongFileInTheDitSlot() throws IOException {
        Path distill = root.resolve("diffusion_models/magihuman/distill");
        try (Stream<Path> s = Files.list(distill)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        TinyModelsRoot.textEncoder(distill);
        assertRefused(generate(), "dit-distill", "wrong file", distill.toString(),
                "no tensor 'adapter.video_embedder.weight'");
    }

    @Test void truncatedShard() throws IOException {
        Path shard = root.resolve("diffusion_models/magihuman/distill/model-00002-of-00002.safetensors");
        try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        assertRefused(generate(), "dit-distill", "model-00002-of-00002.safetensors", "truncated");
    }

    @Test void fingerprintMismatchUntilTheUserAcceptsTheNewFile() throws IOException {
        Path latents = outDir.resolve("clip.safetensors");
        Run first = generate("--out", latents.toString());
        assertEquals(0, first.code(), first.err());
        Files.delete(latents);
        Files.delete(outDir.resolve("clip.steps.safetensors"));
        Path cfg = root.resolve("text_encoders/t5gemma-9b-9b-ul2/config.json");
        Files.writeString(cfg, Files.readString(cfg) + "\n");          // same settings, different bytes
        for (int i = 0; i < 2; i++) {                                   // refused every time, not just once
            assertRefused(generate("--out", latents.toString()), "text-encoder", "does not match its fingerprint",
                    "t5gemma-9b-9b-ul2/config.json", "gallop models --root");
        }
        assertEquals(0, ModelsRootE2ETest.gallop("models", "--root", root.toString()).code());
        Run accepted = generate("--out", latents.toString());
        assertEquals(0, accepted.code(), accepted.err());
    }

    @Test void missingTokenizer() throws IOException {
        Files.delete(root.resolve("text_encoders/t5gemma-9b-9b-ul2/tokenizer.json"));
        assertRefused(generate(), "text-encoder", "missing tokenizer.json", "t5gemma-9b-9b-ul2");
    }

    @Test void imageThatCannotBeDecoded() throws IOException {
        Path bad = Files.writeString(dir.resolve("photo.png"), "this is not a picture");
        assertRefused(generate("--image", bad.toString()), "image file " + bad, "cannot be decoded");
    }

    @Test void audioThatCannotBeDecoded() throws IOException {
        Path bad = Files.writeString(dir.resolve("voice.wav"), "RIFF? no, just text");
        assertRefused(generate("--audio", bad.toString()), "audio file " + bad, "cannot be decoded");
    }

    @Test void imageWithoutTheWanVaeNamesWhereItGoes() throws IOException {
        Files.delete(root.resolve("vae/wan2.2_vae.safetensors"));
        Path png = Media.png(dir.resolve("ref.png"), 40, 40);
        assertRefused(generate("--image", png.toString()), "cannot take a reference image", "wan-vae", "is missing",
                root.toAbsolutePath().resolve("vae/wan2.2/Wan2.2_VAE.pth").toString());
    }

    @Test void resolutionsTheModelCannotTake() throws IOException {
        assertRefused(generate("--sr", "540p", "--sr-size", "32x32"), "super-resolution size 32x32", "smaller than the base size 64x32");
        Path sr = root.resolve("diffusion_models/magihuman/1080p_sr");
        try (Stream<Path> s = Files.list(sr)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(sr);
        assertRefused(generate("--sr", "1080p", "--sr-size", "128x64"), "cannot upscale to 1080p", "dit-1080p-sr",
                root.toAbsolutePath().resolve("diffusion_models/magihuman/1080p_sr").toString());
        Run badSr = generate("--sr", "720p");
        assertEquals(2, badSr.code(), badSr.err());
        assertTrue(badSr.err().contains("540p or 1080p"), badSr.err());
    }
}
