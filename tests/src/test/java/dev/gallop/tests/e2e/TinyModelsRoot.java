package dev.gallop.tests.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import dev.gallop.tests.parity.t5gemma.TinyTokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

/// Writes a models root in the real ComfyUI layout with tiny components, as a user's download would be laid out:
///
/// * `diffusion_models/magihuman/{distill,base,540p_sr,1080p_sr}/`: random DiTs (2 layers, width 256) in two shards
///   with `model.safetensors.index.json`, plus a `config.json` (the real folders have none; it overrides the 15B
///   defaults); the 1080p model has frame-window attention in layer 0 with a receptive field of 1 frame;
/// * `text_encoders/t5gemma-9b-9b-ul2/`: a random T5Gemma encoder that is as wide as the real one (3584, so the
///   catalog's shape checks hold) but one thin layer deep, the tiny Gemma-style `tokenizer.json`, one shard + index;
/// * `vae/wan2.2_vae.safetensors`, `vae/turbo_vaed/`, `vae/stable-audio-open-1.0/`: the tiny golden VAEs.
final class TinyModelsRoot {
    private TinyModelsRoot() {}

    static final int TEXT = 3584;

    /// The tests module's `fixtures/` folder.
    static Path fixtures() { return Path.of(System.getProperty("basedir", "."), "fixtures"); }

    static MagiHumanConfig dit(Set<Integer> local, int receptiveField) {
        return new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                local, receptiveField, 1e-6f, 48, 64, TEXT, 16, MagiHumanConfig.TextCoords.V2);
    }

    static Path write(Path root) throws IOException {
        Path dits = root.resolve("diffusion_models/magihuman");
        RandomModelWriter.writeDit(dits.resolve("distill"), dit(Set.of(), 11), 11, 2);
        RandomModelWriter.writeDit(dits.resolve("base"), dit(Set.of(), 11), 12, 2);
        RandomModelWriter.writeDit(dits.resolve("540p_sr"), dit(Set.of(), 11), 13, 2);
        RandomModelWriter.writeDit(dits.resolve("1080p_sr"), dit(Set.of(0), 1), 14, 2);
        textEncoder(root.resolve("text_encoders/t5gemma-9b-9b-ul2"));

        Path f = fixtures().resolve("magihuman-decoders");
        Files.createDirectories(root.resolve("vae"));
        Files.copy(f.resolve("wan_vae_encoder/weights.safetensors"), root.resolve("vae/wan2.2_vae.safetensors"));
        Path turbo = Files.createDirectories(root.resolve("vae/turbo_vaed"));
        Files.copy(f.resolve("turbo_vaed/config.json"), turbo.resolve("TurboV3-Wan22-TinyShallow_7_7.json"));
        Files.copy(f.resolve("turbo_vaed/weights.safetensors"), turbo.resolve("turbo_vaed.safetensors"));
        Path sao = Files.createDirectories(root.resolve("vae/stable-audio-open-1.0"));
        ObjectMapper om = new ObjectMapper();
        ObjectNode cfg = om.createObjectNode();
        cfg.put("model_type", "diffusion_cond").put("sample_rate", 44100);
        cfg.putObject("model").set("pretransform", om.readTree(f.resolve("oobleck/config.json").toFile()).get("model_config_pretransform"));
        om.writerWithDefaultPrettyPrinter().writeValue(sao.resolve("model_config.json").toFile(), cfg);
        Files.copy(f.resolve("oobleck/weights.safetensors"), sao.resolve("model.safetensors"));
        return root;
    }

    /// A T5Gemma encoder with the real width and one thin layer (1 head of 16 dims, GeGLU width 32), random weights.
    static void textEncoder(Path dir) throws IOException {
        Files.createDirectories(dir);
        int vocab = 32, heads = 1, headDim = 16, ff = 32;
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "t5gemma", "encoder": {"hidden_size": %d, "num_hidden_layers": 1, "num_attention_heads": %d,
                 "num_key_value_heads": 1, "head_dim": %d, "intermediate_size": %d, "vocab_size": %d,
                 "layer_types": ["sliding_attention"], "sliding_window": 4096, "query_pre_attn_scalar": %d,
                 "attn_logit_softcapping": 50.0, "rms_norm_eps": 1e-06, "rope_theta": 10000.0}}
                """.formatted(TEXT, heads, headDim, ff, vocab, headDim));
        TinyTokenizerJson.write(dir);
        Random r = new Random(21);
        String p = "model.encoder.";
        String l = p + "layers.0.";
        SafetensorsWriter w = new SafetensorsWriter()
                .add(p + "embed_tokens.weight", gauss(r, vocab * TEXT, 0.02), Shape.of(vocab, TEXT), DType.BF16)
                .add(p + "norm.weight", gauss(r, TEXT, 0.1), Shape.of(TEXT), DType.BF16)
                .add(l + "self_attn.q_proj.weight", gauss(r, heads * headDim * TEXT, 0.02), Shape.of(heads * headDim, TEXT), DType.BF16)
                .add(l + "self_attn.k_proj.weight", gauss(r, headDim * TEXT, 0.02), Shape.of(headDim, TEXT), DType.BF16)
                .add(l + "self_attn.v_proj.weight", gauss(r, headDim * TEXT, 0.02), Shape.of(headDim, TEXT), DType.BF16)
                .add(l + "self_attn.o_proj.weight", gauss(r, TEXT * heads * headDim, 0.02), Shape.of(TEXT, heads * headDim), DType.BF16)
                .add(l + "mlp.gate_proj.weight", gauss(r, ff * TEXT, 0.02), Shape.of(ff, TEXT), DType.BF16)
                .add(l + "mlp.up_proj.weight", gauss(r, ff * TEXT, 0.02), Shape.of(ff, TEXT), DType.BF16)
                .add(l + "mlp.down_proj.weight", gauss(r, TEXT * ff, 0.02), Shape.of(TEXT, ff), DType.BF16);
        for (String norm : new String[] {"pre_self_attn_layernorm", "post_self_attn_layernorm", "pre_feedforward_layernorm",
                "post_feedforward_layernorm"}) {
            w.add(l + norm + ".weight", gauss(r, TEXT, 0.1), Shape.of(TEXT), DType.BF16);
        }
        String shard = "model-00001-of-00001.safetensors";
        w.write(dir.resolve(shard));
        StringBuilder idx = new StringBuilder("{\"metadata\": {\"total_size\": 0}, \"weight_map\": {");
        String sep = "";
        for (String k : w.names()) {
            idx.append(sep).append('"').append(k).append("\": \"").append(shard).append('"');
            sep = ", ";
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), idx.append("}}").toString());
    }

    private static float[] gauss(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }
}
