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
import dev.gallop.engine.pipeline.TextEncoder;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.tests.parity.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The T5Gemma encoder against every golden folder of `-Dgallop.goldens.t5gemma` (by default the shared set's copy
/// and the float64 reference set, whose model has another width, head layout and layer count and whose runs include a
/// prompt shorter than the sliding window and one longer than the 640-row trim). For every run stored in io.safetensors
/// (with and without the soft-cap, the small cap, the 5.x window, the two bf16 runs) the encoder runs with that run's
/// settings, and every tensor the run carries is compared in forward order; a failure names the first intermediate
/// that diverges. Every size comes from the set.
///
/// Gates (golden README §5):
/// * fp32 runs: rel-L2 ≤ 1e-5, and every element within max(5e-5, 3e-6 · peak) of the golden value, peak being the
///   tensor's largest magnitude (the README's 5e-5 on values up to about 17, scaled for larger tensors). Soft-cap on
///   vs off is 3e-3 rel-L2 / 1.6e-2 max-abs, so both bars tell them apart.
/// * bf16 runs: rel-L2 ≤ 1e-2 against the stored bf16 run and against the fp32 reference of the same settings;
///   nothing finer holds across two bf16 implementations.
/// * the fp16 outputs of fp32 runs (`magi_fp16`, `magi_padded640`): rel-L2 ≤ 1e-4, and every element within one fp16
///   ulp of its golden value plus the fp32 element gate above. Two fp32 values that differ by δ round to fp16 values
///   at most δ + one ulp apart, and δ is set by the tensor's norm, not by the element: an element near zero can land
///   two or more of its own (tiny) ulps away while the tensor agrees to 1e-5.
class T5GemmaParityTest {
    static final double F32_REL = 1e-5, F32_ABS = 5e-5, F32_PEAK_REL = 3e-6, BF16_REL = 1e-2, FP16_REL = 1e-4;

    static Stream<T5GemmaGoldens.Run> runs() throws Exception { return T5GemmaGoldens.runs().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void forwardMatchesReference(T5GemmaGoldens.Run run) throws Exception {
        T5GemmaConfig cfg = T5GemmaGoldens.config(run);
        try (Checkpoint wf = Checkpoints.open(run.dir().resolve("weights.safetensors"));
             SafetensorsFile io = SafetensorsFile.open(run.dir().resolve("io.safetensors"))) {
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
            taps.put("magi_padded640", MagiTextFeatures.fitRows(magi, cfg.hidden(), TextEncoder.MAX_TOKENS));

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
                String key = c.name().contains(" vs ") ? null : run.prefix() + "." + c.name();
                String absProblem = run.bf16() || key == null ? null : fp16Output(c.name())
                        ? fp16Problem(taps.get(c.name()), io.floats(key))
                        : elementProblem(taps.get(c.name()), io.floats(key));
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

    /// The fp32 element gate of a golden tensor: max(5e-5, 3e-6 · its peak magnitude).
    static double elementGate(float[] golden) {
        double peak = 0;
        for (float v : golden) peak = Math.max(peak, Math.abs(v));
        return Math.max(F32_ABS, F32_PEAK_REL * peak);
    }

    /// Null when every element is within the fp32 element gate; else the worst element.
    static String elementProblem(float[] actual, float[] golden) {
        if (actual.length != golden.length) return actual.length + " values, golden " + golden.length;
        double gate = elementGate(golden), worst = 0;
        int at = -1;
        for (int i = 0; i < golden.length; i++) {
            double d = Math.abs((double) actual[i] - golden[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        return worst <= gate ? null : String.format("element %d: %s vs %s, off by %.3e > %.3e", at, actual[at], golden[at], worst, gate);
    }

    /// Null when every element is within one fp16 ulp (at the golden value's magnitude) plus the fp32 element gate of
    /// the golden value; else the worst element, measured against its own allowance.
    static String fp16Problem(float[] actual, float[] golden) {
        if (actual.length != golden.length) return actual.length + " values, golden " + golden.length;
        double gate = elementGate(golden), worst = 0;
        int at = -1;
        for (int i = 0; i < golden.length; i++) {
            double allowed = fp16Ulp(golden[i]) + gate;
            double ratio = Math.abs((double) actual[i] - golden[i]) / allowed;
            if (!(ratio <= worst)) { worst = ratio; at = i; }
        }
        if (worst <= 1) return null;
        return String.format("element %d: %s vs %s, off by %.3e > one fp16 ulp (%.3e) + %.3e", at, actual[at], golden[at],
                Math.abs((double) actual[at] - golden[at]), fp16Ulp(golden[at]), gate);
    }

    /// The spacing of fp16 values at |x| (subnormal spacing 2^-24 below 2^-14).
    static double fp16Ulp(float x) {
        float h = Float.float16ToFloat(Float.floatToFloat16(Math.abs(x)));
        int exp = Math.getExponent(Math.max(h, 0x1p-14f));
        return Math.scalb(1.0, exp - 10);
    }
}
