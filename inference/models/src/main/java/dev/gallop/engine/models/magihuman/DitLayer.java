package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;

/// One pre-norm transformer layer of the DiT (docs/models/magihuman.md#layer-forward): gated GQA self-attention over
/// the whole joint sequence, then a GELU7 or interleaved SwiGLU7 MLP, both added to the f32 residual stream. In an
/// mm layer every weight and norm has three modality experts (video, audio, text) acting on their token ranges.
///
/// The activations between operations have the run's dtype (`act`: F32, or BF16 in mixed precision, where every
/// operation rounds its output once, as the reference's bf16 run does). The fusions a GPU wants are operations of
/// the SPI: the norm writes the GEMM operand, q/k norm and RoPE read the QKV projection in place, the gate reads its
/// columns, and the output and down projections add into the residual in their epilogue.
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
    private final ExpertLinear down;      // mlp.down_proj           [D·m, I]    (I padded to the device's GEMM width)

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
        down = ExpertLinear.loadPadded(f, "down_proj.weight", m, d, cfg.mlpIntermediate(index));
    }

    /// x[N, D] (the f32 residual stream) is updated in place.
    void forward(Kernels k, Workspace ws, Tensor x, TokenLayout l, Tensor sin, Tensor cos, AttentionMask mask, DType act,
                 Trace trace) {
        int n = l.total(), d = cfg.hidden(), dh = cfg.headDim(), hq = cfg.headsQ(), hkv = cfg.headsKv();
        String p = "layer" + index + ".";

        // 1. attention input: per-modality RMS norm, written as the projection's operand        h: [N, D]
        Tensor h = ws.get("h", act, n, d);
        attnNorm.forward(k, h, x, l);

        // 2. one projection to q | k | v | gate                                                  [N, Hq·Dh + 2·Hkv·Dh + Hq]
        Tensor qkvOut = ws.get("qkv", act, n, cfg.qkvWidth());
        qkv.forward(k, qkvOut, h, l);
        tap(trace, p + "qkv", qkvOut);

        // 3.–4. per-head q/k RMS norm and RoPE read from the projection in place                 q: [N, Hq, Dh], k: [N, Hkv, Dh]
        Tensor q = ws.get("q", act, n, hq, dh), kk = ws.get("k", act, n, hkv, dh), v = ws.get("v", act, n, hkv, dh);
        normRope(k, q, qkvOut, 0, qNorm, l, sin, cos);
        normRope(k, kk, qkvOut, hq * dh, kNorm, l, sin, cos);
        k.copyColumns(v.reshape(n, hkv * dh), qkvOut, (hq + hkv) * dh);
        tap(trace, p + "q_rope", q);
        tap(trace, p + "k_rope", kk);

        // 5. softmax(q kᵀ / √Dh) v over the joint sequence, GQA                                  o: [N, Hq, Dh]
        Tensor o = ws.get("o", act, n, hq, dh);
        k.attention(o, q, kk, v, AttentionSpec.fused((float) (1.0 / Math.sqrt(dh)), mask));
        tap(trace, p + "attn_core", o);

        // 6. per-head sigmoid gate, its Hq values read from the projection's last columns
        Tensor gated = ws.get("gated", act, n, hq, dh);
        k.sigmoidGate(gated, o, qkvOut, (hq + 2 * hkv) * dh);
        tap(trace, p + "attn_gated", gated);

        // 7. output projection, added to the f32 residual in the GEMM's epilogue
        Tensor gatedRows = gated.reshape(n, hq * dh);
        if (trace.enabled()) {
            Tensor attnOut = ws.get("attn_out", act, n, d);
            proj.forward(k, attnOut, gatedRows, l);
            trace.tap(p + "attn_out", attnOut);
        }
        proj.forwardAdd(k, x, gatedRows, l);
        tap(trace, p + "resid_mid", x);

        // 8. MLP input norm and up-projection                                                    u: [N, up]
        mlpNorm.forward(k, h, x, l);
        Tensor u = ws.get("up", act, n, cfg.mlpUpWidth(index));
        up.forward(k, u, h, l);
        tap(trace, p + "mlp_up", u);

        // 9. GELU7, or SwiGLU7 on interleaved (gate, linear) columns, written as the down projection's operand
        int inter = cfg.mlpIntermediate(index);
        Tensor a = ws.get("act", act, n, down.in);                                              // [N, I or padded]
        if (gelu7) k.gelu7(a, u); else k.swiglu7(a, u);
        if (trace.enabled()) trace.tap(p + "mlp_act", down.in == inter ? a : columns(k, ws, a, act, n, inter));

        // 10. down-projection, added to the f32 residual in the GEMM's epilogue
        if (trace.enabled()) {
            Tensor mlpOut = ws.get("mlp_out", act, n, d);
            down.forward(k, mlpOut, a, l);
            trace.tap(p + "mlp_out", mlpOut);
        }
        down.forwardAdd(k, x, a, l);
    }

    /// q or k heads from the projection columns [col0, ...), per modality expert: norm with its gain, RoPE, cast.
    private static void normRope(Kernels k, Tensor out, Tensor qkvOut, int col0, ExpertNorm norm, TokenLayout l, Tensor sin, Tensor cos) {
        if (norm.experts() == 1) {
            k.qkNormRope(out, qkvOut, col0, norm.gain(0), norm.eps(), sin, cos);
            return;
        }
        for (int e = 0; e < norm.experts(); e++) {
            int s = l.start(e), t = l.end(e);
            if (t > s) k.qkNormRope(out.rows(s, t), qkvOut.rows(s, t), col0, norm.gain(e), norm.eps(), sin.rows(s, t), cos.rows(s, t));
        }
    }

    /// The first `width` columns of a (K-padded) activation, for a trace.
    private static Tensor columns(Kernels k, Workspace ws, Tensor a, DType act, int n, int width) {
        Tensor t = ws.get("act_unpadded", act, n, width);
        k.copyColumns(t, a, 0);
        return t;
    }

    private static void tap(Trace trace, String name, Tensor t) {
        if (trace.enabled()) trace.tap(name, t);
    }
}
