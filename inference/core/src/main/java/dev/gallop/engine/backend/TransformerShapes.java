package dev.gallop.engine.backend;

import dev.gallop.engine.tensor.DType;

/// The operand checks of [TransformerKernels], shared by every backend so that a wrong call fails the same way
/// everywhere: each error names the operation, the operand, what it got and what it needed. Activations are F32 or
/// BF16; gains, tables and biases are F32.
public final class TransformerShapes {
    private TransformerShapes() {}

    public static void requireActivation(Tensor t, String what) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.BF16) {
            throw new IllegalArgumentException(what + " must be F32 or BF16, got " + t.dtype() + t.shape());
        }
    }

    public static void requireF32(Tensor t, String what) {
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(what + " must be F32, got " + t.dtype() + t.shape());
    }

    /// `linear` / `linearAdd` (`op`): x [.., K] · w [N, K]ᵀ (+ bias [N]) into out [.., N]; returns the rows M.
    public static int linear(String op, Tensor out, Tensor x, Tensor w, Tensor bias) {
        requireActivation(out, op + " out");
        requireActivation(x, op + " x");
        int k = x.shape().last(), n = w.shape().dim(0);
        long m = x.shape().rows();
        if (w.shape().rank() != 2 || w.shape().dim(1) != k) {
            throw new IllegalArgumentException(op + ": weight " + w.shape() + " does not take inputs of width " + k + " (x " + x.shape() + ")");
        }
        if (out.shape().last() != n || out.shape().rows() != m) {
            throw new IllegalArgumentException(op + ": output " + out.shape() + " should be [" + m + ", " + n + "]");
        }
        if (bias != null && (bias.dtype() != DType.F32 || bias.numel() != n)) {
            throw new IllegalArgumentException(op + ": bias " + bias.dtype() + bias.shape() + " should be F32 [" + n + "]");
        }
        return Math.toIntExact(m);
    }

    /// `rmsNorm`: x [rows, D] with gain [D] into out of x's size; returns D.
    public static int rmsNorm(Tensor out, Tensor x, Tensor gain) {
        requireActivation(out, "rmsNorm out");
        requireActivation(x, "rmsNorm x");
        requireF32(gain, "rmsNorm gain");
        int d = x.shape().last();
        if (gain.numel() != d || out.numel() != x.numel()) {
            throw new IllegalArgumentException("rmsNorm: x " + x.shape() + ", gain " + gain.shape() + ", out " + out.shape());
        }
        return d;
    }

    /// `rope`: x [M, H, D] in place with tables [M, half]; returns half.
    public static int rope(Tensor x, Tensor sin, Tensor cos) {
        requireActivation(x, "rope x");
        if (x.shape().rank() != 3) throw new IllegalArgumentException("rope: x must be [M, H, D], got " + x.shape());
        return tables("rope", x.shape().dim(0), x.shape().dim(2), sin, cos);
    }

    /// `qkNormRope`: H heads of Dh from column col0 of qkv [M, W] into out [M, H, Dh], gain [Dh]; returns half.
    public static int qkNormRope(Tensor out, Tensor qkv, int col0, Tensor gain, Tensor sin, Tensor cos) {
        requireActivation(out, "qkNormRope out");
        requireActivation(qkv, "qkNormRope qkv");
        requireF32(gain, "qkNormRope gain");
        if (out.shape().rank() != 3) throw new IllegalArgumentException("qkNormRope: out must be [M, H, Dh], got " + out.shape());
        int m = out.shape().dim(0), h = out.shape().dim(1), dh = out.shape().dim(2), w = qkv.shape().last();
        if (qkv.shape().rows() != m || col0 < 0 || col0 + h * dh > w || gain.numel() != dh) {
            throw new IllegalArgumentException("qkNormRope: " + h + " heads of " + dh + " from column " + col0 + " of qkv " + qkv.shape()
                    + " into " + out.shape() + " with gain " + gain.shape());
        }
        return tables("qkNormRope", m, dh, sin, cos);
    }

    /// RoPE tables sin, cos [M, half] for M rows of head width D (2·half ≤ D); returns half.
    public static int tables(String op, int m, int d, Tensor sin, Tensor cos) {
        requireF32(sin, op + " sin");
        requireF32(cos, op + " cos");
        int half = sin.shape().last();
        if (sin.shape().rank() != 2 || sin.shape().dim(0) != m || !cos.shape().equals(sin.shape()) || 2 * half > d) {
            throw new IllegalArgumentException(op + ": " + m + " rows of head width " + d + " with tables " + sin.shape() + " / " + cos.shape());
        }
        return half;
    }

    /// `sigmoidGate`: o [M, H, D] scaled by σ of H gates from column col0 of gates [M, W], into out of o's size.
    public static void sigmoidGate(Tensor out, Tensor o, Tensor gates, int col0) {
        requireActivation(out, "gate out");
        requireActivation(o, "gate o");
        requireActivation(gates, "gate gates");
        if (o.shape().rank() != 3) throw new IllegalArgumentException("sigmoidGate: o must be [M, H, D], got " + o.shape());
        int m = o.shape().dim(0), h = o.shape().dim(1), w = gates.shape().last();
        if (gates.shape().rows() != m || col0 < 0 || col0 + h > w || out.numel() != o.numel()) {
            throw new IllegalArgumentException("sigmoidGate: o " + o.shape() + ", " + h + " gates from column " + col0 + " of "
                    + gates.shape() + ", out " + out.shape());
        }
    }

    /// `swiglu7`: up [M, 2I] into out [M, ≥ I]; returns I.
    public static int swiglu7(Tensor out, Tensor up) {
        requireActivation(out, "swiglu7 out");
        requireActivation(up, "swiglu7 up");
        int inter = up.shape().last() / 2;
        if (up.shape().last() % 2 != 0 || up.shape().rows() != out.shape().rows() || out.shape().last() < inter) {
            throw new IllegalArgumentException("swiglu7: up " + up.shape() + " must be [M, 2I] for out " + out.shape() + " of width ≥ I");
        }
        return inter;
    }

    /// `gelu7`: up [M, I] into out [M, ≥ I]; returns I.
    public static int gelu7(Tensor out, Tensor up) {
        requireActivation(out, "gelu7 out");
        requireActivation(up, "gelu7 up");
        int inter = up.shape().last();
        if (up.shape().rows() != out.shape().rows() || out.shape().last() < inter) {
            throw new IllegalArgumentException("gelu7: up " + up.shape() + " for out " + out.shape() + " (out must be at least as wide)");
        }
        return inter;
    }

    /// `geluTanhGlu`: gate and up of one shape and dtype into out of their size.
    public static void geluTanhGlu(Tensor out, Tensor gate, Tensor up) {
        requireActivation(out, "geluTanhGlu out");
        requireActivation(gate, "geluTanhGlu gate");
        requireActivation(up, "geluTanhGlu up");
        if (up.dtype() != gate.dtype() || !gate.shape().equals(up.shape()) || out.numel() != up.numel()) {
            throw new IllegalArgumentException("geluTanhGlu: gate " + gate.dtype() + gate.shape() + ", up " + up.dtype() + up.shape()
                    + ", out " + out.shape());
        }
    }
}
