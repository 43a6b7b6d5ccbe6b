package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;

/// One pre-norm transformer layer of the DiT (spec §1.2): gated GQA self-attention over the whole joint sequence,
/// then a GELU7 or interleaved SwiGLU7 MLP, both added to the f32 residual stream. In an mm layer every weight and
/// norm has three modality experts (video, audio, text) acting on their contiguous token ranges.
///
/// ref: daVinci-MagiHuman inference/model/dit/dit_module.py (TransFormerLayer, Attention, MLP) @209209b
final class DitLayer {
    private final MagiHumanConfig cfg;
    private final int index;
    private final boolean gelu7;
    private final ExpertNorm attnNorm;    // attention.pre_norm      [D·m]
    private final ExpertLinear qkv;       // attention.linear_qkv    [(Hq·Dh + 2·Hkv·Dh + Hq)·m, D]
    private final ExpertNorm qNorm;       // attention.q_norm        [Dh·m]
    private final ExpertNorm kNorm;       // attention.k_norm        [Dh·m]
    private final ExpertLinear proj;      // attention.linear_proj   [D·m, D]
    private final ExpertNorm mlpNorm;     // mlp.pre_norm            [D·m]
    private final ExpertLinear up;        // mlp.up_gate_proj        [up·m, D]   (SwiGLU7: rows interleave gate, linear)
    private final ExpertLinear down;      // mlp.down_proj           [D·m, I]

    DitLayer(MagiHumanConfig cfg, int index, Weights w, Device device) {
        this.cfg = cfg;
        this.index = index;
        this.gelu7 = cfg.isGelu7(index);
        int m = cfg.experts(index), d = cfg.hidden(), dh = cfg.headDim();
        Weights a = w.at("attention"), f = w.at("mlp");
        attnNorm = ExpertNorm.load(a, "pre_norm.weight", m, d, cfg.normEps(), device);
        qkv = ExpertLinear.load(a, "linear_qkv.weight", m, cfg.qkvWidth(), d);
        qNorm = ExpertNorm.load(a, "q_norm.weight", m, dh, cfg.normEps(), device);
        kNorm = ExpertNorm.load(a, "k_norm.weight", m, dh, cfg.normEps(), device);
        proj = ExpertLinear.load(a, "linear_proj.weight", m, d, cfg.headsQ() * dh);
        mlpNorm = ExpertNorm.load(f, "pre_norm.weight", m, d, cfg.normEps(), device);
        up = ExpertLinear.load(f, "up_gate_proj.weight", m, cfg.mlpUpWidth(index), d);
        down = ExpertLinear.load(f, "down_proj.weight", m, d, cfg.mlpIntermediate(index));
    }

    /// x[N, D] (f32 residual stream) is updated in place.
    void forward(Kernels k, Workspace ws, Tensor x, TokenLayout l, Tensor sin, Tensor cos, AttentionMask mask,
                 boolean bf16, Trace trace) {
        int n = l.total(), d = cfg.hidden(), dh = cfg.headDim(), hq = cfg.headsQ(), hkv = cfg.headsKv();
        String p = "layer" + index + ".";

        // 1. attention input: per-modality RMS norm (f32); the GEMM rounds it to bf16 in mixed mode
        Tensor h = ws.get("h", n, d);
        attnNorm.forward(k, h, x, l);

        // 2. fused projection to q | k | v | gate, split into heads
        Tensor qkvOut = ws.get("qkv", n, cfg.qkvWidth());                  // [N, Hq·Dh + 2·Hkv·Dh + Hq]
        qkv.forward(k, qkvOut, h, l, bf16);
        tap(trace, p + "qkv", qkvOut);
        Tensor q = ws.get("q", n, hq, dh), kk = ws.get("k", n, hkv, dh), v = ws.get("v", n, hkv, dh), g = ws.get("g", n, hq);
        k.copyColumns(q.reshape(n, hq * dh), qkvOut, 0);
        k.copyColumns(kk.reshape(n, hkv * dh), qkvOut, hq * dh);
        k.copyColumns(v.reshape(n, hkv * dh), qkvOut, (hq + hkv) * dh);
        k.copyColumns(g, qkvOut, (hq + 2 * hkv) * dh);

        // 3.–4. per-head q/k RMS norms, then RoPE on the first 96 dims, in f32; attention operands in bf16
        qNorm.forward(k, q, q, l);
        kNorm.forward(k, kk, kk, l);
        k.rope(q, sin, cos);
        k.rope(kk, sin, cos);
        if (bf16) {
            k.roundBf16(q);
            k.roundBf16(kk);
        }
        tap(trace, p + "q_rope", q);
        tap(trace, p + "k_rope", kk);

        // 5. softmax(q kᵀ / √Dh) v over the joint sequence, GQA
        Tensor o = ws.get("o", n, hq, dh);
        k.attention(o, q, kk, v, (float) (1.0 / Math.sqrt(dh)), mask, bf16);
        tap(trace, p + "attn_core", o);

        // 6. per-head sigmoid gate
        Tensor gated = ws.get("gated", n, hq, dh);
        k.sigmoidGate(gated, o, g);
        if (bf16) k.roundBf16(gated);
        tap(trace, p + "attn_gated", gated);

        // 7. output projection, residual add in f32
        Tensor attnOut = ws.get("attn_out", n, d);
        proj.forward(k, attnOut, gated.reshape(n, hq * dh), l, bf16);
        tap(trace, p + "attn_out", attnOut);
        k.add(x, attnOut);
        tap(trace, p + "resid_mid", x);

        // 8. MLP input norm and up-projection
        mlpNorm.forward(k, h, x, l);
        int inter = cfg.mlpIntermediate(index);
        Tensor u = ws.get("up", n, cfg.mlpUpWidth(index));
        up.forward(k, u, h, l, bf16);
        tap(trace, p + "mlp_up", u);

        // 9. activation in f32: GELU7, or SwiGLU7 on interleaved (gate, linear) columns
        Tensor act = ws.get("act", n, inter);
        if (gelu7) k.gelu7(act, u); else k.swiglu7(act, u);
        if (bf16) k.roundBf16(act);
        tap(trace, p + "mlp_act", act);

        // 10. down-projection, residual add in f32
        Tensor mlpOut = ws.get("mlp_out", n, d);
        down.forward(k, mlpOut, act, l, bf16);
        tap(trace, p + "mlp_out", mlpOut);
        k.add(x, mlpOut);
    }

    private static void tap(Trace trace, String name, Tensor t) {
        if (trace.enabled()) trace.tap(name, t);
    }
}
