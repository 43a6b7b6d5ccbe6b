package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.TurboVaed;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.models.vae.Volume;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Turbo-VAED against the reference goldens (default tests/fixtures/magihuman-decoders/turbo_vaed; another set of
/// the same format with -Dgallop.goldens.turbovaed=DIR). Every case `X` with an `X.latent` is decoded through the
/// window plan; every tensor the io file holds for it is compared in forward order (un-normalised input, the
/// first window's intermediates under `X.inter.*`, each window's raw output, the decoded floats, the uint8 frames).
class TurboVaedParityTest {
    /// The golden README's gate for an f32 port: abs 1e-4 on `decoded` (≈ 5e-6 relative was observed).
    static final double TOL = 1e-4;

    static Path dir() { return GoldenDirs.resolve("gallop.goldens.turbovaed", "magihuman-decoders/turbo_vaed"); }

    static Stream<String> cases() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(dir().resolve("io.safetensors"))) {
            List<String> cs = io.tensors().keySet().stream().filter(k -> k.endsWith(".latent") && k.indexOf('.') == k.length() - 7)
                    .map(k -> k.substring(0, k.length() - 7)).sorted().toList();
            if (cs.isEmpty()) throw new IllegalStateException("no '<case>.latent' tensors in " + dir().resolve("io.safetensors"));
            return cs.stream();
        }
    }

    static LatentStats stats(SafetensorsFile io) {
        return io.contains("const.latent_mean") ? new LatentStats(io.floats("const.latent_mean"), io.floats("const.latent_std")) : LatentStats.WAN22;
    }

    @Test
    void builtInTablesMatchTheGoldenConstants() throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(dir().resolve("io.safetensors"))) {
            if (!io.contains("const.latent_mean")) return;
            assertArrayEquals(io.floats("const.latent_mean"), LatentStats.WAN22.mean());
            assertArrayEquals(io.floats("const.latent_std"), LatentStats.WAN22.std());
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void decodeMatchesReference(String c) throws Exception {
        Path d = dir();
        TurboVaedConfig cfg = TurboVaedConfig.fromJson(new ObjectMapper().readTree(d.resolve("config.json").toFile()));
        try (Checkpoint wf = Checkpoints.open(d.resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
            Weights w = Weights.open(wf, CpuDevice.get(), WeightPolicy.KEEP);
            TurboVaed vae = new TurboVaed(cfg, stats(io), w);
            w.requireAllConsumed();

            int[] ls = GoldenCheck.goldenShape(io, c + ".latent");
            Volume latent = new Volume(io.floats(c + ".latent"), ls[0], ls[1], ls[2], ls[3]);
            Map<String, Volume> taps = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            Volume decoded = vae.decodeToFloats(latent, CancelToken.NEVER, taps::put);
            double seconds = (System.nanoTime() - t0) / 1e9;
            taps.put("decoded", decoded);

            List<GoldenCheck> checks = new ArrayList<>();
            for (Map.Entry<String, Volume> e : taps.entrySet()) {
                String key = goldenKey(c, e.getKey());
                if (key == null || !io.contains(key)) continue;
                Volume v = e.getValue();
                checks.add(GoldenCheck.of(key, io, key, v.data(), new int[] {v.c(), v.t(), v.h(), v.w()}, TOL,
                        key.endsWith(".decoded") || key.endsWith(".raw_out")));
            }
            DecodedVideo frames = TurboVaed.toFrames(decoded);
            String u8 = null;
            if (io.contains(c + ".frames_u8")) u8 = compareFrames(io, c + ".frames_u8", frames);
            long golden = io.tensors().keySet().stream().filter(k -> k.startsWith(c + ".") && !k.equals(c + ".latent")).count();
            String title = String.format("Turbo-VAED case %s: latent %s → %d frames %dx%d in %.2f s%s", c, latent.shape(), decoded.t(),
                    decoded.w(), decoded.h(), seconds, u8 == null ? "" : "\n" + u8);
            GoldenCheck.requireAll(title, checks);
            assertTrue(checks.size() + (u8 == null ? 0 : 1) == golden, "compared " + checks.size() + " of " + golden + " golden tensors of case " + c);
            assertTrue(u8 == null || u8.endsWith("ok"), u8);
        }
    }

    /// Golden name of a tap: the un-normalised input and the first window's intermediates live under `X.inter.`.
    static String goldenKey(String c, String tap) {
        if (tap.equals("decoded")) return c + ".decoded";
        if (tap.equals("decoder_input")) return c + ".inter.decoder_input";
        if (tap.endsWith(".raw_out")) return c + "." + tap;
        if (tap.startsWith("window0.")) return c + ".inter." + tap.substring("window0.".length());
        return null;
    }

    /// The README's gate on uint8 frames: every byte within ±1, and fewer than 0.1 % of them off by one.
    static String compareFrames(SafetensorsFile io, String key, DecodedVideo frames) {
        int[] shape = io.info(key).shape().dims();
        int[] actual = {frames.frames(), frames.height(), frames.width(), 3};
        if (!java.util.Arrays.equals(shape, actual)) {
            return key + " shape " + java.util.Arrays.toString(actual) + " != golden " + java.util.Arrays.toString(shape) + "  FAIL";
        }
        var seg = io.data(key);
        byte[] exp = seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        long off = 0;
        int worst = 0;
        for (int i = 0; i < exp.length; i++) {
            int diff = Math.abs((exp[i] & 0xff) - (frames.rgb()[i] & 0xff));
            if (diff != 0) off++;
            worst = Math.max(worst, diff);
        }
        boolean ok = worst <= 1 && off < exp.length / 1000.0;
        return String.format("%-34s %d of %d bytes differ, max %d  %s", key, off, exp.length, worst, ok ? "ok" : "FAIL");
    }
}
