package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.kernels.ElementwiseNatives;
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
/// forces the own kernel. Heads wider than that kernel's 128 (the Wan VAE's single 384- or 640-wide head) run as two
/// cuBLASLt GEMMs around a masked softmax kernel, in query chunks that bound the logits' memory. Eager rounding
/// ([AttentionSpec#eager()]) runs [CudaEagerAttention].
final class CudaAttention {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.backend.cuda");
    private static final int MAX_RANGES = 4, MAX_HEAD_DIM = 128;
    /// The most logits one chunk of the GEMM path keeps (f32): 64 Mi values, 256 MiB.
    static final long WIDE_CHUNK_VALUES = 64L << 20;

    private final CudaContext c;
    private final CudaLinear linear;
    private final CudaEagerAttention eager;
    private final Map<SdpaPlan.Key, Optional<SdpaPlan>> plans = new HashMap<>();

    CudaAttention(CudaContext c, CudaLinear linear) {
        this.c = c;
        this.linear = linear;
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
        if (d > MAX_HEAD_DIM || d % 4 != 0) {
            lastPath = "cuBLASLt GEMMs + softmax kernel";
            wide(out, q, k, v, spec, m, n, hq, hkv, d);
            return;
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

    /// Attention as GEMMs, per head and query chunk, in f32: the head's queries and its kv head's keys are staged as
    /// contiguous f32 (aligned operands whatever the head offset), logits [rows, n] = q_h · k_gᵀ, the masked softmax in
    /// place, out_h = P · v_g (v_g transposed once per kv head into [d, n], the layout the GEMM takes), then written to
    /// out's head columns in out's dtype.
    private void wide(Tensor out, Tensor q, Tensor k, Tensor v, AttentionSpec spec, int m, int n, int hq, int hkv, int d) {
        if (n == 0 || m == 0) return;
        int bytes = q.dtype().bytes();
        AttentionMask mask = spec.mask();
        int chunk = (int) Math.max(1, Math.min(m, WIDE_CHUNK_VALUES / n));
        var stage = Variants.pick(ElementwiseNatives.COPY_COLUMNS, "copy_columns", q.dtype(), DType.F32);
        var store = Variants.pick(ElementwiseNatives.COPY_COLUMNS, "copy_columns", DType.F32, out.dtype());
        var transpose = Variants.pick(ElementwiseNatives.TRANSPOSE, "transpose", DType.F32, DType.F32);
        var scores = new LtMatmul.Key(CublasLt.R_32F, CublasLt.R_32F, CublasLt.R_32F, chunk, n, d, d, d, n, CublasLt.EPILOGUE_DEFAULT, -1, false);
        try (Scratch s = new Scratch(c.pool)) {
            long kg = s.alloc(4L * n * d), vg = s.alloc(4L * n * d), vt = s.alloc(4L * n * d);
            long qh = s.alloc(4L * chunk * d), logits = s.alloc(4L * chunk * n), o = s.alloc(4L * chunk * d);
            for (int g = 0; g < hkv; g++) {
                int col = g * d;
                c.launch1d(stage, (long) n * d, a -> a.ptr(ptr(k)).i64((long) hkv * d).i32(col).ptr(kg).i64(d).i64(n).i32(d));
                c.launch1d(stage, (long) n * d, a -> a.ptr(ptr(v)).i64((long) hkv * d).i32(col).ptr(vg).i64(d).i64(n).i32(d));
                c.launch(transpose, Math.ceilDiv(d, 32), Math.ceilDiv(n, 32), 256, 0, a -> a.ptr(vg).ptr(vt).i64(n).i64(d));
                for (int h = g * (hq / hkv); h < (g + 1) * (hq / hkv); h++) {
                    int head = h;
                    for (int seg = 0; seg < mask.queryStart().length; seg++) {
                        int[] words = keyRanges(mask, seg);
                        for (int q0 = mask.queryStart()[seg]; q0 < mask.queryEnd()[seg]; q0 += chunk) {
                            int rows = Math.min(chunk, mask.queryEnd()[seg] - q0);
                            long src = ptr(q) + (long) q0 * hq * d * bytes, dst = ptr(out) + (long) q0 * hq * d * out.dtype().bytes();
                            c.launch1d(stage, (long) rows * d, a -> a.ptr(src).i64((long) hq * d).i32(head * d).ptr(qh).i64(d).i64(rows).i32(d));
                            gemm(rows == chunk ? scores : new LtMatmul.Key(CublasLt.R_32F, CublasLt.R_32F, CublasLt.R_32F, rows, n, d, d, d, n,
                                    CublasLt.EPILOGUE_DEFAULT, -1, false), qh, kg, logits);
                            c.launch(TransformerNatives.ATTENTION_SOFTMAX, Math.min(rows, 65535), 1, 256, 0,
                                    a -> a.ptr(logits).i64(rows).i32(n).f32(spec.scale()).f32(spec.softCap()).struct(words));
                            gemm(new LtMatmul.Key(CublasLt.R_32F, CublasLt.R_32F, CublasLt.R_32F, rows, d, n, n, n, d,
                                    CublasLt.EPILOGUE_DEFAULT, -1, false), logits, vt, o);
                            c.launch1d(store, (long) rows * d, a -> a.ptr(o).i64(d).i32(0).ptr(dst + (long) head * d * out.dtype().bytes())
                                    .i64((long) hq * d).i64(rows).i32(d));
                        }
                    }
                }
            }
        }
    }

    private void gemm(LtMatmul.Key key, long x, long w, long out) {
        linear.gemm(key, x, w, out, 0);
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
