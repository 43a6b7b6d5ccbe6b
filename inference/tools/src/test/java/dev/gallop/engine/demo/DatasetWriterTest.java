package dev.gallop.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.demo.SceneLatent;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
    @Test void writesShardsTheTrainerReadsAndIsDeterministic(@TempDir Path dir) throws Exception {
        List<Integer> progress = new ArrayList<>();
        DatasetWriter.write(dir.resolve("a"), 5, 3, 7, List.of(2.0, 1.0), progress::add, CancelToken.NEVER);
        DatasetWriter.write(dir.resolve("b"), 5, 3, 7, List.of(2.0, 1.0), d -> { }, CancelToken.NEVER);
        assertEquals(List.of(3, 5), progress);
        var meta = new ObjectMapper().readTree(dir.resolve("a/dataset.json").toFile());
        assertEquals(2, meta.get("version").asInt());
        assertEquals(SceneLatent.CHANNELS, meta.get("latent_channels").asInt());
        assertEquals(2, meta.get("seconds").size());
        assertTrue(meta.get("vocabulary").size() > 30);
        for (String shard : List.of("shard-0000.safetensors", "shard-0001.safetensors")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(shard)), Files.readAllBytes(dir.resolve("b").resolve(shard)), shard);
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("a/shard-0000.safetensors"))) {
            assertArrayEquals(new int[] {3, SceneLatent.CHANNELS, 13}, f.info("video").shape().dims());   // 2 s: 13 latent frames
            assertArrayEquals(new int[] {3, 51, 3}, f.info("audio").shape().dims());
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("a/shard-0001.safetensors"))) {
            assertArrayEquals(new int[] {2, SceneLatent.CHANNELS, 7}, f.info("video").shape().dims());    // 1 s: 7 latent frames
            assertArrayEquals(new int[] {2, 26, 3}, f.info("audio").shape().dims());
            var prompts = new ObjectMapper().readTree(f.metadata().get("prompts"));
            assertEquals(2, prompts.size());
            // clip 3 of the stream is the second shard's first clip, 1 s long
            DemoClip third = DemoClip.training(7, 3, 1.0);
            assertEquals(third.prompt().render(), prompts.get(0).asText());
            float[] latent = third.latent(), stored = java.util.Arrays.copyOf(f.floats("video"), latent.length);
            assertArrayEquals(latent, stored);
            assertArrayEquals(third.controls(), java.util.Arrays.copyOf(f.floats("audio"), 26 * 3));
        }
    }
}
