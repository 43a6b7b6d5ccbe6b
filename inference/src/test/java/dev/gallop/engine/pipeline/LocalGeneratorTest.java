package dev.gallop.engine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.cli.GallopCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGeneratorTest {
    @TempDir static Path dir;
    static Path distill, unipc;

    @BeforeAll static void models() throws Exception {
        distill = dir.resolve("distill");
        unipc = dir.resolve("unipc");
        RandomModelWriter.write(distill, GallopCli.tinyConfig(), 3, "distill", 4);
        RandomModelWriter.write(unipc, GallopCli.tinyConfig(), 3, "unipc", 3);
    }

    static GenerationRequest request(Path model, long seed) {
        return new GenerationRequest(StructuredPrompt.of("a red circle moving left"), Optional.empty(), Optional.empty(),
                0.5, new VideoSize(64, 32), seed, 0, model);
    }

    @Test void eventsArriveInOrderAndTheClipHasTheRequestedGeometry() throws Exception {
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GeneratedClip clip = g.submit(request(distill, 1), events::add).await();
            GenerationRequest r = clip.request();
            assertEquals(14, r.audioFrames());            // 0.5 s: round(12.5) + 1 = 14 audio latents
            assertEquals(4, r.latentFrames());
            LatentClip l = clip.latents();
            assertEquals(48 * 4 * 2 * 4, l.video().length);
            assertEquals(14 * 64, l.audio().length);
            List<String> kinds = events.stream().map(e -> e.getClass().getSimpleName()).toList();
            assertEquals(List.of("Phase", "Phase", "Phase", "Step", "Step", "Step", "Step", "Done"), kinds);
            for (int i = 0; i < 4; i++) assertEquals(i + 1, ((GenerationEvent.Step) events.get(3 + i)).index());
            // the last step's x0 is the result (σ_N = 0)
            assertArrayEquals(l.video(), ((GenerationEvent.Step) events.get(6)).preview().video());
        }
    }

    @Test void sameSeedSameClipOtherSeedOtherClip() throws Exception {
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            float[] a = g.submit(request(distill, 7), e -> {}).await().latents().video();
            float[] b = g.submit(request(distill, 7), e -> {}).await().latents().video();
            float[] c = g.submit(request(distill, 8), e -> {}).await().latents().video();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
        }
    }

    @Test void guidedModelRunsUniPcWithTwoBranches() throws Exception {
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GeneratedClip clip = g.submit(request(unipc, 2), events::add).await();
            assertEquals(3, events.stream().filter(e -> e instanceof GenerationEvent.Step).count());
            for (float v : clip.latents().video()) assertTrue(Float.isFinite(v));
        }
    }

    @Test void cancelStopsTheJobWithACancelledEvent() throws Exception {
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GenerationJob[] job = new GenerationJob[1];
            job[0] = g.submit(request(distill, 1), e -> {
                events.add(e);
                if (e instanceof GenerationEvent.Step s && s.index() == 1) job[0].cancel();
            });
            assertThrows(CancellationException.class, job[0]::await);
            assertInstanceOf(GenerationEvent.Cancelled.class, events.getLast());
            assertEquals(1, events.stream().filter(e -> e instanceof GenerationEvent.Step).count());
        }
    }

    @Test void badModelFolderFailsWithAMessageNamingIt() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-model"));
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GenerationJob job = g.submit(request(empty, 1), events::add);
            Exception e = assertThrows(Exception.class, job::await);
            assertTrue(e.getMessage().contains("not-a-model") && e.getMessage().contains("model.json"), e.getMessage());
            GenerationEvent.Failed f = assertInstanceOf(GenerationEvent.Failed.class, events.getLast());
            assertTrue(f.message().contains("model.json"));
        }
    }

    @Test void imageConditioningWithoutAnEncoderIsRefusedClearly() throws Exception {
        GenerationRequest r = new GenerationRequest(StructuredPrompt.of("x"), Optional.of(dir.resolve("img.png")), Optional.empty(),
                0.5, new VideoSize(64, 32), 1, 0, distill);
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            Exception e = assertThrows(Exception.class, () -> g.submit(r, ev -> {}).await());
            assertTrue(e.getMessage().contains("reference image"), e.getMessage());
        }
    }
}
