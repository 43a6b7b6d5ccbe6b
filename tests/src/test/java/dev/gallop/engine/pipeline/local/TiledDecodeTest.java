package dev.gallop.engine.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Turbo-VAED decoded in spatial tiles (what the memory plan picks when whole frames do not fit) against the whole-frame
/// decode, on the golden set's decoder: with its margin of context a tile sees what the whole frame sees, so the frames
/// are the same but for rounding (a value in 10,000 one level apart).
class TiledDecodeTest {
    @TempDir Path dir;

    @Test void tilesMakeTheWholeFramesDecode() throws Exception {
        Path src = dev.gallop.tests.parity.GoldenDirs.turboVaed().getFirst().path();
        Path folder = Files.createDirectories(dir.resolve("turbo"));
        Files.copy(src.resolve("config.json"), folder.resolve("config.json"));
        Files.copy(src.resolve("weights.safetensors"), folder.resolve("weights.safetensors"));
        VideoDecoder vd = Components.videoDecoder(new ComponentSpec("turbo-vaed", folder), CpuDevice.get());
        int t = 9, h = 14, w = 21;
        Tensor latent = Tensor.fromFloats(CpuDevice.get(), Shape.of(48, t, h, w), new GaussianNoise(5).next(48 * t * h * w));
        DecodedVideo whole = vd.decode(latent, CancelToken.NEVER);
        DecodedVideo tiled = vd.decode(latent, CancelToken.NEVER, 10);   // 2 × 3 tiles, the last ones narrower
        assertEquals(whole.frames(), tiled.frames());
        assertEquals(whole.height(), tiled.height());
        assertEquals(whole.width(), tiled.width());
        byte[] a = whole.rgb(), b = tiled.rgb();
        int max = 0, same = 0;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            max = Math.max(max, d);
            if (d == 0) same++;
        }
        assertTrue(max <= 1, "largest difference " + max + " levels");
        assertTrue(same > 0.9999 * a.length, "identical values " + same + " of " + a.length);
        assertEquals(whole.rgb().length, tiled.rgb().length);
        DecodedVideo untiled = vd.decode(latent, CancelToken.NEVER, 64);                   // a tile larger than the frame: whole frames
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, untiled.rgb());
    }

    /// On a budget where whole frames do not fit the decoder, the plan decodes in the largest tiles that do (planned
    /// only: a run at this size takes minutes on two cores; on the CPU tiles of 16 at 1024×576 needed 319 MiB where
    /// whole frames needed 772).
    @Test void thePlanTilesTheDecoderWhereWholeFramesDoNotFit() throws Exception {
        Path src = dev.gallop.tests.parity.GoldenDirs.turboVaed().getFirst().path();
        Path m = dir.resolve("model");
        dev.gallop.engine.randommodel.RandomModelWriter.write(m, dev.gallop.engine.models.magihuman.MagiHumanConfig.tiny(), 3, "distill", 2);
        Path turbo = Files.createDirectories(m.resolve("turbo"));
        Files.copy(src.resolve("config.json"), turbo.resolve("config.json"));
        Files.copy(src.resolve("weights.safetensors"), turbo.resolve("weights.safetensors"));
        Path manifest = m.resolve(dev.gallop.engine.pipeline.discovery.ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\\{", "{\"video_decoder\": {\"kind\": \"turbo-vaed\", \"path\": \"turbo\"}, "));
        var r = new dev.gallop.engine.pipeline.GenerationRequest(dev.gallop.engine.pipeline.StructuredPrompt.of("a red circle"),
                java.util.Optional.empty(), java.util.Optional.empty(), 0.5, new dev.gallop.engine.pipeline.VideoSize(1024, 576), 3, 0, m);
        var man = dev.gallop.engine.pipeline.discovery.ModelManifest.open(m, null);
        var cpu = CpuDevice.get();
        MemoryPlan whole = MemoryPlanner.plan(r, man, cpu, dev.gallop.engine.backend.MemoryBudget.UNLIMITED, false);
        assertEquals("video decoding", whole.peakStage().name(), whole.table());
        assertEquals(0, whole.placement().decoderTile());
        var budget = new dev.gallop.engine.backend.MemoryBudget((long) (whole.peakBytes() * 0.7 / MemoryPlanner.MARGIN));
        MemoryPlan tiled = MemoryPlanner.plan(r, man, cpu, budget, false);
        assertTrue(tiled.fits() && tiled.placement().decoderTile() > 0, tiled.table());
        assertTrue(tiled.placement().describe().contains("video decoded in tiles of " + tiled.placement().decoderTile()), tiled.placement().describe());
        MemoryPlan tighter = MemoryPlanner.plan(r, man, cpu, new dev.gallop.engine.backend.MemoryBudget((long) (tiled.peakBytes() * 0.8 / MemoryPlanner.MARGIN)), false);
        assertTrue(!tighter.fits() || tighter.placement().decoderTile() < tiled.placement().decoderTile(), "a smaller budget, a smaller tile:\n" + tighter.table());
    }
}
