package dev.gallop.engine.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ZstdTestFiles;
import dev.gallop.engine.randommodel.RandomModelWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A model whose DiT shards are zstd-compressed: the generator reports the unpacking as progress phases, returns to
/// the phase it interrupted, gives the clip of the uncompressed model, and can be cancelled while unpacking.
class ZstdModelGenerationTest {
    @TempDir Path dir;

    /// The tiny distilled model with its DiT in 3 compressed shards (the weights do not depend on the shard count).
    private Path zstdModel(String name) throws IOException {
        Path m = dir.resolve(name);
        RandomModelWriter.write(m, MagiHumanConfig.tiny(), 3, "distill", 2);
        Path dit = m.resolve("dit");
        Files.delete(dit.resolve("model.safetensors"));
        RandomModelWriter.writeDit(dit, MagiHumanConfig.tiny(), 3, 3);
        for (int i = 1; i <= 3; i++) ZstdTestFiles.compress(dit.resolve(String.format("model-%05d-of-00003.safetensors", i)));
        return m;
    }

    private static GenerationRequest request(Path model) {
        return new GenerationRequest(StructuredPrompt.of("a red circle moving left"), Optional.empty(), Optional.empty(),
                0.5, new VideoSize(64, 32), 5, 0, model);
    }

    @Test void unpackingIsReportedAsProgressAndTheClipIsTheUncompressedModels() throws Exception {
        Path plain = dir.resolve("plain");
        RandomModelWriter.write(plain, MagiHumanConfig.tiny(), 3, "distill", 2);
        Path packed = zstdModel("packed");
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            float[] want = g.submit(request(plain), e -> { }).await().latents().video();
            float[] got = g.submit(request(packed), events::add).await().latents().video();
            assertArrayEquals(want, got);
        }
        List<String> phases = events.stream().filter(e -> e instanceof GenerationEvent.Phase).map(e -> ((GenerationEvent.Phase) e).name()).toList();
        int first = phases.indexOf("unpacking dit shard 1/3 · 0 %");
        assertTrue(first > 0 && phases.get(first - 1).equals("denoising"), "the DiT is unpacked when denoising needs it: " + phases);
        assertTrue(phases.containsAll(List.of("unpacking dit shard 1/3 · 100 %", "unpacking dit shard 2/3 · 0 %",
                "unpacking dit shard 3/3 · 100 %")), phases.toString());
        int last = phases.lastIndexOf("unpacking dit shard 3/3 · 100 %");
        assertEquals("denoising", phases.get(last + 1), "back to the phase the unpacking interrupted: " + phases);
        for (GenerationEvent e : events) {
            if (e instanceof GenerationEvent.Phase p && p.name().startsWith("unpacking")) {
                assertTrue(p.isProgress() && p.fraction() >= 0 && p.fraction() <= 1, p.toString());
            } else if (e instanceof GenerationEvent.Phase p) {
                assertTrue(!p.isProgress(), p.toString());
            }
        }
        int firstStep = events.indexOf(events.stream().filter(e -> e instanceof GenerationEvent.Step).findFirst().orElseThrow());
        assertTrue(firstStep > events.indexOf(events.stream().filter(e -> e instanceof GenerationEvent.Phase p
                && p.name().equals("unpacking dit shard 3/3 · 100 %")).findFirst().orElseThrow()));
    }

    @Test void cancellingWhileUnpackingEndsTheJobAndLeavesNoShardBehind() throws Exception {
        Path packed = zstdModel("cancelled");
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            GenerationJob[] job = new GenerationJob[1];
            job[0] = g.submit(request(packed), e -> {
                events.add(e);
                if (e instanceof GenerationEvent.Phase p && p.name().startsWith("unpacking dit shard 2/3")) job[0].cancel();
            });
            assertThrows(CancellationException.class, job[0]::await);
        }
        assertInstanceOf(GenerationEvent.Cancelled.class, events.getLast());
        assertTrue(events.stream().noneMatch(e -> e instanceof GenerationEvent.Step));
        Path cache = packed.resolve("dit/.gallop-zstd");
        try (Stream<Path> s = Files.list(cache)) {
            List<String> left = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("model-00001-of-00003.safetensors", "model-00001-of-00003.safetensors.source"), left,
                    "the finished shard and its record, nothing of the cancelled one");
        }
    }
}
