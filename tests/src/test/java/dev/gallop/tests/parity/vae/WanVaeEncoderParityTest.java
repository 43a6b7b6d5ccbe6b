package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.models.vae.Volume;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/// The Wan2.2 VAE encoder (single image) against the reference goldens (default
/// tests/fixtures/magihuman-decoders/wan_vae_encoder; another set with -Dgallop.goldens.wanvae=DIR). Every
/// intermediate the io file holds is compared in forward order; a failure names the first that diverges.
class WanVaeEncoderParityTest {
    /// The golden README's suggested gate (float64 implementation vs golden: 2.3e-6).
    static final double TOL = 2e-5;

    static Path dir() { return GoldenDirs.resolve("gallop.goldens.wanvae", "magihuman-decoders/wan_vae_encoder"); }

    @Test
    void encodeMatchesReference() throws Exception {
        Path d = dir();
        WanVaeConfig cfg = WanVaeConfig.fromJson(new ObjectMapper().readTree(d.resolve("config.json").toFile()));
        try (Checkpoint wf = Checkpoints.open(d.resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
            LatentStats stats = io.contains("const.latent_mean")
                    ? new LatentStats(io.floats("const.latent_mean"), io.floats("const.latent_std")) : LatentStats.WAN22;
            Weights w = Weights.open(wf, CpuDevice.get(), WeightPolicy.KEEP);
            WanVaeEncoder enc = new WanVaeEncoder(cfg, stats, w);
            w.requireAllConsumed();

            int[] s = GoldenCheck.goldenShape(io, "image");
            Volume image = new Volume(io.floats("image"), s[0], s[1], s[2], s[3]);
            Map<String, Volume> taps = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            enc.encodeImage(image, taps::put);
            double seconds = (System.nanoTime() - t0) / 1e9;

            List<GoldenCheck> checks = new ArrayList<>();
            for (Map.Entry<String, Volume> e : taps.entrySet()) {
                String key = io.contains(e.getKey()) ? e.getKey() : "inter." + e.getKey();
                if (!io.contains(key)) continue;
                Volume v = e.getValue();
                checks.add(GoldenCheck.of(key, io, key, v.data(), new int[] {v.c(), v.t(), v.h(), v.w()}, TOL,
                        !key.startsWith("inter.")));
            }
            long golden = io.tensors().keySet().stream().filter(k -> !k.equals("image") && !k.startsWith("const.")).count();
            GoldenCheck.requireAll(String.format("Wan2.2 encoder: image %s in %.2f s", image.shape(), seconds), checks);
            assertTrue(checks.size() == golden, "compared " + checks.size() + " of " + golden + " golden tensors");
        }
    }

    @Test
    void builtInTablesMatchTheGoldenConstants() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(dir().resolve("io.safetensors"))) {
            if (!io.contains("const.latent_mean")) return;
            assertArrayEquals(io.floats("const.latent_mean"), LatentStats.WAN22.mean());
            assertArrayEquals(io.floats("const.latent_std"), LatentStats.WAN22.std());
        }
    }
}
