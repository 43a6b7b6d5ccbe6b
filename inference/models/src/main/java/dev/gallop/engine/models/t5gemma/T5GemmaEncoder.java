package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.WeightLoadException;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// The encoder half of T5Gemma (docs/models/t5gemma.md#layer), MagiHuman's text encoder:
/// token ids → embedding rows × √H → layers (sliding / full attention alternating) → final Gemma norm.
/// MagiHuman then takes the output through fp16 ([#encode]).
///
/// ref: transformers 4.5x T5GemmaEncoder (behaviour pinned by the golden set of docs/parity.md#t5gemma-set)
public final class T5GemmaEncoder {
    private final T5GemmaConfig cfg;
    private final Device device;
    private final EmbeddingRows embed;            // embed_tokens.weight   [V, H], read in place
    private final List<T5GemmaLayer> layers = new ArrayList<>();
    private final Tensor finalNorm;               // norm.weight           1 + w, [H]

    /// Loads the encoder from its scope (keys `embed_tokens.weight`, `layers.{i}.…`, `norm.weight`); see
    /// [#encoderScope]. The caller keeps the checkpoint open and may check `encoder.requireAllConsumed()`.
    public T5GemmaEncoder(T5GemmaConfig cfg, Weights encoder, Device device) {
        this.cfg = cfg;
        this.device = device;
        embed = EmbeddingRows.open(encoder, "embed_tokens.weight", cfg.vocab(), cfg.hidden());
        Weights ls = encoder.at("layers");
        for (int i = 0; i < cfg.layers(); i++) layers.add(new T5GemmaLayer(cfg, i, ls.at(i), device));
        finalNorm = T5GemmaLayer.gain(encoder, "norm.weight", cfg.hidden(), device);
    }

    /// The encoder's scope in a checkpoint: `model.encoder.` (a T5Gemma encoder-decoder checkpoint, as released)
    /// or `encoder.`.
    public static Weights encoderScope(Weights root) {
        for (String scope : List.of("model.encoder", "encoder")) {
            Weights w = root.at(scope);
            if (w.has("embed_tokens.weight")) return w;
        }
        throw new WeightLoadException(root.checkpoint().path() + ": no T5Gemma encoder in this checkpoint (looked for '"
                + root.prefix() + "model.encoder.embed_tokens.weight' and '" + root.prefix() + "encoder.embed_tokens.weight')");
    }

    public T5GemmaConfig config() { return cfg; }

    public Device device() { return device; }

    /// `last_hidden_state` [L, H] for token ids [L] (f32, or bf16 values in a bf16 run).
    public float[] forward(int[] ids, T5GemmaOptions options) { return forward(ids, options, Trace.NONE); }

    public float[] forward(int[] ids, T5GemmaOptions options, Trace trace) {
        return hidden(ids, options, trace).toFloats();
    }

    /// `last_hidden_state` [L, H] on the encoder's device, in the run's dtype.
    public Tensor hidden(int[] ids, T5GemmaOptions options, Trace trace) {
        int n = ids.length, h = cfg.hidden();
        if (n == 0) throw new IllegalArgumentException("T5Gemma needs at least one token; got an empty id list");
        DType act = options.bf16() ? DType.BF16 : DType.F32;
        Kernels k = device.kernels();

        // 1. embedding rows (read from the checkpoint) × √H, the scale built in the run's dtype (√3584 is 59.75 in bf16)
        Tensor e = device.empty(act, Shape.of(n, h));                        // [L, H]
        k.copy(e, Tensor.fromFloats(device, Shape.of(n, h), embed.gather(ids)));
        float scale = (float) Math.sqrt(h);
        if (options.bf16()) scale = Floats.roundBf16(scale);
        Tensor x = device.empty(act, Shape.of(n, h));                        // [L, H] residual stream
        k.scale(x, e, scale);
        if (trace.enabled()) {
            trace.tap("embed", e);
            trace.tap("embed_scaled", x);
        }

        // 2. RoPE tables [L, D/2] and the two masks (sliding: |i − j| < W; full: every key)
        RotaryTables rope = RotaryTables.build(n, cfg.headDim(), cfg.ropeTheta(), options.bf16());
        Tensor sin = Tensor.fromFloats(device, Shape.of(n, rope.half), rope.sin);
        Tensor cos = Tensor.fromFloats(device, Shape.of(n, rope.half), rope.cos);
        AttentionMask full = AttentionMask.full(n);
        AttentionMask sliding = cfg.sliding().contains(true) ? SlidingWindow.mask(n, cfg.slidingWindow()) : full;
        if (trace.enabled()) {
            trace.tap("rope_cos", Tensor.fromFloats(device, Shape.of(n, cfg.headDim()), RotaryTables.bothHalves(rope.cos, n, rope.half)));
            trace.tap("rope_sin", Tensor.fromFloats(device, Shape.of(n, cfg.headDim()), RotaryTables.bothHalves(rope.sin, n, rope.half)));
            trace.tap("mask_sliding", Tensor.fromFloats(device, Shape.of(n, n), SlidingWindow.dense(sliding, n)));
            trace.tap("mask_full", Tensor.fromFloats(device, Shape.of(n, n), SlidingWindow.dense(full, n)));
        }

        // 3. the layers
        for (int i = 0; i < layers.size(); i++) {
            var ctx = new T5GemmaLayer.Context(n, sin, cos, cfg.isSliding(i) ? sliding : full, act, options.softCap(), trace);
            layers.get(i).forward(k, device, x, ctx);
            if (trace.enabled()) trace.tap("layer" + i + ".out", x);
        }

        // 4. final Gemma norm
        Tensor y = T5GemmaLayer.norm(k, device, x, finalNorm, cfg.normEps(), act);  // [L, H]
        if (trace.enabled()) trace.tap("last_hidden_state", y);
        return y;
    }

    /// What MagiHuman's encoder wrapper returns: `last_hidden_state` through fp16, [L, H] (all L rows; trimming
    /// to 640 is the caller's, see [MagiTextFeatures#trimmed]).
    public float[] encode(int[] ids, T5GemmaOptions options, Trace trace) {
        float[] out = MagiTextFeatures.fp16RoundTrip(forward(ids, options, trace));
        if (trace.enabled()) trace.tap("magi_fp16", Tensor.fromFloats(device, Shape.of(ids.length, cfg.hidden()), out));
        return out;
    }
}
