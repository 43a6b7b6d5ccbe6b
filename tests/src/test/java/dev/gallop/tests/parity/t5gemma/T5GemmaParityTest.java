package dev.gallop.tests.parity.t5gemma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.t5gemma.MagiTextFeatures;
import dev.gallop.engine.models.t5gemma.T5GemmaConfig;
import dev.gallop.engine.models.t5gemma.T5GemmaEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.tests.parity.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The T5Gemma encoder against the reference goldens (default tests/fixtures/t5gemma-encoder-tiny; another set of
/// the same format with -Dgallop.goldens.t5gemma=DIR). For every run stored in io.safetensors (with and without the
/// soft-cap, the small cap, the 5.x window, the two bf16 runs) the encoder runs with that run's settings, and every
/// tensor the run carries is compared in forward order; a failure names the first intermediate that diverges.
///
/// Bars (golden README §5): fp32 runs rel-L2 ≤ 1e-5 and max-abs ≤ 5e-5 (soft-cap on vs off is 3e-3 rel-L2 / 1.6e-2
/// max-abs, so either bar tells them apart). bf16 runs: rel-L2 ≤ 1e-2 against the stored bf16 run and against the
/// fp32 reference of the same settings; nothing finer holds across two bf16 implementations. The fp16 outputs
/// (`magi_fp16`, `magi_padded640`) of fp32 runs: within one fp16 ulp per value and rel-L2 ≤ 1e-4, because a 1e-6
/// difference before the cast can land a value on the other side of an fp16 rounding boundary (one ulp, up to
/// 2⁻⁹ for values in [2, 4)).
class T5GemmaParityTest {
    static final double F32_REL = 1e-5, F32_ABS = 5e-5, BF16_REL = 1e-2, FP16_REL = 1e-4;

    static Stream<T5GemmaGoldens.Run> runs() throws Exception { return T5GemmaGoldens.runs().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void forwardMatchesReference(T5GemmaGoldens.Run run) throws Exception {
        T5GemmaConfig cfg = T5GemmaGoldens.config(run);
        try (Checkpoint wf = Checkpoints.open(T5GemmaGoldens.dir().resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(T5GemmaGoldens.dir().resolve("io.safetensors"))) {
            Weights root = Weights.open(wf, CpuDevice.get(), run.bf16() ? WeightPolicy.BF16 : WeightPolicy.KEEP);
            Weights scope = T5GemmaEncoder.encoderScope(root);
            T5GemmaEncoder enc = new T5GemmaEncoder(cfg, scope, CpuDevice.get());
            root.requireAllConsumed();

            int[] ids = T5GemmaGoldens.ids(io, run.inputCase() + ".input_ids");
            Map<String, float[]> taps = new LinkedHashMap<>();
            Trace trace = new Trace() {
                @Override public boolean enabled() { return true; }

                @Override public void tap(String name, Tensor t) { taps.put(name, t.toFloats()); }
            };
            float[] magi = enc.encode(ids, run.options(), trace);
            taps.put("magi_padded640", MagiTextFeatures.fitRows(magi, cfg.hidden(), 640));

            List<Comparison> table = new ArrayList<>();
            List<String> compared = new ArrayList<>();
            for (Map.Entry<String, float[]> e : taps.entrySet()) {
                String key = run.prefix() + "." + e.getKey();
                if (!io.contains(key)) continue;
                compared.add(key);
                table.add(Comparison.of(e.getKey(), e.getValue(), io.floats(key), relBar(run, e.getKey())));
                if (run.reference() != null && io.contains(run.reference() + "." + e.getKey())) {
                    table.add(Comparison.of(e.getKey() + " vs " + run.reference(), e.getValue(),
                            io.floats(run.reference() + "." + e.getKey()), BF16_REL));
                }
            }
            List<String> expected = io.tensors().keySet().stream()
                    .filter(k -> k.startsWith(run.prefix() + ".") && !k.endsWith(".input_ids") && !k.endsWith(".attention_mask")).sorted().toList();
            String report = "run " + run + " (" + run.options() + ")\n" + String.join("\n", table.stream().map(Comparison::toString).toList());
            System.out.println(report);
            assertEquals(expected, compared.stream().sorted().toList(), "golden tensors without a matching tap:\n" + report);
            for (Comparison c : table) {
                String absProblem = run.bf16() ? null : fp16Output(c.name())
                        ? fp16UlpProblem(taps.get(c.name()), io.floats(run.prefix() + "." + c.name()))
                        : c.maxAbs() <= F32_ABS ? null : String.format("max-abs %.3e > %.0e", c.maxAbs(), F32_ABS);
                if (!c.ok() || absProblem != null) {
                    fail("first divergence at '" + c.name() + "' (run " + run + "): rel-L2 " + String.format("%.3e", c.relL2())
                            + " (bar " + c.tolerance() + ")" + (absProblem == null ? "" : ", " + absProblem) + "\n" + report);
                }
            }
            assertTrue(!table.isEmpty(), "nothing compared for run " + run);
        }
    }

    static boolean fp16Output(String name) { return name.startsWith("magi_"); }

    static double relBar(T5GemmaGoldens.Run run, String name) {
        return run.bf16() ? BF16_REL : fp16Output(name) ? FP16_REL : F32_REL;
    }

    /// Null when every value is within one fp16 ulp (of the golden value) of the golden value; else the worst spot.
    static String fp16UlpProblem(float[] actual, float[] golden) {
        for (int i = 0; i < golden.length; i++) {
            float ulp = Math.ulp(Float.float16ToFloat(Float.floatToFloat16(golden[i])));
            float ulp16 = Math.scalb(ulp, 13);   // f32 ulp × 2^13 = f16 ulp (10 vs 23 mantissa bits), normal range
            if (Math.abs(actual[i] - golden[i]) > Math.max(ulp16, 6.0e-8f)) {
                return "value " + i + ": " + actual[i] + " vs " + golden[i] + " differs by more than one fp16 ulp (" + ulp16 + ")";
            }
        }
        return null;
    }
}
