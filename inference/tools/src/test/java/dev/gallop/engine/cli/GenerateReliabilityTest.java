package dev.gallop.engine.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.testing.ChildJvm;
import dev.gallop.engine.testing.FullDisk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The failures of the reliability report, each reproduced on the CLI with the shipped demo model (or a broken copy
/// of it): every one now fails early with one clear line, writes nothing, or writes only complete files.
class GenerateReliabilityTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run gallop(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = GallopCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Run generate(Path model, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "--prompt", "a red circle bouncing on a blue background", "--out", out.toString()));
        if (model != null) a.addAll(List.of("--model", model.toString()));
        a.addAll(List.of(extra));
        return gallop(a.toArray(String[]::new));
    }

    private static List<String> names(Path d) throws IOException {
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /// Failed before any denoising step, and nothing in the output folder.
    private static void failedEarly(Run r, Path outDir, String... words) throws IOException {
        assertEquals(1, r.code(), r.err());
        for (String w : words) assertTrue(r.err().contains(w), "'" + w + "' missing from: " + r.err());
        assertFalse(r.err().contains("step 1/"), "it failed only after denoising: " + r.err());
        assertEquals(List.of(), names(outDir), "nothing is written");
    }

    @Test void aHugeSizeIsOneClearLineNotAnOverflow() throws IOException {
        Path out = dir.resolve("out");
        Run r = generate(null, out.resolve("big.mp4"), "--size", "100000x100000");
        failedEarly(r, out, "100000×100000", "largest size, 4096×4096");
        Run tooLong = generate(null, out.resolve("long.mp4"), "--size", "4096x4096", "--seconds", "30");
        failedEarly(tooLong, out, "at most", "s, or ask for a smaller size");
    }

    @Test void anUnwritableOutputFolderFailsBeforeTheWork() throws IOException {
        Path blocker = Files.writeString(dir.resolve("renders"), "a file, not a folder");
        Run r = generate(null, blocker.resolve("k.mp4"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot create the output folder " + blocker) && r.err().contains("in the way"), r.err());
        assertFalse(r.err().contains("step 1/"), r.err());
    }

    @Test void aDecoderThatCannotBeOpenedFailsBeforeDenoising() throws IOException {
        Path model = DemoCopy.of(dir.resolve("demo"));
        Path dec = model.resolve("video_decoder/decoder.safetensors");
        byte[] b = Files.readAllBytes(dec);
        Files.write(dec, java.util.Arrays.copyOf(b, b.length / 2));
        Path out = dir.resolve("out");
        failedEarly(generate(model, out.resolve("k.mp4")), out, dec.toString());
    }

    @Test void nanWeightsAreRefusedAtLoadNamingTheTensorAndIndex() throws IOException {
        Path model = DemoCopy.of(dir.resolve("demo"));
        DemoCopy.rewrite(model.resolve("dit/model.safetensors"), (k, v) -> {
            if (k.equals("block.layers.2.mlp.down_proj.weight")) v[1000] = Float.NaN;
            return v;
        });
        Path out = dir.resolve("out");
        failedEarly(generate(model, out.resolve("k.mp4")), out, "'block.layers.2.mlp.down_proj.weight'", "NaN", "index 1000 ([2, 320] in [128, 340])");
    }

    @Test void aJobThatGoesNonFiniteFailsWithAMessageAndWritesNothing() throws IOException {
        Path model = DemoCopy.of(dir.resolve("demo"));
        DemoCopy.rewrite(model.resolve("dit/model.safetensors"), (k, v) -> {
            if (k.equals("final_linear_video.weight")) for (int i = 0; i < v.length; i++) v[i] = 3e38f;
            return v;
        });
        Path out = dir.resolve("out");
        Run r = generate(model, out.resolve("k.mp4"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("non-finite"), r.err());
        assertEquals(List.of(), names(out), "no all-black clip, no sidecar");
    }

    @Test void aPromptLongerThanTheModelReadsIsRefusedNotCut() throws IOException {
        String words = String.join(" ", Collections.nCopies(700, "red"));
        Path out = dir.resolve("out");
        Run r = gallop("generate", "--prompt", words, "--out", out.resolve("k.mp4").toString());
        failedEarly(r, out, "tokens long", "at most 640", "'red'");
        Run huge = gallop("generate", "--prompt", String.join(" ", Collections.nCopies(10_000, "circle")), "--out", out.resolve("k.mp4").toString());
        failedEarly(huge, out, "characters long");
    }

    @Test void threeRunsOnOneOutputNeverMixTheirFiles() throws Exception {
        Path out = dir.resolve("out/c.mp4");
        CountDownLatch go = new CountDownLatch(1);
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        List<Thread> ts = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            String s = Integer.toString(seed);
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                runs.add(generate(null, out, "--seed", s, "--quiet"));
            }));
        }
        go.countDown();
        for (Thread t : ts) t.join();
        long ok = runs.stream().filter(r -> r.code() == 0).count();
        assertTrue(ok >= 1, runs.toString());
        for (Run r : runs) {
            if (r.code() != 0) assertTrue(r.err().contains("is being written by another"), r.err());
        }
        String sidecar = Files.readString(dir.resolve("out/c.json"));
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals(sidecar, g.getMetadata("comment"), "the clip and its sidecar come from the same run");
            g.stop();
        }
        assertEquals(List.of("c.json", "c.mp4", "c.steps.safetensors"), names(dir.resolve("out")));
    }

    @Test void leftoversOfRunsThatDiedAreRemovedAtTheNextStart() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve(".k.mp4.x7k2m9q1.gallop-part"), new byte[229_000]);
        Files.writeString(out.resolve(".k.mp4.gallop-lock"), "12345");
        Path legacy = Files.write(out.resolve(".k.mp4.5551212.part.mp4"), new byte[229_000]);
        Files.setLastModifiedTime(legacy, FileTime.from(Instant.now().minusSeconds(7200)));
        Run r = generate(null, out.resolve("k.mp4"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("removed 2 partial file(s)"), r.err());
        assertEquals(List.of("k.json", "k.mp4", "k.steps.safetensors"), names(out));
    }

    @Test void aFullDiskIsRefusedBeforeTheWorkAndTheOldClipStays() throws Exception {
        var why = FullDisk.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "no private tmpfs on this machine: " + why.orElse(""));
        Path mount = Files.createDirectories(dir.resolve("full"));
        ChildJvm.Result r = ChildJvm.run(FullDisk.wrap(mount, "64k", ChildJvm.command(GenerateOnFullDisk.class, List.of(), mount.toString())), 180);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("EXIT: 1"), r.out());
        assertTrue(r.out().contains("ERR: gallop: error: no room in " + mount), r.out());
        assertTrue(r.out().contains("LIST: [k.json=13, k.mp4=3000]"), "the old clip and sidecar, whole, and nothing else: " + r.out());
        assertTrue(r.out().contains("JSON: {\"old\": true}"), r.out());
    }
}
