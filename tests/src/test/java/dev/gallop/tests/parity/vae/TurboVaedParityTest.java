package dev.gallop.tests.parity.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.TurboVaed;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.models.vae.WindowPlan;
import dev.gallop.engine.models.vae.ops.Volume;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.tests.parity.GoldenDirs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// Turbo-VAED against every golden folder of `-Dgallop.goldens.turbovaed` (by default the shared set's copy,
/// tests/fixtures/magihuman-decoders/turbo_vaed, and the float64 reference set tests/fixtures/f64/turbo_vaed, whose
/// cases run from one latent frame, far shorter than a window, to three windows). Every case `X` with an `X.latent` is
/// decoded through the window plan and every tensor the io file holds for it is compared in forward order: the first
/// decoder call's input and intermediates under `X.inter.*` (the call's input is the latent after un-normalising and
/// padding, cut to the window, which is where the reference records `decoder_input`), each window's raw output, the
/// decoded floats, the uint8 frames. The window schedule itself is checked against the `windows` config.json lists for
/// each case and against its `window_plans` table, when it has one.
///
/// Gates (golden README): abs 1e-4 on `decoded` and raw window outputs; 1e-4 × max(1, peak) on intermediates; uint8
/// frames within ±1, and off by one only where the golden float is within that 1e-4 of a truncation boundary (the
/// README's "fewer than 0.1 % of the bytes" where the set holds no floats for the case).
class TurboVaedParityTest {
    static final double TOL = 1e-4;

    static List<GoldenDirs.Dir> dirs() { return GoldenDirs.turboVaed(); }

    static Stream<GoldenDirs.Dir> folders() { return dirs().stream(); }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (GoldenDirs.Dir d : dirs()) {
            try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
                List<String> cs = io.tensors().keySet().stream().filter(k -> k.endsWith(".latent") && k.indexOf('.') == k.length() - 7)
                        .map(k -> k.substring(0, k.length() - 7)).sorted().toList();
                if (cs.isEmpty()) throw new IllegalStateException("no '<case>.latent' tensors in " + d.resolve("io.safetensors"));
                for (String c : cs) out.add(Arguments.of(d, c));
            }
        }
        return out.stream();
    }

    static TurboVaedConfig config(GoldenDirs.Dir d) throws IOException {
        return TurboVaedConfig.fromJson(new ObjectMapper().readTree(d.resolve("config.json").toFile()));
    }

    static LatentStats stats(SafetensorsFile io) {
        return io.contains("const.latent_mean") ? new LatentStats(io.floats("const.latent_mean"), io.floats("const.latent_std")) : LatentStats.WAN22;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void builtInTablesMatchTheGoldenConstants(GoldenDirs.Dir d) throws Exception {
        try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
            assumeTrue(io.contains("const.latent_mean"), d + " holds no latent tables; its cases are decoded with the built-in ones");
            assertArrayEquals(io.floats("const.latent_mean"), LatentStats.WAN22.mean());
            assertArrayEquals(io.floats("const.latent_std"), LatentStats.WAN22.std());
        }
    }

    /// The window schedule of every case (config.json `cases.X.windows`) and, where the set has one, of every length
    /// in its `window_plans` table: latents per call, first-chunk flag, raw frames, and where given the first latent
    /// and the kept frame range.
    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void windowPlanMatchesTheReference(GoldenDirs.Dir d) throws Exception {
        TurboVaedConfig cfg = config(d);
        JsonNode json = new ObjectMapper().readTree(d.resolve("config.json").toFile());
        int checked = 0;
        try (SafetensorsFile io = SafetensorsFile.open(d.resolve("io.safetensors"))) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.path("cases").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int frames = io.info(e.getKey() + ".latent").shape().dims()[2];
                checkPlan("case " + e.getKey(), cfg, frames, e.getValue());
                checked++;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("window_plans").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkPlan("length " + e.getKey(), cfg, Integer.parseInt(e.getKey()), e.getValue());
            checked++;
        }
        assertTrue(checked > 0, d + "/config.json lists no window schedule ('cases' or 'window_plans')");
        System.out.println("Turbo-VAED window plans of " + d + ": " + checked + " lengths match");
    }

    private static void checkPlan(String what, TurboVaedConfig cfg, int frames, JsonNode ref) {
        WindowPlan plan = WindowPlan.of(frames, cfg.firstChunkSize(), cfg.stepSize(), cfg.frameStride());
        int s = plan.frameStride();
        JsonNode wins = ref.path("windows");
        String tag = what + " (" + frames + " latent frames): ";
        assertEquals(wins.size(), plan.windows().size(), tag + "window count, plan " + plan);
        if (ref.has("padded_latent_frames")) assertEquals(ref.get("padded_latent_frames").asInt(), plan.paddedFrames(), tag + "padded length");
        if (ref.has("output_frames")) assertEquals(ref.get("output_frames").asInt(), plan.pixelFrames(), tag + "output frames");
        for (int i = 0; i < wins.size(); i++) {
            JsonNode r = wins.get(i);
            WindowPlan.Window w = plan.windows().get(i);
            String wt = tag + "window " + i + " ";
            assertEquals(r.get("latent_frames_in").asInt(), w.to() - w.from(), wt + "latents");
            assertEquals(r.get("is_first_chunk").asBoolean(), w.firstChunk(), wt + "first-chunk flag");
            assertEquals(r.get("raw_out_frames").asInt(), w.rawFrames(s), wt + "raw frames");
            if (r.has("latent_from")) assertEquals(r.get("latent_from").asInt(), w.from(), wt + "first latent");
            if (r.has("kept_from")) assertEquals(r.get("kept_from").asInt(), w.keepFrom(s), wt + "first kept frame");
            if (r.has("kept_to")) assertEquals(r.get("kept_to").asInt(), w.keepTo(s), wt + "end of kept frames");
        }
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void decodeMatchesReference(GoldenDirs.Dir d, String c) throws Exception {
        TurboVaedConfig cfg = config(d);
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
            if (io.contains(c + ".frames_u8")) u8 = compareFrames(io, c + ".frames_u8", frames, c + ".decoded");
            long golden = io.tensors().keySet().stream().filter(k -> k.startsWith(c + ".") && !k.equals(c + ".latent")).count();
            String title = String.format("Turbo-VAED %s case %s: latent %s → %d frames %dx%d in %.2f s%s", d, c, latent.shape(), decoded.t(),
                    decoded.w(), decoded.h(), seconds, u8 == null ? "" : "\n" + u8);
            GoldenCheck.requireAll(title, checks);
            assertTrue(checks.size() + (u8 == null ? 0 : 1) == golden, "compared " + checks.size() + " of " + golden + " golden tensors of case " + c);
            assertTrue(u8 == null || u8.endsWith("ok"), u8);
        }
    }

    /// Golden name of a tap: the first decoder call's input and intermediates live under `X.inter.`, each window's
    /// untrimmed output under `X.window{i}.raw_out`.
    static String goldenKey(String c, String tap) {
        if (tap.equals("decoded")) return c + ".decoded";
        if (tap.endsWith(".raw_out")) return c + "." + tap;
        if (tap.startsWith("window0.")) return c + ".inter." + tap.substring("window0.".length());
        return null;
    }

    /// The gate on uint8 frames: every byte equal to the golden byte, or off by one where the golden float lies
    /// within the float gate ([#TOL]) of a truncation boundary, so that an error the float comparison accepts can
    /// move it across (the bytes are trunc(clamp(x·0.5 + 0.5, 0, 1)·255)). Without a golden `decoded` to tell where
    /// the boundaries are, the golden README's fraction applies instead: off by one on fewer than 0.1 % of the bytes.
    static String compareFrames(SafetensorsFile io, String key, DecodedVideo frames, String decodedKey) {
        int[] shape = io.info(key).shape().dims();
        int[] actual = {frames.frames(), frames.height(), frames.width(), 3};
        if (!java.util.Arrays.equals(shape, actual)) {
            return key + " shape " + java.util.Arrays.toString(actual) + " != golden " + java.util.Arrays.toString(shape) + "  FAIL";
        }
        byte[] exp = io.data(key).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        float[] golden = io.contains(decodedKey) ? io.floats(decodedKey) : null;   // [3, T, H, W]
        int plane = frames.frames() * frames.height() * frames.width();
        long off = 0, unexplained = 0;
        int worst = 0;
        for (int i = 0; i < exp.length; i++) {
            int diff = Math.abs((exp[i] & 0xff) - (frames.rgb()[i] & 0xff));
            if (diff == 0) continue;
            off++;
            worst = Math.max(worst, diff);
            if (golden != null) {
                float v = Math.min(Math.max(golden[(i % 3) * plane + i / 3] * 0.5f + 0.5f, 0f), 1f) * 255f;
                if (Math.abs(v - Math.rint(v)) > TOL * 127.5) unexplained++;
            }
        }
        boolean ok = worst <= 1 && (golden != null ? unexplained == 0 : off < exp.length / 1000.0);
        String rule = golden != null ? unexplained + " of them away from a truncation boundary" : "README fraction < 0.1 %";
        return String.format("%-34s %d of %d bytes differ, max %d, %s  %s", key, off, exp.length, worst, rule, ok ? "ok" : "FAIL");
    }
}
