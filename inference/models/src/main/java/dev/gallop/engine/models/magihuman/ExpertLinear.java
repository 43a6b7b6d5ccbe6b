package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.tensor.Shape;

/// A bias-free linear layer with one weight set per modality (mm layers: 3 experts stacked along the output axis,
/// expert e = rows [e·out, (e+1)·out)) or a single shared set. Each modality's contiguous token range is one GEMM.
final class ExpertLinear {
    private final Tensor[] experts;   // each [out, in] (in padded to the device's GEMM width)
    final int out, in;

    private ExpertLinear(Tensor[] experts, int out, int in) {
        this.experts = experts;
        this.out = out;
        this.in = in;
    }

    static ExpertLinear load(Weights w, String key, int experts, int out, int in) {
        return of(w.linear(key, Shape.of(experts * out, in)), experts, out);
    }

    /// Stored with K padded to the device's GEMM width (the down projection: 13652 → 13696 on CUDA).
    static ExpertLinear loadPadded(Weights w, String key, int experts, int out, int in) {
        return of(w.linearPadded(key, Shape.of(experts * out, in)), experts, out);
    }

    private static ExpertLinear of(Tensor all, int experts, int out) {   // all: [experts·out, in or the padded width]
        Tensor[] e = new Tensor[experts];
        for (int i = 0; i < experts; i++) e[i] = all.rows(i * out, (i + 1) * out);
        return new ExpertLinear(e, out, all.shape().dim(1));
    }

    /// y[N, out] = x[N, in] · W[m(token)]ᵀ.
    void forward(Kernels k, Tensor y, Tensor x, TokenLayout l) {
        if (experts.length == 1) {
            k.linear(y, x, experts[0], null);
            return;
        }
        for (int e = 0; e < experts.length; e++) {
            int s = l.start(e), t = l.end(e);
            if (t > s) k.linear(y.rows(s, t), x.rows(s, t), experts[e], null);
        }
    }

    /// y[N, out] += x[N, in] · W[m(token)]ᵀ: the residual update in the GEMM's epilogue.
    void forwardAdd(Kernels k, Tensor y, Tensor x, TokenLayout l) {
        if (experts.length == 1) {
            k.linearAdd(y, x, experts[0]);
            return;
        }
        for (int e = 0; e < experts.length; e++) {
            int s = l.start(e), t = l.end(e);
            if (t > s) k.linearAdd(y.rows(s, t), x.rows(s, t), experts[e]);
        }
    }
}
