package dev.gallop.engine.pipeline.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.ModelVariant;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A models root in the real layout as a model: which components the manifest takes, the 15B defaults, and the scan's
/// words when something it needs is missing or changed. Also: zstd shards open through `Checkpoint.open`.
class ModelsRootTest {
    @TempDir Path root;

    @Test void aCompleteRootIsTheDistilledModelWithEveryComponent() throws IOException {
        ModelFolderFixture.writeAll(root);
        assertTrue(ModelsRoot.looksLike(root));
        ModelManifest m = ModelManifest.open(root, null);
        Path abs = root.toAbsolutePath().normalize();
        assertEquals("magihuman-distill", m.name());
        assertEquals(ModelManifest.Sampler.DISTILL, m.sampler());
        assertEquals(8, m.steps());
        assertEquals(Precision.F32, m.precision());
        assertEquals("", m.negativePrompt());
        assertEquals(abs.resolve("diffusion_models/magihuman/distill"), m.dit());
        assertEquals(MagiHumanConfig.real15B(), m.ditConfig(), "the released folders have no config.json");
        assertEquals("t5gemma", m.components().get(ModelManifest.TEXT_ENCODER).kind());
        assertEquals("turbo-vaed", m.components().get(ModelManifest.VIDEO_DECODER).kind());
        assertEquals("oobleck", m.components().get(ModelManifest.AUDIO_DECODER).kind());
        assertEquals("oobleck", m.components().get(ModelManifest.AUDIO_ENCODER).kind());
        assertEquals(abs.resolve("vae/wan2.2/Wan2.2_VAE.pth"), m.components().get(ModelManifest.IMAGE_ENCODER).path());
        assertEquals(MagiHumanConfig.TextCoords.V1, m.superResolution().get(SrStage.Model.P540).config().textCoords());
        assertEquals(MagiHumanConfig.real15B1080pSr(), m.superResolution().get(SrStage.Model.P1080).config());
        assertTrue(m.unavailable().isEmpty(), m.unavailable().toString());

        ModelManifest base = ModelManifest.open(root, ModelVariant.BASE);
        assertEquals(ModelManifest.Sampler.UNIPC, base.sampler());
        assertEquals(32, base.steps());
        assertEquals(NegativePrompt.reference(), base.negativePrompt());
        assertTrue(base.negativePrompt().startsWith("Bright tones, overexposed") && base.negativePrompt().endsWith("autotune artifacts"));
    }

    @Test void aConfigJsonInADitFolderOverridesTheRealSize() throws IOException {
        ModelFolderFixture.writeAll(root);
        MagiHumanConfig tiny = new MagiHumanConfig(64, 1, 32, 2, 1, java.util.Set.of(0), java.util.Set.of(), 0, 64, java.util.Set.of(),
                11, 1e-6f, 48, 64, 3584, 4, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.writeDit(root.resolve("diffusion_models/magihuman/distill"), tiny, 1, 1);
        assertEquals(tiny, ModelManifest.open(root, ModelVariant.DISTILL).ditConfig());
    }

    @Test void aMissingRequiredComponentIsAnErrorSayingWhereItGoes() throws IOException {
        ModelFolderFixture.writeAll(root);
        Path te = root.resolve("text_encoders/t5gemma-9b-9b-ul2");
        try (var s = Files.list(te)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(te);
        IOException e = assertThrows(IOException.class, () -> ModelManifest.open(root, null));
        assertTrue(e.getMessage().contains("text-encoder") && e.getMessage().contains("is missing")
                && e.getMessage().contains(root.toAbsolutePath().resolve("text_encoders/t5gemma-9b-9b-ul2").toString())
                && e.getMessage().contains("google/t5gemma-9b-9b-ul2"), e.getMessage());
    }

    @Test void optionalComponentsThatAreNotUsableKeepTheirReason() throws IOException {
        ModelFolderFixture.writeAll(root);
        Files.delete(root.resolve("vae/wan2.2/Wan2.2_VAE.pth"));
        Files.delete(root.resolve("vae/stable-audio-open-1.0/model_config.json"));
        ModelManifest m = ModelManifest.open(root, null);
        assertNull(m.components().get(ModelManifest.IMAGE_ENCODER));
        assertTrue(m.unavailable().get(ModelManifest.IMAGE_ENCODER).contains("wan-vae"), m.unavailable().toString());
        assertTrue(m.unavailable().get(ModelManifest.AUDIO_ENCODER).contains("missing model_config.json"), m.unavailable().toString());
        assertFalse(m.components().containsKey(ModelManifest.AUDIO_DECODER));
    }

    @Test void aChangedFileStaysRefusedUntilAScanAcceptsIt() throws IOException {
        ModelFolderFixture.writeAll(root);
        ModelManifest.open(root, null);
        Path shard = root.resolve("diffusion_models/magihuman/distill/model-00002-of-00002.safetensors");
        byte[] b = Files.readAllBytes(shard);
        b[b.length - 1] ^= 1;
        Files.write(shard, b);
        for (int i = 0; i < 2; i++) {
            IOException e = assertThrows(IOException.class, () -> ModelManifest.open(root, null));
            assertTrue(e.getMessage().contains("dit-distill") && e.getMessage().contains("does not match its fingerprint")
                    && e.getMessage().contains("model-00002-of-00002.safetensors") && e.getMessage().contains("gallop models --root"), e.getMessage());
        }
        assertEquals(ComponentStatus.CHANGED, ModelScan.scan(root).get("dit-distill").status());   // `gallop models` accepts it
        assertEquals("magihuman-distill", ModelManifest.open(root, null).name());
    }

    @Test void aModelJsonFolderTakesNoVariantAndOtherFoldersAreExplained() throws IOException {
        Path m = root.resolve("m");
        RandomModelWriter.write(m, MagiHumanConfig.tiny(), 1, "distill", 2);
        IOException v = assertThrows(IOException.class, () -> ModelManifest.open(m, ModelVariant.BASE));
        assertTrue(v.getMessage().contains("single DiT") && v.getMessage().contains("base"), v.getMessage());
        Path other = Files.createDirectories(root.resolve("photos"));
        IOException o = assertThrows(IOException.class, () -> ModelManifest.open(other, null));
        assertTrue(o.getMessage().contains("model.json") && o.getMessage().contains("diffusion_models"), o.getMessage());
    }

    @Test void zstdShardsOpenThroughCheckpointOpen() throws IOException {
        Path dir = root.resolve("dit");
        ModelFolderFixture.dit(dir);
        float[] want;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model-00001-of-00002.safetensors"))) {
            want = f.floats("adapter.video_embedder.weight");
        }
        Path zst = ModelFolderFixture.compress(dir.resolve("model-00001-of-00002.safetensors"));
        try (Checkpoint c = Checkpoints.open(dir)) {
            assertEquals(4, c.keys().size());
            assertEquals(dir.resolve(".gallop-zstd/model-00001-of-00002.safetensors"), c.fileOf("adapter.video_embedder.weight"));
            assertArrayEquals(want, floats(c));
        }
        try (Checkpoint c = Checkpoints.open(zst)) {
            assertArrayEquals(want, floats(c), "a single .safetensors.zst file");
        }
    }

    private static float[] floats(Checkpoint c) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(c.fileOf("adapter.video_embedder.weight"))) {
            return f.floats("adapter.video_embedder.weight");
        }
    }
}
