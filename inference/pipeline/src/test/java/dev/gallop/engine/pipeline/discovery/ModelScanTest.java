package dev.gallop.engine.pipeline.discovery;

import static dev.gallop.engine.pipeline.discovery.ComponentStatus.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.zstd.ZstdCheckpoints;
import dev.gallop.engine.io.zstd.ZstdFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Every scan status on a tiny models root in the real layout.
class ModelScanTest {
    @TempDir Path root;

    static String all(ComponentReport r) { return String.join(" | ", r.problems()) + " || " + String.join(" | ", r.notes()); }

    static void assertStatus(ComponentStatus s, ComponentReport r) { assertEquals(s, r.status(), r.id() + ": " + all(r)); }

    @Test void completeFolderIsAllFoundAndFingerprinted() throws IOException {
        ModelFolderFixture.writeAll(root);
        ModelScan.Result r = ModelScan.scan(root);
        assertEquals(8, r.components().size());
        for (ComponentReport c : r.components()) assertStatus(FOUND, c);
        assertEquals(root.toAbsolutePath().resolve("vae/wan2.2/Wan2.2_VAE.pth"), r.get("wan-vae").path());
        assertTrue(all(r.get("dit-base")).contains("2 shards, 4 tensors"), all(r.get("dit-base")));
        // the key layout each VAE checkpoint was found in
        assertTrue(all(r.get("turbo-vaed")).contains("decoder keys: EMA state dict ('ema_state_dict'), keys 'module.decoder.*'"),
                all(r.get("turbo-vaed")));
        assertTrue(all(r.get("audio-vae")).contains("autoencoder keys: Stable-Audio-Open checkpoint, keys 'pretransform.model.*'"),
                all(r.get("audio-vae")));
        assertTrue(Files.readString(root.resolve(".gallop-fingerprints.json")).contains("diffusion_models/magihuman/base/model-00001-of-00002.safetensors"));
        assertNull(r.cacheNote());
    }

    @Test void emptyRootIsAllMissingWithTheirPlaces() throws IOException {
        ModelScan.Result r = ModelScan.scan(root);
        for (ComponentReport c : r.components()) {
            assertStatus(MISSING, c);
            assertNull(c.path());
            assertTrue(c.problems().getFirst().contains(root.toAbsolutePath().resolve(c.expectedPlace()).toString()), all(c));
        }
        assertEquals("diffusion_models/magihuman/distill", r.get("dit-distill").expectedPlace());
        assertEquals("text_encoders/t5gemma-9b-9b-ul2", r.get("text-encoder").expectedPlace());
    }

    @Test void aBadRootIsAnError() {
        assertThrows(NoSuchFileException.class, () -> ModelScan.scan(root.resolve("nope")));
    }

    @Test void changedContentIsReportedOnceAndATouchIsNot() throws IOException {
        ModelFolderFixture.writeAll(root);
        ModelScan.scan(root);
        Path cfg = root.resolve("text_encoders/t5gemma-9b-9b-ul2/config.json");
        Files.setLastModifiedTime(cfg, FileTime.fromMillis(Files.getLastModifiedTime(cfg).toMillis() + 5000)); // touch only
        assertStatus(FOUND, ModelScan.scan(root).get("text-encoder"));
        Files.writeString(cfg, "{\"model_type\": \"t5gemma\", \"encoder\": {\"hidden_size\": 3585}}");
        ComponentReport changed = ModelScan.scan(root).get("text-encoder");
        assertStatus(CHANGED, changed);
        assertTrue(all(changed).contains("changed since the last scan: text_encoders/t5gemma-9b-9b-ul2/config.json"), all(changed));
        assertStatus(FOUND, ModelScan.scan(root).get("text-encoder"));
    }

    @Test void bigFilesAreHashedBySamplingAndStillSeeChanges() throws IOException {
        Path big = root.resolve("big.bin");
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), Fingerprints.FULL_HASH_LIMIT + 10); // sparse file
        }
        Fingerprints f = Fingerprints.load(root);
        assertNull(f.check(big));
        f.save();
        try (FileChannel ch = FileChannel.open(big, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {2}), Fingerprints.FULL_HASH_LIMIT + 10);
        }
        Fingerprints g = Fingerprints.load(root);
        Fingerprints.Entry old = g.check(big);
        assertNotNull(old, "a change in the sampled tail is seen");
        assertFalse(old.full());
    }

    @Test void missingShardTruncatedShardMissingTokenizerAndWrongFilesAreIncomplete() throws IOException {
        ModelFolderFixture.writeAll(root);
        Path base = root.resolve("diffusion_models/magihuman/base");
        Files.delete(base.resolve("model-00002-of-00002.safetensors"));
        Path sr = root.resolve("diffusion_models/magihuman/540p_sr/model-00001-of-00002.safetensors");
        try (FileChannel ch = FileChannel.open(sr, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        Files.delete(root.resolve("text_encoders/t5gemma-9b-9b-ul2/tokenizer.json"));
        Path distill = root.resolve("diffusion_models/magihuman/distill");
        for (Path p : List.of(distill.resolve("model-00001-of-00002.safetensors"), distill.resolve("model-00002-of-00002.safetensors"),
                distill.resolve("model.safetensors.index.json"))) Files.delete(p);
        ModelFolderFixture.textEncoder(distill); // the text encoder put in the DiT slot
        ModelFolderFixture.turbo(root.resolve("vae/turbo_vaed"), false); // a checkpoint without ema_state_dict
        Files.delete(root.resolve("vae/stable-audio-open-1.0/model_config.json"));

        ModelScan.Result r = ModelScan.scan(root);
        ComponentReport b = r.get("dit-base");
        assertStatus(INCOMPLETE, b);
        assertTrue(all(b).contains("1 of 2 shards listed by model.safetensors.index.json are absent") && all(b).contains("model-00002-of-00002.safetensors"), all(b));
        ComponentReport s = r.get("dit-540p-sr");
        assertStatus(INCOMPLETE, s);
        assertTrue(all(s).contains("shard model-00001-of-00002.safetensors is truncated or corrupt") && all(s).contains("truncated file?"), all(s));
        ComponentReport t = r.get("text-encoder");
        assertStatus(INCOMPLETE, t);
        assertTrue(all(t).contains("missing tokenizer.json"), all(t));
        ComponentReport d = r.get("dit-distill");
        assertStatus(INCOMPLETE, d);
        assertTrue(all(d).contains("wrong file") && all(d).contains("no tensor 'adapter.video_embedder.weight'")
                && all(d).contains("model.encoder.embed_tokens.weight"), all(d));
        ComponentReport v = r.get("turbo-vaed");
        assertStatus(INCOMPLETE, v);
        assertTrue(all(v).contains("no top-level entry 'ema_state_dict'") && all(v).contains("checkpoint-340000.ckpt"), all(v));
        ComponentReport a = r.get("audio-vae");
        assertStatus(INCOMPLETE, a);
        assertTrue(all(a).contains("missing model_config.json"), all(a));
        assertStatus(FOUND, r.get("dit-1080p-sr"));
        assertStatus(FOUND, r.get("wan-vae"));
    }

    @Test void wrongShapeAndWrongPickleInASlotAreCaught() throws IOException {
        Path wan = root.resolve("vae/wan2.2/Wan2.2_VAE.pth");
        ModelFolderFixture.turbo(root.resolve("tmp"), true);
        Files.createDirectories(wan.getParent());
        Files.copy(root.resolve("tmp/checkpoint-340000.ckpt"), wan);
        ComponentReport w = ModelScan.scan(root).get("wan-vae");
        assertStatus(INCOMPLETE, w);
        assertTrue(all(w).contains("wrong file") && all(w).contains("no tensor 'encoder.conv1.weight'"), all(w));

        Files.writeString(root.resolve("tmp/TurboV3-Wan22-TinyShallow_7_7.json"), "{\"vae\": 1}");
        Files.createDirectories(root.resolve("vae"));
        Files.move(root.resolve("tmp"), root.resolve("vae/turbo_vae"));
        ComponentReport t = ModelScan.scan(root).get("turbo-vaed");
        assertStatus(INCOMPLETE, t);
        assertTrue(all(t).contains("no \"decoder_block_out_channels\""), all(t));
    }

    @Test void legacyComfyFolderNamesAreAccepted() throws IOException {
        ModelFolderFixture.dit(root.resolve("unet/magihuman/base"));
        ComponentReport b = ModelScan.scan(root).get("dit-base");
        assertStatus(FOUND, b);
        assertTrue(b.path().endsWith("unet/magihuman/base"));
    }

    @Test void zstdShardsAreDetectedCheckedAndDecompressedForCheckpointOpen() throws IOException {
        Path dir = root.resolve("diffusion_models/magihuman/distill");
        ModelFolderFixture.dit(dir);
        float[] want;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model-00001-of-00002.safetensors"))) {
            want = f.floats("adapter.video_embedder.weight");
        }
        Path zst = ModelFolderFixture.compress(dir.resolve("model-00001-of-00002.safetensors"));
        ComponentReport r = ModelScan.scan(root).get("dit-distill");
        assertStatus(FOUND, r);
        assertTrue(all(r).contains("(1 zstd-compressed)") && r.files().contains(zst), all(r));

        Path cache = root.resolve(".cache/distill");
        Path ready = ZstdCheckpoints.prepare(dir, cache);
        assertEquals(cache, ready);
        try (Checkpoint c = Checkpoints.open(ready)) {
            assertEquals(4, c.keys().size());
            assertEquals(cache.resolve("model-00001-of-00002.safetensors"), c.fileOf("adapter.video_embedder.weight"));
            assertArrayEquals(want, readFloats(c));
        }
        FileTime before = Files.getLastModifiedTime(cache.resolve("model-00001-of-00002.safetensors"));
        ZstdCheckpoints.prepare(dir, cache); // fresh: not decompressed again
        assertEquals(before, Files.getLastModifiedTime(cache.resolve("model-00001-of-00002.safetensors")));

        byte[] z = Files.readAllBytes(zst);
        Files.write(zst, java.util.Arrays.copyOf(z, z.length / 2));
        ComponentReport bad = ModelScan.scan(root).get("dit-distill");
        assertStatus(INCOMPLETE, bad);
        assertTrue(all(bad).contains("zstd shard model-00001-of-00002.safetensors.zst is truncated or corrupt"), all(bad));
        IOException e = assertThrows(IOException.class, () -> ZstdFiles.decompress(zst, root.resolve("out.safetensors")));
        assertTrue(e.getMessage().contains(zst.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("out.safetensors")).toList(),
                    "neither the output nor its temporary file is left behind");
        }
    }

    private static float[] readFloats(Checkpoint c) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(c.fileOf("adapter.video_embedder.weight"))) {
            return f.floats("adapter.video_embedder.weight");
        }
    }
}
