package dev.gallop.engine.models.magihuman;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.io.json.BoundedJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/// Hyper-parameters of the MagiHuman single-stream "sandwich" DiT (docs/models/magihuman.md#dit). The same record
/// describes the real 15B model ([#real15B()]), the golden test models and our demo model; `config.json` files use
/// the key names of the golden sets (`hidden_size`, `num_layers`, `mm_layers`, ...).
///
/// ref: daVinci-MagiHuman inference/common/config.py (ModelConfig) @209209b
///
/// @param hidden              model width D (5120)
/// @param layers              number of transformer layers (40)
/// @param headDim             attention head size (128; RoPE rotates 96 of these)
/// @param headsQ              query heads (D / headDim)
/// @param headsKv             key/value heads (GQA; query head h reads kv head h / (headsQ / headsKv))
/// @param mmLayers            layers with three modality experts (video 0, audio 1, text 2); the rest are shared
/// @param gelu7Layers         layers whose MLP is GELU7 (non-gated); the rest are SwiGLU7
/// @param gelu7Intermediate   GELU7 hidden width (4·D)
/// @param swiglu7Intermediate SwiGLU7 hidden width (⌊8D/3⌋ rounded down to a multiple of 4); up width is twice that
/// @param localAttnLayers     layers using frame-window local attention (1080p SR model); empty elsewhere
/// @param frameReceptiveField local attention half-window in latent frames (11)
/// @param normEps             RMS norm epsilon (1e-6)
/// @param latentChannels      video latent channels (48)
/// @param audioChannels       audio latent channels (64)
/// @param textChannels        text feature width (3584, T5Gemma)
/// @param ropeBands           RoPE frequencies per axis (16); 3 axes × bands × 2 = rotated dims
/// @param textCoords          coordinate style of text tokens: V2 (base/distill) or V1 (super-resolution)
public record MagiHumanConfig(int hidden, int layers, int headDim, int headsQ, int headsKv,
                              Set<Integer> mmLayers, Set<Integer> gelu7Layers,
                              int gelu7Intermediate, int swiglu7Intermediate,
                              Set<Integer> localAttnLayers, int frameReceptiveField, float normEps,
                              int latentChannels, int audioChannels, int textChannels, int ropeBands,
                              TextCoords textCoords) {

    /// How text tokens are placed for RoPE (docs/models/magihuman.md#rope).
    public enum TextCoords { V1, V2 }

    public static final int EXPERTS = 3;
    public static final int PATCH_H = 2, PATCH_W = 2;

    public MagiHumanConfig {
        mmLayers = Set.copyOf(new TreeSet<>(mmLayers));
        gelu7Layers = Set.copyOf(new TreeSet<>(gelu7Layers));
        localAttnLayers = Set.copyOf(new TreeSet<>(localAttnLayers));
        List<String> errors = new ArrayList<>();
        if (hidden <= 0 || layers <= 0 || headDim <= 0) errors.add("hidden_size, num_layers and head_dim must be positive");
        if ((long) headsQ * headDim != hidden) errors.add("num_heads_q (" + headsQ + ") × head_dim (" + headDim + ") must equal hidden_size (" + hidden + ")");
        if (headsKv <= 0 || headsQ % headsKv != 0) errors.add("num_heads_q (" + headsQ + ") must be a multiple of num_heads_kv (" + headsKv + ")");
        if (ropeBands < 0 || 6L * ropeBands > headDim) errors.add("RoPE rotates 6 × " + ropeBands + " dims; it must be 0.." + headDim + " (head_dim)");
        if (latentChannels <= 0 || audioChannels <= 0 || textChannels <= 0) {
            errors.add("latent_channels, audio_in_channels and text_in_channels must be positive");
        }
        if (frameReceptiveField <= 0) errors.add("frame_receptive_field must be positive, got " + frameReceptiveField);
        if (!(normEps > 0) || !Float.isFinite(normEps)) errors.add("norm_eps must be a positive finite number, got " + normEps);
        for (Set<Integer> s : List.of(mmLayers, gelu7Layers, localAttnLayers)) {
            for (int l : s) if (l < 0 || l >= layers) errors.add("layer index " + l + " outside 0.." + (layers - 1));
        }
        if (gelu7Intermediate <= 0 && !gelu7Layers.isEmpty()) errors.add("gelu7_intermediate_size must be positive");
        if (swiglu7Intermediate <= 0 && gelu7Layers.size() < layers) errors.add("swiglu7_intermediate_size must be positive");
        if (!errors.isEmpty()) throw new IllegalArgumentException("invalid MagiHuman config: " + String.join("; ", errors));
    }

    /// A 4-layer, width-256 config with the real model's layer pattern in small (the golden tiny DiT's shape): the
    /// configuration of the random test models and the CPU benchmarks.
    public static MagiHumanConfig tiny() {
        return new MagiHumanConfig(256, 4, 128, 2, 1, Set.of(0, 3), Set.of(0), 1024, swigluWidth(256),
                Set.of(), 11, 1e-6f, 48, 64, 3584, 16, TextCoords.V2);
    }

    /// The released daVinci-MagiHuman DiT (base / distill / 540p_sr): 40 layers, width 5120, 15.299 B parameters.
    public static MagiHumanConfig real15B() {
        return new MagiHumanConfig(5120, 40, 128, 40, 8,
                Set.of(0, 1, 2, 3, 36, 37, 38, 39), Set.of(0, 1, 2, 3),
                4 * 5120, swigluWidth(5120), Set.of(), 11, 1e-6f, 48, 64, 3584, 16, TextCoords.V2);
    }

    /// The 1080p super-resolution DiT: as [#real15B()] with frame-window attention in all layers but 3, 7, …, 31,
    /// and text coordinates in the SR style.
    public static MagiHumanConfig real15B1080pSr() {
        Set<Integer> local = new TreeSet<>();
        for (int l = 0; l < 40; l++) if (!(l % 4 == 3 && l <= 31)) local.add(l);
        return real15B().withLocalAttention(local).withTextCoords(TextCoords.V1);
    }

    /// ⌊8·hidden/3⌋ rounded down to a multiple of 4 (13652 for 5120).
    public static int swigluWidth(int hidden) { return (hidden * 8 / 3) / 4 * 4; }

    public MagiHumanConfig withTextCoords(TextCoords style) {
        return new MagiHumanConfig(hidden, layers, headDim, headsQ, headsKv, mmLayers, gelu7Layers, gelu7Intermediate,
                swiglu7Intermediate, localAttnLayers, frameReceptiveField, normEps, latentChannels, audioChannels,
                textChannels, ropeBands, style);
    }

    public MagiHumanConfig withLocalAttention(Set<Integer> local) {
        return new MagiHumanConfig(hidden, layers, headDim, headsQ, headsKv, mmLayers, gelu7Layers, gelu7Intermediate,
                swiglu7Intermediate, local, frameReceptiveField, normEps, latentChannels, audioChannels,
                textChannels, ropeBands, textCoords);
    }

    public int videoInChannels() { return latentChannels * PATCH_H * PATCH_W; }

    public int experts(int layer) { return mmLayers.contains(layer) ? EXPERTS : 1; }

    public boolean isGelu7(int layer) { return gelu7Layers.contains(layer); }

    /// QKV projection width per expert: q heads, k heads, v heads, then one gate per q head.
    public int qkvWidth() { return headsQ * headDim + 2 * headsKv * headDim + headsQ; }

    /// The `count` layers a DiT streams from host memory when it cannot hold them all ([MagiHumanDit]): the shared
    /// layers first, from the middle of the stack outwards (the expert layers at both ends hold three weight sets, so
    /// streaming one would need slots three times as large), then the expert layers.
    public java.util.Set<Integer> layersToStream(int count) {
        if (count < 0 || count > layers) throw new IllegalArgumentException("cannot stream " + count + " of " + layers + " layers");
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < layers; i++) order.add(i);
        double mid = (layers - 1) / 2.0;
        order.sort(java.util.Comparator.<Integer>comparingInt(this::experts).thenComparingDouble(i -> Math.abs(i - mid)).thenComparingInt(i -> i));
        return java.util.Set.copyOf(order.subList(0, count));
    }

    public int mlpIntermediate(int layer) { return isGelu7(layer) ? gelu7Intermediate : swiglu7Intermediate; }

    public int mlpUpWidth(int layer) { return isGelu7(layer) ? gelu7Intermediate : 2 * swiglu7Intermediate; }

    /// Number of parameters of a checkpoint with this config (every tensor, norms and biases included).
    public long parameterCount() {
        long d = hidden, p = 0;
        p += d * videoInChannels() + d + d * textChannels + d + d * audioChannels + d + ropeBands;   // adapter
        for (int l = 0; l < layers; l++) {
            long e = experts(l);
            long perExpert = d                                   // attention pre-norm
                    + (long) qkvWidth() * d                      // qkv
                    + 2L * headDim                               // q/k norms
                    + d * d                                      // proj (headsQ·headDim = d)
                    + d                                          // mlp pre-norm
                    + (long) mlpUpWidth(l) * d + d * mlpIntermediate(l);
            p += e * perExpert;
        }
        p += 2 * d + (long) videoInChannels() * d + (long) audioChannels * d;                         // heads
        return p;
    }

    /// Reads a config in the golden-set format (keys of `magihuman-dit-tiny/config.json`). Missing optional keys
    /// take the real model's values; a missing required key or an inconsistent value is an error naming the key.
    public static MagiHumanConfig fromJson(Path file) throws IOException {
        JsonNode j;
        try {
            j = BoundedJson.read(file, BoundedJson.MODEL_CONFIG);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read model config: " + e.getMessage(), e);
        }
        if (!j.isObject()) throw new IOException(file + ": a model config is a JSON object, not " + j.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        try {
            return fromJson(j);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static MagiHumanConfig fromJson(JsonNode j) {
        int hidden = req(j, "hidden_size");
        int headDim = opt(j, "head_dim", 128);
        if (headDim <= 0) throw new IllegalArgumentException("model config key 'head_dim' must be positive, got " + headDim);
        int layers = req(j, "num_layers");
        int headsQ = opt(j, "num_heads_q", hidden / headDim);
        int headsKv = req(j, "num_heads_kv");
        Set<Integer> mm = ints(j, "mm_layers", true);
        Set<Integer> gelu = ints(j, "gelu7_layers", true);
        Set<Integer> local = ints(j, "local_attn_layers", false);
        String style = j.has("text_coords_style") ? j.get("text_coords_style").asText() : "v2";
        TextCoords tc = switch (style.toLowerCase(java.util.Locale.ROOT)) {
            case "v1" -> TextCoords.V1;
            case "v2" -> TextCoords.V2;
            default -> throw new IllegalArgumentException("text_coords_style must be \"v1\" or \"v2\", got \"" + style + "\"");
        };
        int rotary = opt(j, "rope_rotary_dims", 96);
        int bands = opt(j, "rope_bands_per_axis", rotary / 6);
        if (j.has("norm_eps") && !j.get("norm_eps").isNumber()) throw new IllegalArgumentException("model config key 'norm_eps' must be a number, got " + j.get("norm_eps"));
        if (bands * 6 != rotary) throw new IllegalArgumentException("rope_rotary_dims " + rotary + " is not 6 × rope_bands_per_axis " + bands);
        return new MagiHumanConfig(hidden, layers, headDim, headsQ, headsKv, mm, gelu,
                opt(j, "gelu7_intermediate_size", 4 * hidden), opt(j, "swiglu7_intermediate_size", swigluWidth(hidden)),
                local, opt(j, "frame_receptive_field", 11), (float) (j.has("norm_eps") ? j.get("norm_eps").asDouble() : 1e-6),
                opt(j, "latent_channels", 48), opt(j, "audio_in_channels", 64), opt(j, "text_in_channels", 3584), bands, tc);
    }

    private static int req(JsonNode j, String key) {
        JsonNode v = j.get(key);
        if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException("model config needs an integer '" + key + "'" + (v == null ? "" : ", got " + v));
        return v.asInt();
    }

    private static int opt(JsonNode j, String key, int dflt) {
        JsonNode v = j.get(key);
        if (v == null) return dflt;
        if (!v.canConvertToInt()) throw new IllegalArgumentException("model config key '" + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    private static Set<Integer> ints(JsonNode j, String key, boolean required) {
        JsonNode v = j.get(key);
        if (v == null) {
            if (required) throw new IllegalArgumentException("model config needs a list '" + key + "'");
            return Set.of();
        }
        if (!v.isArray()) throw new IllegalArgumentException("model config key '" + key + "' must be a list of layer indices, got " + v);
        Set<Integer> s = new TreeSet<>();
        for (JsonNode e : v) {
            if (!e.canConvertToInt()) throw new IllegalArgumentException("model config key '" + key + "' holds a non-integer " + e);
            s.add(e.asInt());
        }
        return s;
    }
}
