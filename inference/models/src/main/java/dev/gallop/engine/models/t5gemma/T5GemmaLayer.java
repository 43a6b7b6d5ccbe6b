package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// One T5Gemma encoder layer (docs/models/t5gemma.md#layer): "sandwich" Gemma RMS norms around both branches,
/// bidirectional GQA self-attention (sliding-window or full), GeGLU feed-forward with tanh-GELU. The residual adds
/// the post-norm output of each branch.
///
/// Every tensor has the run's dtype (F32, or BF16 in a bf16 run: every operation rounds its output once, the RoPE,
/// the soft-capped attention and the GeGLU at the extra rounding points of a bf16 PyTorch eager run).
///
/// ref: transformers 4.5x T5GemmaEncoderLayer / T5GemmaSelfAttention / T5GemmaMLP (behaviour pinned by the goldens)
final class T5GemmaLayer {
    private final T5GemmaConfig cfg;
    private final int index;
    private final Tensor preAttnNorm;    // pre_self_attn_layernorm     1 + w, [H]
    private final Tensor q, k, v, o;     // self_attn.{q,k,v,o}_proj    [Hq·D, H], [Hkv·D, H], [Hkv·D, H], [H, Hq·D]
    private final Tensor postAttnNorm;   // post_self_attn_layernorm    [H]
    private final Tensor preFfnNorm;     // pre_feedforward_layernorm   [H]
    private final Tensor gate, up, down; // mlp.{gate,up,down}_proj     [I, H], [I, H], [H, I]
    private final Tensor postFfnNorm;    // post_feedforward_layernorm  [H]

    T5GemmaLayer(T5GemmaConfig cfg, int index, Weights w, Device device) {
        this.cfg = cfg;
        this.index = index;
        int h = cfg.hidden(), qw = cfg.queryWidth(), kw = cfg.kvWidth(), ff = cfg.intermediate();
        Weights a = w.at("self_attn"), m = w.at("mlp");
        preAttnNorm = gain(w, "pre_self_attn_layernorm.weight", h, device);
        q = a.linear("q_proj.weight", Shape.of(qw, h));
        k = a.linear("k_proj.weight", Shape.of(kw, h));
        v = a.linear("v_proj.weight", Shape.of(kw, h));
        o = a.linear("o_proj.weight", Shape.of(h, qw));
        postAttnNorm = gain(w, "post_self_attn_layernorm.weight", h, device);
        preFfnNorm = gain(w, "pre_feedforward_layernorm.weight", h, device);
        gate = m.linear("gate_proj.weight", Shape.of(ff, h));
        up = m.linear("up_proj.weight", Shape.of(ff, h));
        down = m.linear("down_proj.weight", Shape.of(h, ff));
        postFfnNorm = gain(w, "post_feedforward_layernorm.weight", h, device);
    }

    /// Gemma norms store w zero-centred and scale by (1 + w), added once here in f32.
    static Tensor gain(Weights w, String name, int dim, Device device) {
        float[] g = w.floats(name, Shape.of(dim));
        for (int i = 0; i < dim; i++) g[i] = 1f + g[i];
        return Tensor.fromFloats(device, Shape.of(dim), g);
    }

    /// Per-forward inputs shared by the layers.
    record Context(int tokens, Tensor sin, Tensor cos, AttentionMask mask, DType act, boolean softCap, Trace trace) {}

    /// x [L, H] (the residual stream, in the run's dtype) is updated in place.
    void forward(Kernels kn, Device dev, Tensor x, Context c) {
        int n = c.tokens(), hq = cfg.heads(), hkv = cfg.kvHeads(), d = cfg.headDim();
        DType act = c.act();
        String p = "layer" + index + ".";

        // 1. attention input: Gemma RMS norm                                                    [L, H]
        Tensor attnIn = norm(kn, dev, x, preAttnNorm, cfg.normEps(), act);
        tap(c, p + "attn_in", attnIn);

        // 2. projections, split into heads (head-major columns)
        Tensor qs = project(kn, dev, attnIn, q, act).reshape(n, hq, d);       // [L, Hq, D]
        Tensor ks = project(kn, dev, attnIn, k, act).reshape(n, hkv, d);      // [L, Hkv, D]
        Tensor vs = project(kn, dev, attnIn, v, act).reshape(n, hkv, d);      // [L, Hkv, D]
        tap(c, p + "q", qs);
        tap(c, p + "k", ks);
        tap(c, p + "v", vs);

        // 3. RoPE, rotate-half over the whole head, positions 0..L-1
        kn.rope(qs, c.sin(), c.cos());
        kn.rope(ks, c.sin(), c.cos());
        tap(c, p + "q_rope", qs);
        tap(c, p + "k_rope", ks);

        // 4. softmax(cap(q kᵀ · query_pre_attn_scalar^-½) + mask) v, bidirectional, GQA. With the cap the eager
        //    rounding of transformers' eager path; without it (MagiHuman's SDPA path) a fused kernel's.
        boolean capped = c.softCap() && cfg.softCap() > 0;
        AttentionSpec spec = new AttentionSpec(cfg.attentionScale(), capped ? cfg.softCap() : 0f, c.mask(), capped);
        Tensor core = dev.empty(act, Shape.of(n, hq, d));                     // [L, Hq, D]
        kn.attention(core, qs, ks, vs, spec);
        if (c.trace().enabled()) {
            Tensor logits = dev.empty(DType.F32, Shape.of(hq, n, n)), probs = dev.empty(DType.F32, Shape.of(hq, n, n));
            kn.attentionScores(logits, probs, qs, ks, new AttentionSpec(spec.scale(), spec.softCap(), spec.mask(), true));
            c.trace().tap(p + "attn_logits", logits);
            c.trace().tap(p + "attn_probs", probs);
        }
        tap(c, p + "attn_core", core);

        // 5. output projection, post-attention norm, residual
        Tensor attnOut = project(kn, dev, core.reshape(n, hq * d), o, act);   // [L, H]
        tap(c, p + "attn_out", attnOut);
        Tensor attnPost = norm(kn, dev, attnOut, postAttnNorm, cfg.normEps(), act);
        tap(c, p + "attn_post", attnPost);
        kn.add(x, attnPost);
        tap(c, p + "resid_mid", x);

        // 6. feed-forward input norm, gate and up projections                                   [L, I]
        Tensor ffnIn = norm(kn, dev, x, preFfnNorm, cfg.normEps(), act);
        tap(c, p + "ffn_in", ffnIn);
        Tensor g = project(kn, dev, ffnIn, gate, act);
        Tensor u = project(kn, dev, ffnIn, up, act);
        tap(c, p + "gate", g);
        tap(c, p + "up", u);

        // 7. GeGLU: gelu_tanh(gate) · up
        Tensor a = dev.empty(act, Shape.of(n, cfg.intermediate()));
        kn.geluTanhGlu(a, g, u);
        tap(c, p + "act", a);

        // 8. down projection, post-feed-forward norm, residual
        Tensor ffnOut = project(kn, dev, a, down, act);                      // [L, H]
        tap(c, p + "ffn_out", ffnOut);
        Tensor ffnPost = norm(kn, dev, ffnOut, postFfnNorm, cfg.normEps(), act);
        tap(c, p + "ffn_post", ffnPost);
        kn.add(x, ffnPost);
    }

    /// Gemma RMS norm: y = x · rsqrt(mean(x²) + eps) · (1 + w), computed in f32, stored in the run's dtype.
    static Tensor norm(Kernels kn, Device dev, Tensor x, Tensor gain, float eps, DType act) {
        Tensor y = dev.empty(act, x.shape());
        kn.rmsNorm(y, x, gain, eps);
        return y;
    }

    private static Tensor project(Kernels kn, Device dev, Tensor x, Tensor w, DType act) {
        Tensor y = dev.empty(act, Shape.of(x.shape().dim(0), w.shape().dim(0)));
        kn.linear(y, x, w, null);
        return y;
    }

    private static void tap(Context c, String name, Tensor t) {
        if (c.trace().enabled()) c.trace().tap(name, t);
    }
}
