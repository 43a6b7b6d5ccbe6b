package dev.gallop.engine.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.pipeline.discovery.NegativePrompt;
import dev.gallop.engine.randommodel.RandomModelWriter;
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

    static Path withSr;

    @BeforeAll static void models() throws Exception {
        distill = dir.resolve("distill");
        unipc = dir.resolve("unipc");
        withSr = dir.resolve("with-sr");
        RandomModelWriter.write(distill, MagiHumanConfig.tiny(), 3, "distill", 4);
        RandomModelWriter.write(unipc, MagiHumanConfig.tiny(), 3, "unipc", 3);
        RandomModelWriter.write(withSr, MagiHumanConfig.tiny(), 4, "distill", 2);
        RandomModelWriter.writeDit(withSr.resolve("sr540"), MagiHumanConfig.tiny(), 5, 0);
        Path manifest = withSr.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\\{", "{\"sr_540p\": \"sr540\", "));
    }

    static GenerationRequest srRequest(long seed) {
        return new GenerationRequest(StructuredPrompt.of("a red circle moving left"), Optional.empty(), Optional.empty(), 0.5,
                new VideoSize(64, 32), seed, 0, withSr, null, Optional.of(new SrStage(SrStage.Model.P540, new VideoSize(128, 64))));
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

    @Test void superResolutionStageReportsItsOwnStepsAndUpscalesTheLatent() throws Exception {
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get(), Residency.RELEASE_AFTER_USE)) {
            GeneratedClip clip = g.submit(srRequest(1), events::add).await();
            LatentClip l = clip.latents();
            assertEquals(List.of(48, 4, 4, 8), List.of(l.channels(), l.frames(), l.height(), l.width()));
            List<String> phases = events.stream().filter(e -> e instanceof GenerationEvent.Phase).map(e -> ((GenerationEvent.Phase) e).name()).toList();
            assertEquals(List.of("loading model", "checking components", "encoding prompt", "denoising", "super-resolution 540p"), phases);
            List<String> steps = events.stream().filter(e -> e instanceof GenerationEvent.Step).map(e -> {
                GenerationEvent.Step st = (GenerationEvent.Step) e;
                return st.stage() + " " + st.index() + "/" + st.total();
            }).toList();
            assertEquals(List.of("base 1/2", "base 2/2", "sr-540p 1/5", "sr-540p 2/5", "sr-540p 3/5", "sr-540p 4/5", "sr-540p 5/5"), steps);
            // the SR stage keeps the base stage's audio: the last base preview's audio is the result's
            GenerationEvent.Step lastBase = (GenerationEvent.Step) events.stream().filter(e -> e instanceof GenerationEvent.Step st
                    && st.stage().equals("base") && st.index() == 2).findFirst().orElseThrow();
            assertArrayEquals(lastBase.preview().audio(), l.audio());
        }
    }

    @Test void cancellingDuringSuperResolutionStopsThere() throws Exception {
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GenerationJob[] job = new GenerationJob[1];
            job[0] = g.submit(srRequest(2), e -> {
                events.add(e);
                if (e instanceof GenerationEvent.Step s && s.stage().equals("sr-540p") && s.index() == 2) job[0].cancel();
            });
            assertThrows(CancellationException.class, job[0]::await);
            assertInstanceOf(GenerationEvent.Cancelled.class, events.getLast());
            assertEquals(2, events.stream().filter(e -> e instanceof GenerationEvent.Step s && s.stage().equals("sr-540p")).count());
        }
    }

    @Test void superResolutionTheModelDoesNotHaveIsRefused() throws Exception {
        GenerationRequest r = new GenerationRequest(StructuredPrompt.of("x"), Optional.empty(), Optional.empty(), 0.5,
                new VideoSize(64, 32), 1, 0, distill, null, Optional.of(SrStage.of(SrStage.Model.P1080, new VideoSize(64, 32))));
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            Exception e = assertThrows(Exception.class, () -> g.submit(r, ev -> {}).await());
            assertTrue(e.getMessage().contains("cannot upscale to 1080p") && e.getMessage().contains("no 1080p super-resolution DiT"), e.getMessage());
        }
    }

    @Test void componentsLoadOnUseReleaseOnRequestAndTheNegativePromptIsEncodedOnce() throws Exception {
        try (LoadedModel m = LoadedModel.lazy(ModelManifest.read(unipc), CpuDevice.get())) {
            assertFalse(m.isLoaded(LoadedModel.Part.DIT));
            m.dit();
            assertTrue(m.isLoaded(LoadedModel.Part.DIT));
            m.release(LoadedModel.Part.DIT);
            assertFalse(m.isLoaded(LoadedModel.Part.DIT));
            assertEquals(256, m.dit().config().hidden(), "loads again on next use");
            var neg = m.negativeFeatures();
            assertTrue(m.isLoaded(LoadedModel.Part.TEXT_ENCODER));
            m.release(LoadedModel.Part.TEXT_ENCODER);
            assertSame(neg, m.negativeFeatures());
            assertFalse(m.isLoaded(LoadedModel.Part.TEXT_ENCODER), "the negative prompt is not encoded again");
            assertEquals("blurry static noise", m.manifest().negativePrompt());
            assertNull(m.videoDecoder(), "no decoder declared");
        }
    }

    @Test void aGuidedModelWithoutANegativePromptUsesTheReferenceOne() throws Exception {
        Path m = dir.resolve("unipc-no-negative");
        RandomModelWriter.write(m, MagiHumanConfig.tiny(), 3, "unipc", 2);
        Path manifest = m.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replaceAll(",\\s*\"negative_prompt\"\\s*:\\s*\"[^\"]*\"", ""));
        assertEquals(NegativePrompt.reference(), ModelManifest.read(m).negativePrompt());
    }
}
