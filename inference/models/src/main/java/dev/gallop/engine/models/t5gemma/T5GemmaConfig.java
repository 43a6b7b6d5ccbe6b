package dev.gallop.engine.models.t5gemma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// Hyper-parameters of the T5Gemma encoder (docs/models/t5gemma.md#configuration). Read from a Hugging Face
/// `config.json`: either a full T5Gemma config, whose `encoder` object holds the encoder's numbers, or a flat config
/// with the same keys at the top level (the golden test sets). Keys the T5Gemma code gives defaults to may be absent;
/// the others are required.
///
/// @param hidden             model width H (3584)
/// @param layers             encoder layers (42)
/// @param heads              query heads (16)
/// @param kvHeads            key/value heads (8); query head h reads kv head h / (heads / kvHeads)
/// @param headDim            head size (256); the query width heads·headDim need not equal H
/// @param intermediate       GeGLU width (14336)
/// @param vocab              embedding rows (256000)
/// @param sliding            per layer: true for sliding-window attention, false for full attention
/// @param slidingWindow      window W: query i sees key j iff |i − j| < W on sliding layers (transformers 4.5x)
/// @param softCap            attention logit soft-cap c (50); 0 when the config disables it
/// @param queryPreAttnScalar the logit scale is queryPreAttnScalar^−0.5 (256)
/// @param ropeTheta          RoPE base (10000), rotate-half over the whole head
/// @param normEps            RMS norm epsilon (1e-6)
public record T5GemmaConfig(int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate, int vocab,
                            List<Boolean> sliding, int slidingWindow, float softCap, float queryPreAttnScalar,
                            double ropeTheta, float normEps) {

    public static final String SLIDING = "sliding_attention", FULL = "full_attention";
    public static final String GELU_TANH = "gelu_pytorch_tanh";

    public T5GemmaConfig {
        sliding = List.copyOf(sliding);
        List<String> errors = new ArrayList<>();
        if (hidden <= 0) errors.add("hidden_size must be positive, got " + hidden);
        if (layers <= 0) errors.add("num_hidden_layers must be positive, got " + layers);
        if (headDim <= 0 || headDim % 2 != 0) errors.add("head_dim must be positive and even (rotate-half RoPE), got " + headDim);
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
            errors.add("num_attention_heads (" + heads + ") must be a positive multiple of num_key_value_heads (" + kvHeads + ")");
        }
        if (intermediate <= 0) errors.add("intermediate_size must be positive, got " + intermediate);
        if (vocab <= 0) errors.add("vocab_size must be positive, got " + vocab);
        if (sliding.size() != layers) errors.add("layer_types has " + sliding.size() + " entries for " + layers + " layers");
        if (sliding.contains(true) && slidingWindow <= 0) errors.add("sliding_window must be positive, got " + slidingWindow);
        if (!(softCap >= 0) || Float.isInfinite(softCap)) errors.add("attn_logit_softcapping must be a positive number or null, got " + softCap);
        if (!(queryPreAttnScalar > 0)) errors.add("query_pre_attn_scalar must be positive, got " + queryPreAttnScalar);
        if (!(ropeTheta > 0)) errors.add("rope_theta must be positive, got " + ropeTheta);
        if (!(normEps > 0)) errors.add("rms_norm_eps must be positive, got " + normEps);
        if (!errors.isEmpty()) throw new IllegalArgumentException("invalid T5Gemma config: " + String.join("; ", errors));
    }

    /// The encoder of `google/t5gemma-9b-9b-ul2` (MagiHuman's text encoder).
    public static T5GemmaConfig t5gemma9b() {
        return new T5GemmaConfig(3584, 42, 16, 8, 256, 14336, 256000, alternating(42), 4096, 50f, 256f, 10000.0, 1e-6f);
    }

    /// Sliding, full, sliding, ...: the layer pattern when a config lists no `layer_types`.
    public static List<Boolean> alternating(int layers) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) out.add(i % 2 == 0);
        return out;
    }

    public boolean isSliding(int layer) { return sliding.get(layer); }

    public int queryWidth() { return heads * headDim; }

    public int kvWidth() { return kvHeads * headDim; }

    /// queryPreAttnScalar^−0.5 as an f32 (what multiplies the f32 logits).
    public float attentionScale() { return (float) Math.pow(queryPreAttnScalar, -0.5); }

    public T5GemmaConfig withSlidingWindow(int window) {
        return new T5GemmaConfig(hidden, layers, heads, kvHeads, headDim, intermediate, vocab, sliding, window, softCap,
                queryPreAttnScalar, ropeTheta, normEps);
    }

    public T5GemmaConfig withSoftCap(float cap) {
        return new T5GemmaConfig(hidden, layers, heads, kvHeads, headDim, intermediate, vocab, sliding, slidingWindow, cap,
                queryPreAttnScalar, ropeTheta, normEps);
    }

    /// Reads `config.json`; errors name the file and the key.
    public static T5GemmaConfig fromJson(Path file) throws IOException {
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the T5Gemma config: " + e.getMessage(), e);
        }
        try {
            return fromJson(j);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /// From a parsed config: the `encoder` object when there is one, else the top level.
    public static T5GemmaConfig fromJson(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the T5Gemma config must be a JSON object");
        JsonNode enc = root.get("encoder");
        String where = "";
        JsonNode j = root;
        if (enc != null && !enc.isNull()) {
            if (!enc.isObject()) throw new IllegalArgumentException("key 'encoder' must be an object holding the encoder config, got " + enc);
            j = enc;
            where = "encoder.";
        }
        int hidden = req(j, where, "hidden_size");
        int layers = req(j, where, "num_hidden_layers");
        int heads = req(j, where, "num_attention_heads");
        int kvHeads = opt(j, where, "num_key_value_heads", heads);
        int headDim = opt(j, where, "head_dim", 256);
        int intermediate = req(j, where, "intermediate_size");
        int vocab = j.has("vocab_size") ? req(j, where, "vocab_size") : req(root, "", "vocab_size");
        String act = j.has("hidden_activation") ? text(j, where, "hidden_activation") : GELU_TANH;
        if (!act.equals(GELU_TANH)) {
            throw new IllegalArgumentException("key '" + where + "hidden_activation' is \"" + act + "\"; only \"" + GELU_TANH + "\" is implemented");
        }
        JsonNode bias = j.get("attention_bias");
        if (bias != null && bias.asBoolean(false)) {
            throw new IllegalArgumentException("key '" + where + "attention_bias' is true; T5Gemma attention has no biases and none are implemented");
        }
        return new T5GemmaConfig(hidden, layers, heads, kvHeads, headDim, intermediate, vocab,
                layerTypes(j, where, layers), opt(j, where, "sliding_window", 4096), softCap(j, where),
                (float) num(j, where, "query_pre_attn_scalar", 256), num(j, where, "rope_theta", 10000),
                (float) num(j, where, "rms_norm_eps", 1e-6));
    }

    private static List<Boolean> layerTypes(JsonNode j, String where, int layers) {
        JsonNode v = j.get("layer_types");
        if (v == null || v.isNull()) return alternating(Math.max(0, layers));
        if (!v.isArray()) throw new IllegalArgumentException("key '" + where + "layer_types' must be a list, got " + v);
        List<Boolean> out = new ArrayList<>();
        for (JsonNode e : v) {
            String t = e.isTextual() ? e.asText() : "";
            if (t.equals(SLIDING)) out.add(true);
            else if (t.equals(FULL)) out.add(false);
            else throw new IllegalArgumentException("key '" + where + "layer_types' holds " + e + "; expected \"" + SLIDING + "\" or \"" + FULL + "\"");
        }
        if (out.size() != layers) {
            throw new IllegalArgumentException("key '" + where + "layer_types' has " + out.size() + " entries but num_hidden_layers is " + layers);
        }
        return out;
    }

    private static float softCap(JsonNode j, String where) {
        JsonNode v = j.get("attn_logit_softcapping");
        if (v == null) return 50f;
        if (v.isNull()) return 0f;
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw new IllegalArgumentException("key '" + where + "attn_logit_softcapping' must be a positive number or null, got " + v);
        }
        return (float) v.asDouble();
    }

    private static int req(JsonNode j, String where, String key) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing key '" + where + key + "' (an integer)");
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException("key '" + where + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    private static int opt(JsonNode j, String where, String key, int dflt) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) return dflt;
        return req(j, where, key);
    }

    private static double num(JsonNode j, String where, String key, double dflt) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber()) throw new IllegalArgumentException("key '" + where + key + "' must be a number, got " + v);
        return v.asDouble();
    }

    private static String text(JsonNode j, String where, String key) {
        JsonNode v = j.get(key);
        if (!v.isTextual()) throw new IllegalArgumentException("key '" + where + key + "' must be a string, got " + v);
        return v.asText().toLowerCase(Locale.ROOT);
    }
}
