package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.kernels.TransformerNatives;
import dev.gallop.engine.backend.cuda.kernels.Variants;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/// [dev.gallop.engine.backend.TransformerKernels#attention] on the GPU, fused-kernel rounding. BF16 operands over a
/// full mask without a cap go to cuDNN's fused SDPA when it is present and accepts the shape; the f32 path, masks with
/// key ranges (the 1080p SR model's frame windows), soft-capped logits and machines without cuDNN use Gallop's own
/// flash-style kernel (natives/attention.cu), one launch per query segment of the mask. `-Dgallop.cuda.attention=gallop`
/// forces the own kernel. Eager rounding ([AttentionSpec#eager()]) runs [CudaEagerAttention].
final class CudaAttention {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.backend.cuda");
    private static final int MAX_RANGES = 4, MAX_HEAD_DIM = 128;

    private final CudaContext c;
    private final CudaEagerAttention eager;
    private final Map<SdpaPlan.Key, Optional<SdpaPlan>> plans = new HashMap<>();

    CudaAttention(CudaContext c) {
        this.c = c;
        this.eager = new CudaEagerAttention(c);
    }

    /// Which attention ran last (for the device description and the benchmarks).
    volatile String lastPath = "none yet";

    void attention(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec) {
        CudaKernels.requireActivation(out, "attention out");
        CudaKernels.requireActivation(q, "attention q");
        Shape qs = q.shape(), ks = k.shape();
        if (qs.rank() != 3 || ks.rank() != 3 || !ks.equals(v.shape()) || qs.dim(2) != ks.dim(2) || qs.dim(1) % ks.dim(1) != 0
                || !out.shape().equals(qs)) {
            throw new IllegalArgumentException("attention: q " + qs + ", k " + ks + ", v " + v.shape() + ", out " + out.shape());
        }
        if (k.dtype() != q.dtype() || v.dtype() != q.dtype() || out.dtype() != q.dtype()) {
            throw new IllegalArgumentException("attention on CUDA: q, k, v and out must share a dtype, got " + q.dtype() + ", " + k.dtype()
                    + ", " + v.dtype() + ", " + out.dtype());
        }
        int m = qs.dim(0), hq = qs.dim(1), d = qs.dim(2), n = ks.dim(0), hkv = ks.dim(1);
        AttentionMask mask = spec.mask();
        int covered = 0;
        for (int s = 0; s < mask.queryStart().length; s++) covered += mask.queryEnd()[s] - mask.queryStart()[s];
        if (covered != m) throw new IllegalArgumentException("attention mask covers " + covered + " of " + m + " queries");
        if (spec.eager()) {
            lastPath = "Gallop eager kernel";
            eager.attention(out, q, k, v, spec);
            return;
        }
        boolean bf16 = q.dtype() == DType.BF16;
        boolean ownOnly = "gallop".equalsIgnoreCase(System.getProperty("gallop.cuda.attention", "auto"));
        if (bf16 && !ownOnly && spec.softCap() == 0 && c.dnn != null && m == n && mask.isFull(n) && d % 8 == 0) {
            Optional<SdpaPlan> plan = plans.computeIfAbsent(new SdpaPlan.Key(hq, hkv, m, n, d, Cudnn.DATA_BFLOAT16, spec.scale()), this::plan);
            if (plan.isPresent()) {
                lastPath = "cuDNN fused SDPA";
                sdpa(plan.get(), out, q, k, v);
                return;
            }
        }
        lastPath = "Gallop flash kernel";
        own(out, q, k, v, spec, hq, hkv, d);
    }

    void scores(Tensor logits, Tensor probs, Tensor q, Tensor k, AttentionSpec spec) { eager.scores(logits, probs, q, k, spec); }

    private Optional<SdpaPlan> plan(SdpaPlan.Key key) {
        try {
            return Optional.of(new SdpaPlan(c.dnn, c.dnnHandle, key));
        } catch (CudaException e) {
            LOG.log(System.Logger.Level.WARNING, "cuDNN SDPA unavailable for " + key + "; using Gallop's attention kernel: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void sdpa(SdpaPlan plan, Tensor out, Tensor q, Tensor k, Tensor v) {
        try (Scratch s = new Scratch(c.pool)) {
            long ws = plan.workspaceBytes() > 0 ? s.alloc(plan.workspaceBytes()) : 0;
            plan.run(ptr(q), ptr(k), ptr(v), ptr(out), ws);
        }
    }

    private void own(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec, int hq, int hkv, int d) {
        if (d > MAX_HEAD_DIM || d % 4 != 0) {
            throw new IllegalArgumentException("Gallop's CUDA attention kernel takes head dims up to " + MAX_HEAD_DIM
                    + " that are multiples of 4, got " + d);
        }
        AttentionMask mask = spec.mask();
        var kernel = Variants.pick(TransformerNatives.ATTENTION, "attention", q.dtype());
        for (int s = 0; s < mask.queryStart().length; s++) {
            int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
            if (q1 <= q0) continue;
            int[] words = keyRanges(mask, s);
            c.launch(kernel, Math.ceilDiv(q1 - q0, 32), hq, 128, 0, a -> a.ptr(ptr(q)).ptr(ptr(k)).ptr(ptr(v)).ptr(ptr(out))
                    .i32(hq).i32(hkv).i32(d).f32(spec.scale()).f32(spec.softCap()).i32(q0).i32(q1).struct(words));
        }
    }

    /// The key ranges of mask segment `s` as the kernels' `KeyRanges` struct: {count, start[4], end[4]}.
    static int[] keyRanges(AttentionMask mask, int s) {
        int[] r = mask.keyRanges()[s];
        if (r.length / 2 > MAX_RANGES) {
            throw new IllegalArgumentException("attention mask segment " + s + " has " + r.length / 2 + " key ranges; the CUDA kernels take up to " + MAX_RANGES);
        }
        int[] words = new int[1 + 2 * MAX_RANGES];
        words[0] = r.length / 2;
        for (int i = 0; i < r.length / 2; i++) {
            words[1 + i] = r[2 * i];
            words[1 + MAX_RANGES + i] = r[2 * i + 1];
        }
        return words;
    }
}
