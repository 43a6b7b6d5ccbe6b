package dev.gallop.tests.parity.t5gemma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.io.safetensors.TensorInfo;
import dev.gallop.engine.models.t5gemma.T5GemmaConfig;
import dev.gallop.engine.models.t5gemma.T5GemmaOptions;
import dev.gallop.tests.parity.GoldenDirs;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/// Reads the T5Gemma golden folders of `-Dgallop.goldens.t5gemma` (by default the shared set's copy,
/// tests/fixtures/t5gemma-encoder-tiny, and the float64 reference set tests/fixtures/f64/t5gemma-encoder): the model
/// config, the list of runs in `io.safetensors` and each run's settings from `config.json` → `runs`.
final class T5GemmaGoldens {
    private T5GemmaGoldens() {}

    static List<GoldenDirs.Dir> dirs() { return GoldenDirs.t5gemma(); }

    static JsonNode json(GoldenDirs.Dir dir) throws IOException { return new ObjectMapper().readTree(dir.resolve("config.json").toFile()); }

    /// One stored run of one folder: its prefix in io.safetensors, the case whose input ids it used, and how it
    /// computed. `reference` names the fp32 run a bf16 run is loosely compared with (null for fp32 runs).
    record Run(GoldenDirs.Dir dir, String prefix, String inputCase, T5GemmaOptions options, float softCap, boolean inclusiveWindow,
               String reference) {
        boolean bf16() { return options.bf16(); }

        @Override public String toString() { return dir + " " + prefix; }
    }

    /// The runs of every folder.
    static List<Run> runs() throws IOException {
        List<Run> out = new ArrayList<>();
        for (GoldenDirs.Dir d : dirs()) out.addAll(runs(d));
        return out;
    }

    /// Every prefix of `dir` with an encoder output (`last_hidden_state`, `magi_fp16` or `magi_padded640`), with its
    /// settings from config.json `runs` (keys such as "a / b" or "a_nocap / b_nocap": softcap number or null,
    /// window_rule "<" or "<=", dtype).
    static List<Run> runs(GoldenDirs.Dir dir) throws IOException {
        JsonNode runs = json(dir).get("runs");
        if (runs == null || !runs.isObject()) throw new IllegalStateException(dir.path() + "/config.json has no 'runs' object");
        TreeSet<String> prefixes = new TreeSet<>();
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            for (String k : io.tensors().keySet()) {
                if (k.endsWith(".last_hidden_state") || k.endsWith(".magi_fp16") || k.endsWith(".magi_padded640")) {
                    prefixes.add(k.substring(0, k.indexOf('.')));
                }
            }
        }
        List<Run> out = new ArrayList<>();
        for (String prefix : prefixes) {
            JsonNode spec = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = runs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                for (String name : e.getKey().split("/")) if (name.strip().equals(prefix)) spec = e.getValue();
            }
            if (spec == null) throw new IllegalStateException(dir.path() + "/config.json 'runs' does not describe run '" + prefix + "'");
            String inputCase = prefix.contains("_") ? prefix.substring(0, prefix.indexOf('_')) : prefix;
            JsonNode cap = spec.get("softcap");
            boolean capOn = cap != null && cap.isNumber();
            boolean bf16 = spec.path("dtype").asText().equals("bfloat16");
            boolean inclusive = spec.path("window_rule").asText().equals("<=");
            T5GemmaOptions opts = new T5GemmaOptions(bf16 ? T5GemmaOptions.Precision.BF16 : T5GemmaOptions.Precision.F32, capOn);
            String ref = bf16 ? (capOn ? inputCase : inputCase + "_nocap") : null;
            out.add(new Run(dir, prefix, inputCase, opts, capOn ? (float) cap.asDouble() : 0f, inclusive, ref));
        }
        if (out.isEmpty()) throw new IllegalStateException("no runs (no '*.last_hidden_state') in " + dir.resolve("io.safetensors"));
        return out;
    }

    /// The model config of the run's folder, adjusted to the run: its cap value, and W + 1 for the 5.x window rule.
    static T5GemmaConfig config(Run run) throws IOException {
        T5GemmaConfig cfg = T5GemmaConfig.fromJson(run.dir().resolve("config.json"));
        if (run.softCap() > 0) cfg = cfg.withSoftCap(run.softCap());
        if (run.inclusiveWindow()) cfg = cfg.withSlidingWindow(cfg.slidingWindow() + 1);
        return cfg;
    }

    /// An I64 tensor [L] as int ids.
    static int[] ids(SafetensorsFile io, String key) {
        TensorInfo info = io.info(key);
        if (!info.dtypeName().equals("I64") || info.shape().rank() != 1) {
            throw new IllegalStateException(io.path() + ": '" + key + "' is " + info.describe() + ", expected I64[L]");
        }
        MemorySegment d = io.data(key);
        int[] out = new int[info.shape().dim(0)];
        for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(d.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
        return out;
    }
}
