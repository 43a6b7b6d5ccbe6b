package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.tests.parity.GoldenDirs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The Wan2.2 VAE encoder (single image) against every golden folder of `-Dgallop.goldens.wanvae` (by default the
/// shared set's copy, tests/fixtures/magihuman-decoders/wan_vae_encoder, and the float64 reference set
/// tests/fixtures/f64/wan_vae_encoder). Every intermediate the io file holds is compared in forward order; a failure
/// names the first that diverges. The image size, the widths and the latent size all come from the set.
///
/// Gates (golden README): 2e-5 absolute on the normalised latent, 2e-5 × max(1, peak) on intermediates.
class WanVaeEncoderParityTest {
    static final double TOL = 2e-5;

    static List<GoldenDirs.Dir> dirs() {
        return GoldenDirs.wanVae();
    }

    static Stream<GoldenDirs.Dir> folders() { return dirs().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void encodeMatchesReference(GoldenDirs.Dir d) throws Exception {
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
            GoldenCheck.requireAll(String.format("Wan2.2 encoder %s: image %s in %.2f s", d, image.shape(), seconds), checks);
            assertTrue(checks.size() == golden, "compared " + checks.size() + " of " + golden + " golden tensors");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void builtInTablesMatchTheGoldenConstants(GoldenDirs.Dir d) throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
            assumeTrue(io.contains("const.latent_mean"), d + " holds no latent tables; its image is encoded with the built-in ones");
            assertArrayEquals(io.floats("const.latent_mean"), LatentStats.WAN22.mean());
            assertArrayEquals(io.floats("const.latent_std"), LatentStats.WAN22.std());
        }
    }
}
