package dev.gallop.engine.backend.harness;

import static dev.gallop.engine.backend.harness.OpData.normal;
import static dev.gallop.engine.backend.harness.OpData.tensor;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the transformer operations, at odd sizes (tails and vector bodies both run) and in both
/// activation dtypes. Tolerances: 1e-5 for f32 paths, 1e-2 where a bf16 output may round the other way now and
/// then, 6e-2 for fp8 GEMMs (the activations are quantized too).
final class TransformerCases {
    static final double F32 = 1e-5, BF16 = 1e-2, FP8 = 6e-2;
    private static final DType[] ACTS = {DType.F32, DType.BF16};

    private TransformerCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        linear(c);
        for (DType in : ACTS) {
            for (DType out : ACTS) {
                double tol = out == DType.BF16 || in == DType.BF16 ? BF16 : F32;
                c.add(OpCase.of(Op.RMS_NORM, "rms norm " + in + "→" + out + " [37, 131]", tol, (d, k) -> {
                    Tensor x = normal(d, in, 11, 2, 37, 131), g = normal(d, DType.F32, 12, 1, 131), y = d.empty(out, x.shape());
                    return new OpCase.Run(() -> k.rmsNorm(y, x, g, 1e-6f), List.of(y));
                }));
                c.add(OpCase.of(Op.QK_NORM_ROPE, "q/k norm + rope " + in + "→" + out + " 3 heads of 40 from col 7 of [19, 140]", tol, (d, k) -> {
                    Tensor qkv = normal(d, in, 13, 3, 19, 140), g = normal(d, DType.F32, 14, 1, 40);
                    Tensor sin = tensor(d, DType.F32, OpData.uniform(15, 19 * 18, -1, 1), 19, 18);
                    Tensor cos = tensor(d, DType.F32, OpData.uniform(16, 19 * 18, -1, 1), 19, 18);
                    Tensor out2 = d.empty(out, Shape.of(19, 3, 40));
                    return new OpCase.Run(() -> k.qkNormRope(out2, qkv, 7, g, 1e-6f, sin, cos), List.of(out2));
                }));
                c.add(OpCase.of(Op.SIGMOID_GATE, "sigmoid gate " + in + "→" + out + " [23, 5, 33], gates at col 4 of [23, 12]", tol, (d, k) -> {
                    Tensor o = normal(d, in, 17, 1, 23, 5, 33), g = normal(d, in, 18, 2, 23, 12), y = d.empty(out, o.shape());
                    return new OpCase.Run(() -> k.sigmoidGate(y, o, g, 4), List.of(y));
                }));
                c.add(OpCase.of(Op.SWIGLU7, "swiglu7 " + in + "→" + out + " [29, 2·45] into width 48", tol, (d, k) -> {
                    Tensor up = normal(d, in, 19, 5, 29, 90), y = d.empty(out, Shape.of(29, 48));
                    return new OpCase.Run(() -> k.swiglu7(y, up), List.of(y));
                }));
                c.add(OpCase.of(Op.GELU7, "gelu7 " + in + "→" + out + " [29, 45] into width 45", tol, (d, k) -> {
                    Tensor up = normal(d, in, 20, 5, 29, 45), y = d.empty(out, Shape.of(29, 45));
                    return new OpCase.Run(() -> k.gelu7(y, up), List.of(y));
                }));
                c.add(OpCase.of(Op.GELU_TANH_GLU, "gelu-tanh GLU " + in + "→" + out + " [17, 163]", tol, (d, k) -> {
                    Tensor g = normal(d, in, 21, 3, 17, 163), u = normal(d, in, 22, 1, 17, 163), y = d.empty(out, g.shape());
                    return new OpCase.Run(() -> k.geluTanhGlu(y, g, u), List.of(y));
                }));
            }
            c.add(OpCase.of(Op.ROPE, "rope " + in + " [21, 3, 36], half 15", in == DType.BF16 ? BF16 : F32, (d, k) -> {
                Tensor x = normal(d, in, 23, 1, 21, 3, 36);
                Tensor sin = tensor(d, DType.F32, OpData.uniform(24, 21 * 15, -1, 1), 21, 15);
                Tensor cos = tensor(d, DType.F32, OpData.uniform(25, 21 * 15, -1, 1), 21, 15);
                return new OpCase.Run(() -> k.rope(x, sin, cos), List.of(x));
            }));
        }
        attention(c);
        return c;
    }

    private static void linear(List<OpCase> c) {
        int m = 37, kk = 83, n = 51;
        double flops = 2.0 * m * n * kk;
        for (DType w : new DType[] {DType.F32, DType.BF16, DType.F8_E4M3}) {
            for (DType x : ACTS) {
                for (DType out : ACTS) {
                    double tol = w == DType.F8_E4M3 ? FP8 : w == DType.BF16 || x == DType.BF16 || out == DType.BF16 ? BF16 : F32;
                    for (boolean bias : new boolean[] {false, true}) {
                        c.add(new OpCase(Op.LINEAR, "linear x " + x + " [" + m + ", " + kk + "] · w " + w + " [" + n + ", " + kk + "] → " + out
                                + (bias ? " + bias" : ""), tol, flops, (d, k) -> {
                            Tensor xs = normal(d, x, 31, 1, m, kk), ws = weight(d, w, 32, n, kk);
                            Tensor b = bias ? normal(d, DType.F32, 33, 0.5, n) : null, y = d.empty(out, Shape.of(m, n));
                            return new OpCase.Run(() -> k.linear(y, xs, ws, b), List.of(y));
                        }));
                    }
                }
                c.add(new OpCase(Op.LINEAR_ADD, "linearAdd x " + x + " · w " + w + " into f32 [" + m + ", " + n + "]",
                        w == DType.F8_E4M3 ? FP8 : x == DType.BF16 || w == DType.BF16 ? BF16 : F32, flops, (d, k) -> {
                    Tensor xs = normal(d, x, 34, 1, m, kk), ws = weight(d, w, 35, n, kk), y = normal(d, DType.F32, 36, 1, m, n);
                    return new OpCase.Run(() -> k.linearAdd(y, xs, ws), List.of(y));
                }));
            }
        }
        // few rows: the CPU's small-M GEMM path (dot products instead of packed tiles)
        for (DType w : new DType[] {DType.F32, DType.BF16}) {
            c.add(new OpCase(Op.LINEAR, "linear few rows x f32 [5, 83] · w " + w + " [51, 83] + bias", w == DType.BF16 ? BF16 : F32, 2.0 * 5 * 51 * 83, (d, k) -> {
                Tensor xs = normal(d, DType.F32, 39, 1, 5, 83), ws = weight(d, w, 40, 51, 83), b = normal(d, DType.F32, 44, 0.5, 51);
                Tensor y = d.empty(DType.F32, Shape.of(5, 51));
                return new OpCase.Run(() -> k.linear(y, xs, ws, b), List.of(y));
            }));
            c.add(new OpCase(Op.LINEAR_ADD, "linearAdd few rows x f32 [5, 83] · w " + w + " into f32 [5, 51]", w == DType.BF16 ? BF16 : F32,
                    2.0 * 5 * 51 * 83, (d, k) -> {
                Tensor xs = normal(d, DType.F32, 45, 1, 5, 83), ws = weight(d, w, 46, 51, 83), y = normal(d, DType.F32, 47, 1, 5, 51);
                return new OpCase.Run(() -> k.linearAdd(y, xs, ws), List.of(y));
            }));
        }
        // the SwiGLU7 down-projection's unaligned K, at a few rows
        c.add(new OpCase(Op.LINEAR, "linear bf16 x [5, 13652] · w bf16 [24, 13652]", BF16, 2.0 * 5 * 24 * 13652, (d, k) -> {
            Tensor xs = normal(d, DType.BF16, 37, 1, 5, 13652), ws = weight(d, DType.BF16, 38, 24, 13652), y = d.empty(DType.F32, Shape.of(5, 24));
            return new OpCase.Run(() -> k.linear(y, xs, ws, null), List.of(y));
        }));
    }

    private static Tensor weight(Device d, DType t, long seed, int rows, int cols) {
        if (t == DType.F8_E4M3) return OpData.fp8Weight(d, seed, 0.1, rows, cols);
        return normal(d, t, seed, 0.1, rows, cols);
    }

    private static void attention(List<OpCase> c) {
        int n = 37, hq = 4, hkv = 2, dd = 32;
        AttentionMask window = AttentionMask.frameWindow(4, 6, n, 1);   // 24 video tokens in 4 frames, 13 others
        for (DType t : ACTS) {
            double tol = t == DType.BF16 ? BF16 : F32;
            for (AttentionMask mask : new AttentionMask[] {AttentionMask.full(n), window}) {
                String masked = mask == window ? "frame window" : "full";
                for (float cap : new float[] {0f, 5f}) {
                    for (boolean eager : new boolean[] {false, true}) {
                        String what = "attention " + t + " q [37, 4, 32] kv [37, 2, 32] " + masked + (cap > 0 ? " cap 5" : "") + (eager ? " eager" : "");
                        double flops = 4.0 * n * n * hq * dd;
                        c.add(new OpCase(Op.ATTENTION, what, tol, flops, (d, k) -> {
                            Tensor[] qkv = qkv(d, t, n, hq, hkv, dd);
                            Tensor o = d.empty(t, qkv[0].shape());
                            AttentionSpec spec = new AttentionSpec(0.2f, cap, mask, eager);
                            return new OpCase.Run(() -> k.attention(o, qkv[0], qkv[1], qkv[2], spec), List.of(o));
                        }));
                    }
                }
                c.add(OpCase.of(Op.ATTENTION_SCORES, "attention scores " + t + " " + masked + " cap 5", tol, (d, k) -> {
                    Tensor[] qkv = qkv(d, t, n, hq, hkv, dd);
                    Tensor logits = d.empty(DType.F32, Shape.of(hq, n, n)), probs = d.empty(DType.F32, Shape.of(hq, n, n));
                    AttentionSpec spec = new AttentionSpec(0.2f, 5f, mask, true);
                    return new OpCase.Run(() -> k.attentionScores(logits, probs, qkv[0], qkv[1], spec), List.of(logits, probs));
                }));
            }
        }
        // heads wider than a flash kernel's tile: the Wan VAE's single wide head (GEMM path on CUDA), T5Gemma's 256
        for (DType t : ACTS) {
            double tol = t == DType.BF16 ? BF16 : F32;
            for (int[] hd : new int[][] {{1, 1, 160}, {4, 2, 132}, {2, 1, 130}}) {
                for (AttentionMask mask : new AttentionMask[] {AttentionMask.full(37), window}) {
                    String what = "attention " + t + " wide q [37, " + hd[0] + ", " + hd[2] + "] kv [37, " + hd[1] + ", " + hd[2] + "] "
                            + (mask == window ? "frame window" : "full");
                    c.add(new OpCase(Op.ATTENTION, what, tol, 4.0 * 37 * 37 * hd[0] * hd[2], (d, k) -> {
                        Tensor[] qkv = qkv(d, t, 37, hd[0], hd[1], hd[2]);
                        Tensor o = d.empty(t, qkv[0].shape());
                        AttentionSpec spec = AttentionSpec.fused((float) (1 / Math.sqrt(hd[2])), mask);
                        return new OpCase.Run(() -> k.attention(o, qkv[0], qkv[1], qkv[2], spec), List.of(o));
                    }));
                }
            }
        }
        c.add(new OpCase(Op.ATTENTION, "attention bf16 eager q [21, 4, 256] kv [21, 2, 256] cap 50", BF16, 4.0 * 21 * 21 * 4 * 256, (d, k) -> {
            Tensor[] qkv = qkv(d, DType.BF16, 21, 4, 2, 256);
            Tensor o = d.empty(DType.BF16, qkv[0].shape());
            return new OpCase.Run(() -> k.attention(o, qkv[0], qkv[1], qkv[2], new AttentionSpec(0.0625f, 50f, AttentionMask.full(21), true)),
                    List.of(o));
        }));
        // the DiT's head width, odd token count
        c.add(new OpCase(Op.ATTENTION, "attention bf16 q [45, 8, 128] kv [45, 2, 128] full", BF16, 4.0 * 45 * 45 * 8 * 128, (d, k) -> {
            Tensor[] qkv = qkv(d, DType.BF16, 45, 8, 2, 128);
            Tensor o = d.empty(DType.BF16, qkv[0].shape());
            return new OpCase.Run(() -> k.attention(o, qkv[0], qkv[1], qkv[2], AttentionSpec.fused(0.088388f, AttentionMask.full(45))), List.of(o));
        }));
    }

    private static Tensor[] qkv(Device d, DType t, int n, int hq, int hkv, int dd) {
        return new Tensor[] {normal(d, t, 41, 1, n, hq, dd), normal(d, t, 42, 1, n, hkv, dd), normal(d, t, 43, 1, n, hkv, dd)};
    }
}
