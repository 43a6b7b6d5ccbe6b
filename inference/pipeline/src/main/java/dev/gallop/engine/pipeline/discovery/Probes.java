package dev.gallop.engine.pipeline.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.pickle.PickleCheckpoint;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.vae.TurboVaedLayout;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/// The checks behind each kind of component: a sharded safetensors folder (+ companion files), a single checkpoint
/// file (safetensors or PyTorch archive), the Turbo-VAED config + checkpoint pair, a safetensors file + JSON config.
final class Probes {
    private Probes() {}

    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /// A folder of `model-*.safetensors` shards (or `.safetensors.zst`) with `model.safetensors.index.json`, plus
    /// `companions` (e.g. config.json, tokenizer.json) that must sit beside them.
    static Findings.Probe sharded(List<KeyExpectation> expect, String... companions) {
        return (dir, f) -> {
            for (String c : companions) {
                Path p = dir.resolve(c);
                if (Files.isRegularFile(p)) f.file(p); else f.problem("missing " + c + " (put it in " + dir + ")");
            }
            Path index = dir.resolve(INDEX);
            if (!Files.isRegularFile(index)) {
                f.problem("missing " + INDEX + " in " + dir + " (the index listing which shard holds each tensor)");
                return;
            }
            f.file(index);
            Map<String, String> weightMap = new LinkedHashMap<>();
            try {
                JsonNode wm = JSON.readTree(index.toFile()).path("weight_map");
                if (!wm.isObject() || wm.isEmpty()) throw new IOException("no \"weight_map\" object");
                for (var e : wm.properties()) weightMap.put(e.getKey(), e.getValue().asText());
            } catch (IOException | RuntimeException e) {
                f.problem(index + ": unreadable checkpoint index: " + e.getMessage());
                return;
            }
            Set<String> shards = new LinkedHashSet<>(weightMap.values());
            List<String> absent = new ArrayList<>();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            int zst = 0;
            for (String s : shards) {
                Path plain = dir.resolve(s), packed = dir.resolve(s + ".zst");
                if (s.contains("/") || s.contains("\\")) {
                    f.problem(index + ": shard name '" + s + "' is not a plain file name");
                } else if (Files.isRegularFile(plain)) {
                    f.file(plain);
                    try {
                        shapes.putAll(SafetensorsHeaders.read(plain));
                    } catch (IOException e) {
                        f.problem("shard " + s + " is truncated or corrupt: " + e.getMessage());
                    }
                } else if (Files.isRegularFile(packed)) {
                    f.file(packed);
                    zst++;
                    try {
                        shapes.putAll(SafetensorsHeaders.readZst(packed));
                    } catch (IOException e) {
                        f.problem("zstd shard " + s + ".zst is truncated or corrupt: " + e.getMessage());
                    }
                } else {
                    absent.add(s);
                }
            }
            if (!absent.isEmpty()) {
                f.problem(absent.size() + " of " + shards.size() + " shards listed by " + INDEX + " are absent from " + dir + ": "
                        + String.join(", ", absent.subList(0, Math.min(5, absent.size()))) + (absent.size() > 5 ? ", ..." : ""));
            }
            f.note(shards.size() + " shards, " + weightMap.size() + " tensors" + (zst > 0 ? " (" + zst + " zstd-compressed)" : ""));
            if (!f.problems.isEmpty()) return;
            List<String> unlisted = weightMap.keySet().stream().filter(k -> !shapes.containsKey(k)).limit(3).toList();
            if (!unlisted.isEmpty()) f.problem(index + " lists tensors its shards do not hold: " + unlisted);
            f.expect(dir, shapes, expect);
        };
    }

    /// One checkpoint file: `.safetensors`, or a PyTorch `.pth`/`.ckpt` read by the restricted pickle reader.
    static Findings.Probe checkpointFile(List<KeyExpectation> expect) {
        return (file, f) -> {
            f.file(file);
            Map<String, Shape> shapes = shapes(file, null, f);
            if (shapes != null) f.expect(file, shapes, expect);
        };
    }

    /// Turbo-VAED: a JSON config (holding `decoder_block_out_channels`) and a `.ckpt` with `ema_state_dict`, or, when
    /// the folder has no `.ckpt`, one `.safetensors` conversion (keys with or without the `ema_state_dict.` prefix).
    static Findings.Probe turbo(String json, String ckpt, List<KeyExpectation> expect) {
        return (dir, f) -> {
            Path j = pick(dir, json, ".json", f);
            if (j != null) {
                f.file(j);
                config(j, "decoder_block_out_channels", f);
            }
            Path st = Files.isRegularFile(dir.resolve(ckpt)) ? null : onlySafetensors(dir);
            if (st != null) {
                f.file(st);
                Map<String, Shape> shapes = shapes(st, null, f);
                if (shapes != null) {
                    Map<String, Shape> stripped = new LinkedHashMap<>();
                    shapes.forEach((k, v) -> stripped.put(k.startsWith("ema_state_dict.") ? k.substring(15) : k, v));
                    f.expect(st, stripped, expect);
                    TurboVaedLayout.find(shapes::containsKey).ifPresent(l -> f.note("decoder keys: " + l.describe()));
                }
                return;
            }
            Path c = pick(dir, ckpt, ".ckpt", f);
            if (c != null) {
                f.file(c);
                Map<String, Shape> shapes = shapes(c, "ema_state_dict", f);
                if (shapes != null) {
                    f.expect(c, shapes, expect);
                    TurboVaedLayout.find(k -> k.startsWith("ema_state_dict.") && shapes.containsKey(k.substring(15)))
                            .ifPresent(l -> f.note("decoder keys: " + l.describe()));
                }
            }
        };
    }

    /// The one `.safetensors` file of `dir` when it holds no `.ckpt`, else null.
    private static Path onlySafetensors(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(Files::isRegularFile).toList();
            if (all.stream().anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"))) return null;
            List<Path> st = all.stream().filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList();
            return st.size() == 1 ? st.getFirst() : null;
        }
    }

    /// A `model.safetensors`-style file plus a JSON config that must hold `configKey` (dotted path).
    static Findings.Probe fileWithConfig(String file, String config, String configKey, List<KeyExpectation> expect) {
        return fileWithConfig(file, config, configKey, expect, keys -> java.util.Optional.empty());
    }

    /// As above, plus a note naming the key layout `layout` finds among the file's keys (e.g. the audio VAE's prefix).
    static Findings.Probe fileWithConfig(String file, String config, String configKey, List<KeyExpectation> expect,
                                         java.util.function.Function<Set<String>, java.util.Optional<String>> layout) {
        return (dir, f) -> {
            Path m = dir.resolve(file), cfg = dir.resolve(config);
            if (Files.isRegularFile(cfg)) {
                f.file(cfg);
                config(cfg, configKey, f);
            } else {
                f.problem("missing " + config + " (put it in " + dir + ")");
            }
            if (!Files.isRegularFile(m)) {
                f.problem("missing " + file + " (put it in " + dir + ")");
                return;
            }
            f.file(m);
            Map<String, Shape> shapes = shapes(m, null, f);
            if (shapes != null) {
                f.expect(m, shapes, expect);
                layout.apply(shapes.keySet()).ifPresent(f::note);
            }
        };
    }

    private static Map<String, Shape> shapes(Path file, String root, Findings f) {
        try (Checkpoint c = root == null ? Checkpoints.open(file) : PickleCheckpoint.open(file, root)) {
            Map<String, Shape> out = new LinkedHashMap<>();
            for (String k : c.keys()) out.put(k, c.info(k).shape());
            return out;
        } catch (IOException | RuntimeException e) {
            f.problem("cannot read " + file.getFileName() + ": " + e.getMessage());
            return null;
        }
    }

    private static void config(Path json, String key, Findings f) {
        try {
            JsonNode n = JSON.readTree(json.toFile());
            if (n == null || !n.isObject()) {
                f.problem("wrong file: " + json + " is not a JSON object");
                return;
            }
            boolean has = key.contains(".") ? !n.at("/" + key.replace('.', '/')).isMissingNode() : !n.findPath(key).isMissingNode();
            if (!has) f.problem("wrong file: " + json + " has no \"" + key + "\"; it does not look like this component's config");
        } catch (IOException e) {
            f.problem("wrong file: " + json + " is not valid JSON: " + e.getMessage());
        }
    }

    /// `dir/preferred` if present, else the only `*ext` file in `dir`.
    private static Path pick(Path dir, String preferred, String ext, Findings f) throws IOException {
        Path p = dir.resolve(preferred);
        if (Files.isRegularFile(p)) return p;
        List<Path> any;
        try (Stream<Path> s = Files.list(dir)) {
            any = s.filter(q -> q.getFileName().toString().endsWith(ext) && Files.isRegularFile(q)).sorted().toList();
        }
        if (any.size() == 1) return any.getFirst();
        f.problem(any.isEmpty() ? "missing " + preferred + " (put it in " + dir + ")"
                : "several " + ext + " files in " + dir + " and none named " + preferred + "; keep one");
        return null;
    }
}
