package dev.gallop.engine.randommodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/// Writes a complete Gallop model folder with seeded random weights for a (small) DiT config and a word-level
/// text encoder: the smoke-test and benchmark model. Its output is noise-like but every code path of a real run
/// (loading, strict key checks, sampling, events, cancellation) is exercised.
public final class RandomModelWriter {
    private RandomModelWriter() {}

    public static void write(Path folder, MagiHumanConfig cfg, long seed, String sampler, int steps) throws IOException {
        Files.createDirectories(folder.resolve("text_encoder"));
        Random rnd = writeDit(folder.resolve("dit"), cfg, seed, 0);
        ObjectMapper json = new ObjectMapper();

        List<String> vocab = new ArrayList<>(List.of("<unk>"));
        for (String s : "a an the red green blue yellow white black circle square triangle moving left right up down bouncing on background dialogue sound no prominent".split(" ")) vocab.add(s);
        Files.write(folder.resolve("text_encoder/vocab.txt"), vocab);
        new SafetensorsWriter()
                .add("embedding.weight", gaussian(rnd, vocab.size() * cfg.textChannels(), 1.0), Shape.of(vocab.size(), cfg.textChannels()), DType.F32)
                .add("position.weight", gaussian(rnd, 64 * cfg.textChannels(), 0.1), Shape.of(64, cfg.textChannels()), DType.F32)
                .write(folder.resolve("text_encoder/text_encoder.safetensors"));

        ObjectNode man = json.createObjectNode();
        man.put("format", "gallop-model").put("version", 1).put("name", folder.getFileName().toString())
           .put("dit", "dit").put("text_encoder", "text_encoder").put("sampler", sampler).put("steps", steps)
           .put("shift", 5.0).put("spatial_downsample", 16).put("precision", "f32");
        if (sampler.equals("unipc")) man.put("negative_prompt", "blurry static noise");
        json.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(ModelManifest.FILE).toFile(), man);
    }

    /// Writes a DiT folder: `config.json` and seeded random weights (GEMM weights bf16, the rest f32), as one
    /// `model.safetensors` (`shards` = 0) or as `shards` files `model-0000i-of-0000n.safetensors` with the
    /// `model.safetensors.index.json` a models root needs. The weights do not depend on the shard count. Returns the
    /// random stream, positioned after the DiT's tensors.
    /// Writes `config.json` for `cfg` into `dir` (in the golden sets' key names).
    public static void writeDitConfig(Path dir, MagiHumanConfig cfg) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = json.createObjectNode();
        c.put("hidden_size", cfg.hidden()).put("num_layers", cfg.layers()).put("head_dim", cfg.headDim())
         .put("num_heads_q", cfg.headsQ()).put("num_heads_kv", cfg.headsKv())
         .put("gelu7_intermediate_size", cfg.gelu7Intermediate()).put("swiglu7_intermediate_size", cfg.swiglu7Intermediate())
         .put("norm_eps", cfg.normEps()).put("latent_channels", cfg.latentChannels()).put("audio_in_channels", cfg.audioChannels())
         .put("text_in_channels", cfg.textChannels()).put("rope_rotary_dims", 6 * cfg.ropeBands())
         .put("frame_receptive_field", cfg.frameReceptiveField())
         .put("text_coords_style", cfg.textCoords() == MagiHumanConfig.TextCoords.V1 ? "v1" : "v2");
        cfg.mmLayers().stream().sorted().forEach(c.putArray("mm_layers")::add);
        cfg.gelu7Layers().stream().sorted().forEach(c.putArray("gelu7_layers")::add);
        cfg.localAttnLayers().stream().sorted().forEach(c.putArray("local_attn_layers")::add);
        Files.createDirectories(dir);
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);
    }

    public static Random writeDit(Path dir, MagiHumanConfig cfg, long seed, int shards) throws IOException {
        if (shards < 0 || shards > cfg.layers()) throw new IllegalArgumentException("shards must be 0.." + cfg.layers() + ", got " + shards);
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        writeDitConfig(dir, cfg);

        // Tensors in a fixed order; layer l goes to shard ⌊l·n/layers⌋, the adapter to the first, the heads to the last.
        Random rnd = new Random(seed);
        int n = Math.max(1, shards);
        ObjectNode weightMap = json.createObjectNode();
        SafetensorsWriter w = shardWriter(seed);
        int shard = 0;
        for (DitTensors.Entry e : DitTensors.of(cfg)) {
            int want = e.layer() < 0 ? (e.key().startsWith("adapter.") ? 0 : shard) : (int) ((long) e.layer() * n / cfg.layers());
            if (want != shard) {
                flush(w, dir, shard, shards, weightMap);
                w = shardWriter(seed);
                shard = want;
            }
            switch (e.kind()) {
                case MATRIX -> w.add(e.key(), gaussian(rnd, (int) e.shape().numel(), e.std()), e.shape(), DType.BF16);
                case VECTOR -> w.add(e.key(), gaussian(rnd, (int) e.shape().numel(), e.std()), e.shape(), DType.F32);
                case BANDS -> w.add(e.key(), DitTensors.bands(cfg), e.shape(), DType.F32);
            }
        }
        flush(w, dir, shard, shards, weightMap);
        if (shards > 0) {
            ObjectNode index = json.createObjectNode();
            index.putObject("metadata").put("total_size", cfg.parameterCount());
            index.set("weight_map", weightMap);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        }
        return rnd;
    }

    private static SafetensorsWriter shardWriter(long seed) {
        return new SafetensorsWriter().metadata("format", "pt").metadata("note", "gallop random model, seed " + seed);
    }

    /// Writes shard `i` (or the single `model.safetensors` when `shards` is 0) and records its keys.
    private static void flush(SafetensorsWriter w, Path dir, int i, int shards, ObjectNode weightMap) throws IOException {
        String name = shards == 0 ? "model.safetensors" : String.format(java.util.Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards);
        for (String k : w.names()) weightMap.put(k, name);
        w.write(dir.resolve(name));
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }
}
