package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuKernels;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// One T5Gemma encoder layer (spec §4): "sandwich" Gemma RMS norms around both branches, bidirectional GQA
/// self-attention (sliding-window or full), GeGLU feed-forward with tanh-GELU. The residual adds the post-norm
/// output of each branch.
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
    record Context(int tokens, RotaryTables rope, Tensor sin, Tensor cos, AttentionMask mask, int[][] keyRanges,
                   T5GemmaOptions options, Trace trace) {}

    /// x [L, H] (the residual stream) is updated in place.
    void forward(Kernels kn, Device dev, Tensor x, Context c) {
        int n = c.tokens(), hq = cfg.heads(), hkv = cfg.kvHeads(), d = cfg.headDim();
        boolean bf16 = c.options().bf16(), vector = !(kn instanceof CpuKernels ck) || ck.vectorized();
        String p = "layer" + index + ".";

        // 1. attention input: Gemma RMS norm (f32 inside, cast to the run's dtype)
        Tensor attnIn = norm(kn, dev, x, preAttnNorm, cfg.normEps(), bf16);                   // [L, H]
        tap(c, p + "attn_in", attnIn);

        // 2. projections, split into heads (head-major columns)
        Tensor qs = project(kn, dev, attnIn, q, bf16).reshape(n, hq, d);       // [L, Hq, D]
        Tensor ks = project(kn, dev, attnIn, k, bf16).reshape(n, hkv, d);      // [L, Hkv, D]
        Tensor vs = project(kn, dev, attnIn, v, bf16).reshape(n, hkv, d);      // [L, Hkv, D]
        tap(c, p + "q", qs);
        tap(c, p + "k", ks);
        tap(c, p + "v", vs);

        // 3. RoPE, rotate-half over the whole head, positions 0..L-1
        if (bf16) {
            qs = rotateBf16(dev, qs, c.rope(), hq);
            ks = rotateBf16(dev, ks, c.rope(), hkv);
        } else {
            kn.rope(qs, c.sin(), c.cos());
            kn.rope(ks, c.sin(), c.cos());
        }
        tap(c, p + "q_rope", qs);
        tap(c, p + "k_rope", ks);

        // 4. softmax(cap(q kᵀ · query_pre_attn_scalar^-½) + mask) v, bidirectional, GQA
        boolean capped = c.options().softCap() && cfg.softCap() > 0;
        float scale = cfg.attentionScale(), cap = capped ? cfg.softCap() : 0f;
        EagerAttention.Taps taps = c.trace().enabled()
                ? new EagerAttention.Taps(new float[hq * n * n], new float[hq * n * n]) : EagerAttention.Taps.NONE;
        Tensor core;                                                            // [L, Hq, D]
        if (capped) {
            // the engine kernel has no soft-cap: eager attention (the reference's eager rounding points in bf16)
            float[] out = EagerAttention.run(qs.toFloats(), ks.toFloats(), vs.toFloats(), n, hq, hkv, d, scale, cap,
                    c.keyRanges(), bf16, vector, taps);
            core = Tensor.fromFloats(dev, Shape.of(n, hq, d), out);
        } else {
            // no cap (MagiHuman's SDPA path): the engine kernel; in bf16 it rounds as a fused (SDPA/flash) kernel does
            core = dev.empty(DType.F32, Shape.of(n, hq, d));
            kn.attention(core, qs, ks, vs, scale, c.mask(), bf16);
            if (c.trace().enabled()) {
                EagerAttention.run(qs.toFloats(), ks.toFloats(), vs.toFloats(), n, hq, hkv, d, scale, 0f, c.keyRanges(), bf16, vector, taps);
            }
        }
        if (c.trace().enabled()) {
            c.trace().tap(p + "attn_logits", Tensor.fromFloats(dev, Shape.of(hq, n, n), taps.logits()));
            c.trace().tap(p + "attn_probs", Tensor.fromFloats(dev, Shape.of(hq, n, n), taps.probs()));
        }
        tap(c, p + "attn_core", core);

        // 5. output projection, post-attention norm, residual
        Tensor attnOut = project(kn, dev, core.reshape(n, hq * d), o, bf16);   // [L, H]
        tap(c, p + "attn_out", attnOut);
        Tensor attnPost = norm(kn, dev, attnOut, postAttnNorm, cfg.normEps(), bf16);          // [L, H]
        tap(c, p + "attn_post", attnPost);
        residual(kn, x, attnPost, bf16);
        tap(c, p + "resid_mid", x);

        // 6. feed-forward input norm, gate and up projections
        Tensor ffnIn = norm(kn, dev, x, preFfnNorm, cfg.normEps(), bf16);                     // [L, H]
        tap(c, p + "ffn_in", ffnIn);
        Tensor g = project(kn, dev, ffnIn, gate, bf16);                        // [L, I]
        Tensor u = project(kn, dev, ffnIn, up, bf16);                          // [L, I]
        tap(c, p + "gate", g);
        tap(c, p + "up", u);

        // 7. GeGLU: gelu_tanh(gate) · up
        int ff = cfg.intermediate();
        Tensor act = Tensor.fromFloats(dev, Shape.of(n, ff), GeluTanhGlu.apply(g.toFloats(), u.toFloats(), bf16, vector));
        tap(c, p + "act", act);

        // 8. down projection, post-feed-forward norm, residual
        Tensor ffnOut = project(kn, dev, act, down, bf16);                     // [L, H]
        tap(c, p + "ffn_out", ffnOut);
        Tensor ffnPost = norm(kn, dev, ffnOut, postFfnNorm, cfg.normEps(), bf16);             // [L, H]
        tap(c, p + "ffn_post", ffnPost);
        residual(kn, x, ffnPost, bf16);
    }

    /// Gemma RMS norm: y = x · rsqrt(mean(x²) + eps) · (1 + w) in f32; rounded to bf16 in a bf16 run.
    static Tensor norm(Kernels kn, Device dev, Tensor x, Tensor gain, float eps, boolean bf16) {
        Tensor y = dev.empty(DType.F32, x.shape());
        kn.rmsNorm(y, x, gain, eps);
        if (bf16) kn.roundBf16(y);
        return y;
    }

    private static Tensor project(Kernels kn, Device dev, Tensor x, Tensor w, boolean bf16) {
        Tensor y = dev.empty(DType.F32, Shape.of(x.shape().dim(0), w.shape().dim(0)));
        kn.linear(y, x, w, null, bf16);
        return y;
    }

    private static Tensor rotateBf16(Device dev, Tensor t, RotaryTables rope, int heads) {
        float[] a = t.toFloats();
        rope.applyBf16(a, heads);
        return Tensor.fromFloats(dev, t.shape(), a);
    }

    /// x += y, then rounded to bf16 in a bf16 run (a bf16 tensor sum).
    static void residual(Kernels kn, Tensor x, Tensor y, boolean bf16) {
        kn.add(x, y);
        if (bf16) kn.roundBf16(x);
    }

    private static void tap(Context c, String name, Tensor t) {
        if (c.trace().enabled()) c.trace().tap(name, t);
    }
}
