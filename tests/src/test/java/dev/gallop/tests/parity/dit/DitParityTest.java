package dev.gallop.tests.parity.dit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.tests.parity.Comparison;
import dev.gallop.tests.parity.GoldenDirs;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// The DiT forward against every golden folder of `-Dgallop.goldens.dit` (by default the shared set's copy,
/// tests/fixtures/magihuman-dit-tiny, and the float64 reference set tests/fixtures/f64/magihuman-dit: one head,
/// other latent and text widths, explicit MLP widths, an odd frame count, frame-window local attention). Every tensor
/// the io file holds for a coordinate style is compared in forward order; a failure names the first intermediate that
/// diverges and prints the whole table. The architecture and every input size come from the set.
class DitParityTest {
    static List<GoldenDirs.Dir> dirs() { return GoldenDirs.dit(); }

    static Stream<Arguments> runs() throws Exception {
        List<Arguments> runs = new ArrayList<>();
        for (GoldenDirs.Dir d : dirs()) {
            int before = runs.size();
            for (String io : List.of("io-fp32.safetensors", "io-mixed.safetensors")) {
                if (!Files.exists(d.resolve(io))) continue;
                try (SafetensorsFile f = SafetensorsFile.open(d.resolve(io))) {
                    for (String style : List.of("v2", "v1")) {
                        if (f.contains(style + ".out_video")) runs.add(Arguments.of(d, io, style));
                    }
                }
            }
            if (runs.size() == before) throw new IllegalStateException("no io-*.safetensors runs in " + d.path().toAbsolutePath());
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("runs")
    void forwardMatchesReference(GoldenDirs.Dir dir, String ioName, String style) throws Exception {
        compareOn(CpuDevice.get(), dir, ioName, style);
    }

    /// Runs the golden inputs through the DiT on `device` and compares every tapped tensor with the reference.
    static void compareOn(Device device, GoldenDirs.Dir d, String ioName, String style) throws Exception {
        JsonNode json = new ObjectMapper().readTree(d.resolve("config.json").toFile());
        MagiHumanConfig cfg = MagiHumanConfig.fromJson(json).withTextCoords(
                style.equals("v1") ? MagiHumanConfig.TextCoords.V1 : MagiHumanConfig.TextCoords.V2);
        boolean mixed = ioName.contains("mixed");
        try (Checkpoint wf = Checkpoints.open(d.resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(d.resolve(ioName))) {
            Weights w = Weights.open(wf, device, WeightPolicy.KEEP);
            MagiHumanDit dit = new MagiHumanDit(cfg, w, device);
            w.requireAllConsumed();

            int[] vs = io.info("input.video_latent").shape().dims();
            DitInput in = new DitInput(io.floats("input.video_latent"), vs[1], vs[2], vs[3],
                    io.floats("input.audio_latent"), io.floats("input.text_features"));
            Map<String, float[]> taps = new LinkedHashMap<>();
            Trace trace = new Trace() {
                @Override public boolean enabled() { return true; }

                @Override public void tap(String name, Tensor t) { taps.put(name, t.toFloats()); }
            };
            DitOutput out = dit.forward(in, mixed ? Precision.MIXED_BF16 : Precision.F32, trace, CancelToken.NEVER);
            taps.put("out_video", out.video());
            taps.put("out_audio", out.audio());

            List<Comparison> table = new ArrayList<>();
            for (Map.Entry<String, float[]> e : taps.entrySet()) {
                String key = style + "." + e.getKey();
                if (!io.contains(key)) continue;
                table.add(Comparison.of(e.getKey(), e.getValue(), io.floats(key), tolerance(e.getKey(), mixed)));
            }
            long goldenKeys = io.tensors().keySet().stream().filter(k -> k.startsWith(style + ".")).count();
            String report = device.id() + " " + d + " " + ioName + " " + style + "\n" + String.join("\n", table.stream().map(Comparison::toString).toList());
            System.out.println(report);
            assertTrue(table.size() == goldenKeys, "compared " + table.size() + " of " + goldenKeys + " golden tensors:\n" + report);
            for (Comparison c : table) {
                if (!c.ok()) fail("first divergence at '" + c.name() + "' (" + d + ", " + ioName + ", " + style + "): rel-L2 "
                        + String.format("%.3e", c.relL2()) + " > " + c.tolerance() + "\n" + report);
            }
        }
    }

    /// fp32: 1e-5 everywhere (a faithful port lands near 1e-6). Mixed: bf16 rounding flips make ~1e-2 the floor at
    /// the outputs (golden README §7), so 3e-2 there; layer 0, before flips spread, is held to 5e-3; the adapter,
    /// coordinates and RoPE tables do not involve bf16 and stay at 1e-5.
    static double tolerance(String name, boolean mixed) {
        if (!mixed) return 1e-5;
        if (name.equals("coords") || name.equals("rope") || name.equals("adapter_out") || name.equals("packed_video_tokens")) return 1e-5;
        if (name.startsWith("layer0.")) return 5e-3;
        return 3e-2;
    }
}
