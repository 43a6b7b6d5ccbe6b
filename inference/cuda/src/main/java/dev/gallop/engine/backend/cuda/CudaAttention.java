package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/// `Kernels.attention` on the GPU. Mixed precision over the full sequence goes to cuDNN's fused SDPA (q, k, v cast
/// to bf16 — exact, the DiT rounds them already — and the bf16 output widened); the f32 path, frame-window masks,
/// and machines without cuDNN use Gallop's own flash-style kernel (natives/attention.cu), one launch per query
/// segment of the mask. `-Dgallop.cuda.attention=gallop` forces the own kernel.
final class CudaAttention {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.backend.cuda");
    private static final int MAX_RANGES = 4, MAX_HEAD_DIM = 128;

    private final CudaContext c;
    private final Map<SdpaPlan.Key, Optional<SdpaPlan>> plans = new HashMap<>();

    CudaAttention(CudaContext c) { this.c = c; }

    void attention(Tensor out, Tensor q, Tensor k, Tensor v, float scale, AttentionMask mask, boolean bf16) {
        CudaKernels.requireF32(out, "attention out");
        CudaKernels.requireF32(q, "attention q");
        CudaKernels.requireF32(k, "attention k");
        CudaKernels.requireF32(v, "attention v");
        Shape qs = q.shape(), ks = k.shape();
        if (qs.rank() != 3 || ks.rank() != 3 || !ks.equals(v.shape()) || qs.dim(2) != ks.dim(2) || qs.dim(1) % ks.dim(1) != 0
                || !out.shape().equals(qs)) {
            throw new IllegalArgumentException("attention: q " + qs + ", k " + ks + ", v " + v.shape() + ", out " + out.shape());
        }
        int m = qs.dim(0), hq = qs.dim(1), d = qs.dim(2), n = ks.dim(0), hkv = ks.dim(1);
        int covered = 0;
        for (int s = 0; s < mask.queryStart().length; s++) covered += mask.queryEnd()[s] - mask.queryStart()[s];
        if (covered != m) throw new IllegalArgumentException("attention mask covers " + covered + " of " + m + " queries");
        boolean ownOnly = "gallop".equalsIgnoreCase(System.getProperty("gallop.cuda.attention", "auto"));
        if (bf16 && !ownOnly && c.dnn != null && m == n && mask.isFull(n) && d % 8 == 0) {
            Optional<SdpaPlan> plan = plans.computeIfAbsent(new SdpaPlan.Key(hq, hkv, m, n, d, Cudnn.DATA_BFLOAT16, scale), this::plan);
            if (plan.isPresent()) {
                sdpa(plan.get(), out, q, k, v, m, n, hq, hkv, d);
                return;
            }
        }
        own(out, q, k, v, scale, mask, bf16, hq, hkv, d);
    }

    private Optional<SdpaPlan> plan(SdpaPlan.Key key) {
        try {
            return Optional.of(new SdpaPlan(c.dnn, c.dnnHandle, key));
        } catch (CudaException e) {
            LOG.log(System.Logger.Level.WARNING, "cuDNN SDPA unavailable for " + key + "; using Gallop's attention kernel: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void sdpa(SdpaPlan plan, Tensor out, Tensor q, Tensor k, Tensor v, int m, int n, int hq, int hkv, int d) {
        long nq = (long) m * hq * d, nk = (long) n * hkv * d;
        try (Scratch s = new Scratch(c.pool)) {
            long qb = s.alloc(2 * nq), kb = s.alloc(2 * nk), vb = s.alloc(2 * nk), ob = s.alloc(2 * nq);
            long ws = plan.workspaceBytes() > 0 ? s.alloc(plan.workspaceBytes()) : 0;
            c.launch1d("f32_to_bf16", nq, a -> a.ptr(ptr(q)).ptr(qb).i64(nq));
            c.launch1d("f32_to_bf16", nk, a -> a.ptr(ptr(k)).ptr(kb).i64(nk));
            c.launch1d("f32_to_bf16", nk, a -> a.ptr(ptr(v)).ptr(vb).i64(nk));
            plan.run(qb, kb, vb, ob, ws);
            c.launch1d("bf16_to_f32", nq, a -> a.ptr(ob).ptr(ptr(out)).i64(nq));
        }
    }

    private void own(Tensor out, Tensor q, Tensor k, Tensor v, float scale, AttentionMask mask, boolean bf16, int hq, int hkv, int d) {
        if (d > MAX_HEAD_DIM || d % 4 != 0) {
            throw new IllegalArgumentException("Gallop's CUDA attention kernel takes head dims up to " + MAX_HEAD_DIM
                    + " that are multiples of 4, got " + d);
        }
        for (int s = 0; s < mask.queryStart().length; s++) {
            int q0 = mask.queryStart()[s], q1 = mask.queryEnd()[s];
            if (q1 <= q0) continue;
            int[] r = mask.keyRanges()[s];
            if (r.length / 2 > MAX_RANGES) {
                throw new IllegalArgumentException("attention mask segment " + s + " has " + r.length / 2 + " key ranges; the CUDA kernel takes up to " + MAX_RANGES);
            }
            int[] words = new int[1 + 2 * MAX_RANGES];
            words[0] = r.length / 2;
            for (int i = 0; i < r.length / 2; i++) {
                words[1 + i] = r[2 * i];
                words[1 + MAX_RANGES + i] = r[2 * i + 1];
            }
            c.launch("attention_f32", Math.ceilDiv(q1 - q0, 32), hq, 128, 0, a -> a.ptr(ptr(q)).ptr(ptr(k)).ptr(ptr(v)).ptr(ptr(out))
                    .i32(hq).i32(hkv).i32(d).f32(scale).i32(q0).i32(q1).struct(words).i32(bf16 ? 1 : 0));
        }
    }
}
