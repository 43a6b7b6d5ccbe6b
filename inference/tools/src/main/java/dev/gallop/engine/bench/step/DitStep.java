package dev.gallop.engine.bench.step;

import dev.gallop.engine.backend.cuda.CudaContext;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.RopeTables;
import dev.gallop.engine.models.magihuman.TokenLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// The DiT layer stack as the GPU should run it (performance.md §2): bf16 activations between ops, the f32 residual
/// stream updated by the output and down projections' GEMM epilogues (beta = 1, no separate add), RMS norm that
/// writes the bf16 GEMM operand, one fused q/k kernel (per-head RMS norm + 3-axis RoPE + bf16) reading the QKV
/// output in place, cuDNN's fused attention, the sigmoid gate reading its gates from the QKV output, SwiGLU7/GELU7
/// writing the K-padded (13696) bf16 down-projection operand, and modality experts as per-range GEMMs. With fp8
/// weights every GEMM input is quantized per token and one epilogue applies the token and channel scales.
/// [#enqueue] only queues work, so a whole forward can be captured as one CUDA graph.
public final class DitStep implements AutoCloseable {
    private static final int F32 = 4, BF16 = 2;

    private final CudaContext c;
    private final MagiHumanConfig cfg;
    private final StepWeights weights;
    private final StepShape shape;
    private final boolean fp8;
    private final List<DevicePool.Block> blocks = new ArrayList<>();
    private final Map<LtMatmul.Key, LtMatmul> plans = new HashMap<>();
    private final SdpaPlan attention;
    private final long x, h, qkv, q, k, v, o, gated, up, act, sin, cos, gemmWs, attnWs, xq, xs, acc;

    public DitStep(CudaContext c, StepWeights weights, StepShape shape, boolean fp8) {
        this.c = c;
        this.cfg = shape.cfg();
        this.weights = weights;
        this.shape = shape;
        this.fp8 = fp8;
        if (c.cudnn() == null) throw new IllegalStateException("the DiT step needs cuDNN for attention; it was not found on this machine");
        int n = shape.tokens(), d = cfg.hidden(), dh = cfg.headDim(), hq = cfg.headsQ(), hkv = cfg.headsKv();
        long maxUp = 0, maxAct = 0;
        for (int l = 0; l < cfg.layers(); l++) {
            maxUp = Math.max(maxUp, cfg.mlpUpWidth(l));
            maxAct = Math.max(maxAct, weights.layer(l)[0].down().ld());
        }
        x = alloc((long) F32 * n * d);
        h = alloc((long) BF16 * n * d);
        qkv = alloc((long) F32 * n * cfg.qkvWidth());
        q = alloc((long) BF16 * n * hq * dh);
        k = alloc((long) BF16 * n * hkv * dh);
        v = alloc((long) BF16 * n * hkv * dh);
        o = alloc((long) BF16 * n * hq * dh);
        gated = alloc((long) BF16 * n * hq * dh);
        up = alloc(BF16 * n * maxUp);
        act = alloc(BF16 * n * maxAct);
        gemmWs = alloc(32L << 20);
        xq = fp8 ? alloc(n * Math.max(maxAct, d)) : 0;
        xs = fp8 ? alloc((long) F32 * n) : 0;
        acc = fp8 ? alloc(F32 * n * (Math.max(maxUp, cfg.qkvWidth()) + 16)) : 0;
        attention = new SdpaPlan(c.cudnn(), c.cudnnHandle(), new SdpaPlan.Key(hq, hkv, n, n, dh, Cudnn.DATA_BFLOAT16, (float) (1 / Math.sqrt(dh))));
        attnWs = attention.workspaceBytes() > 0 ? alloc(attention.workspaceBytes()) : 0;
        float[] bands = new float[cfg.ropeBands()];
        for (int i = 0; i < bands.length; i++) bands[i] = (float) Math.pow(10, -i / 4.0);
        RopeTables rope = RopeTables.build(shape.layout(), cfg.textCoords(), bands);
        sin = upload(rope.sin());
        cos = upload(rope.cos());
    }

    public StepShape shape() { return shape; }

    /// The device address of the f32 residual stream x [N, hidden].
    public long residual() { return x; }

    /// Fills the residual stream with seeded values (the adapter's output stands in).
    public void randomInput(long seed) {
        long n = (long) shape.tokens() * cfg.hidden();
        c.launch1d("fill_uniform_f32", n, a -> a.ptr(x).i64(n).i64(seed).f32(1f));
    }

    /// Queues one forward of the whole layer stack on the compute stream (x updated in place).
    public void enqueue() {
        for (int l = 0; l < cfg.layers(); l++) layer(l);
    }

    private void layer(int l) {
        TokenLayout t = shape.layout();
        StepWeights.Expert[] ex = weights.layer(l);
        int n = shape.tokens(), d = cfg.hidden(), dh = cfg.headDim(), hq = cfg.headsQ(), hkv = cfg.headsKv(), w = cfg.qkvWidth();
        int half = 3 * cfg.ropeBands();
        float eps = cfg.normEps();
        for (int e = 0; e < ex.length; e++) {
            int s = ex.length == 1 ? 0 : t.start(e), rows = (ex.length == 1 ? n : t.end(e)) - s;
            if (rows == 0) continue;
            StepWeights.Expert we = ex[e];
            c.launchRows("rmsnorm_f32_bf16", rows, a -> a.ptr(x + (long) F32 * s * d).i64(d).ptr(h + (long) BF16 * s * d).i64(d)
                    .ptr(we.attnGain()).i64(rows).i32(d).f32(eps));
            gemm(h + (long) BF16 * s * d, d, rows, we.qkv(), qkv + (long) F32 * s * w, Out.F32);
            long tab = (long) F32 * s * half;
            c.launchRows("qk_norm_rope_bf16", (long) rows * hq, a -> a.ptr(qkv + (long) F32 * s * w).i64(w).i32(0).ptr(q + (long) BF16 * s * hq * dh)
                    .i64(rows).i32(hq).i32(dh).ptr(we.qGain()).ptr(sin + tab).ptr(cos + tab).i32(half).f32(eps));
            c.launchRows("qk_norm_rope_bf16", (long) rows * hkv, a -> a.ptr(qkv + (long) F32 * s * w).i64(w).i32(hq * dh)
                    .ptr(k + (long) BF16 * s * hkv * dh).i64(rows).i32(hkv).i32(dh).ptr(we.kGain()).ptr(sin + tab).ptr(cos + tab).i32(half).f32(eps));
        }
        int vw = hkv * dh;
        c.launch1d("f32_to_bf16_2d", (long) n * vw, a -> a.ptr(qkv + (long) F32 * (hq + hkv) * dh).i64(w).ptr(v).i64(vw).i64(n).i32(vw));
        attention.run(q, k, v, o, attnWs);
        c.launch1d("sigmoid_gate_bf16", (long) n * hq * dh, a -> a.ptr(o).ptr(gated).ptr(qkv + (long) F32 * (hq + 2 * hkv) * dh).i64(w)
                .i64(n).i32(hq).i32(dh));
        for (int e = 0; e < ex.length; e++) {
            int s = ex.length == 1 ? 0 : t.start(e), rows = (ex.length == 1 ? n : t.end(e)) - s;
            if (rows == 0) continue;
            gemm(gated + (long) BF16 * s * d, d, rows, ex[e].proj(), x + (long) F32 * s * d, Out.ACCUMULATE);
            StepWeights.Expert we = ex[e];
            c.launchRows("rmsnorm_f32_bf16", rows, a -> a.ptr(x + (long) F32 * s * d).i64(d).ptr(h + (long) BF16 * s * d).i64(d)
                    .ptr(we.mlpGain()).i64(rows).i32(d).f32(eps));
            int upW = we.up().n();
            gemm(h + (long) BF16 * s * d, d, rows, we.up(), up + (long) BF16 * s * upW, Out.BF16);
        }
        int upW = ex[0].up().n(), ld = ex[0].down().ld(), inter = cfg.mlpIntermediate(l);
        String activation = cfg.isGelu7(l) ? "gelu7_bf16" : "swiglu7_bf16";
        c.launch1d(activation, (long) n * ld, a -> a.ptr(up).i64(upW).ptr(act).i64(ld).i64(n).i32(inter));
        for (int e = 0; e < ex.length; e++) {
            int s = ex.length == 1 ? 0 : t.start(e), rows = (ex.length == 1 ? n : t.end(e)) - s;
            if (rows == 0) continue;
            gemm(act + (long) BF16 * s * ld, ld, rows, ex[e].down(), x + (long) F32 * s * d, Out.ACCUMULATE);
        }
    }

    private enum Out { F32, BF16, ACCUMULATE }

    /// out[rows, w.n] (=, or += for ACCUMULATE) in[rows, w.ld] · wᵀ, in bf16 or fp8.
    private void gemm(long in, int ldIn, int rows, StepWeights.Linear wt, long out, Out mode) {
        if (!fp8) {
            int outType = mode == Out.BF16 ? CublasLt.R_16BF : CublasLt.R_32F;
            plan(new LtMatmul.Key(CublasLt.R_16BF, CublasLt.R_16BF, outType, rows, wt.n(), wt.ld(), ldIn, wt.ld(), wt.n(),
                    CublasLt.EPILOGUE_DEFAULT, -1, mode == Out.ACCUMULATE)).run(in, wt.data(), out, 0, gemmWs, c.stream());
            return;
        }
        int ld = wt.ld();
        c.launchRows("quantize_rows_bf16", rows, a -> a.ptr(in).i64(ldIn).ptr(xq).i64(ld).ptr(xs).i64(rows).i32(Math.min(ldIn, ld)));
        int nq = wt.rows();
        plan(new LtMatmul.Key(CublasLt.R_8F_E4M3, CublasLt.R_8F_E4M3, CublasLt.R_32F, rows, nq, ld, ld, ld, nq,
                CublasLt.EPILOGUE_DEFAULT, -1, false)).run(xq, wt.data(), acc, 0, gemmWs, c.stream());
        long cells = (long) rows * wt.n();
        if (mode == Out.BF16) {
            c.launch1d("scale_epilogue_bf16", cells, a -> a.ptr(acc).i64(nq).ptr(out).ptr(xs).ptr(wt.scales()).i64(rows).i32(wt.n()));
        } else {
            c.launch1d("scale_epilogue_f32", cells, a -> a.ptr(acc).i64(nq).ptr(out).ptr(xs).ptr(wt.scales()).ptr(0).i64(rows)
                    .i32(wt.n()).i32(mode == Out.ACCUMULATE ? 1 : 0).i32(0));
        }
    }

    private LtMatmul plan(LtMatmul.Key key) {
        return plans.computeIfAbsent(key, kk -> new LtMatmul(c.cublasLt(), c.cublasLtHandle(), kk, 32L << 20));
    }

    private long alloc(long bytes) {
        DevicePool.Block b = c.pool().allocate(bytes);
        blocks.add(b);
        return b.ptr();
    }

    private long upload(float[] data) {
        long p = alloc(4L * data.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocateFrom(ValueLayout.JAVA_FLOAT, data);
            c.copyToDevice2D(host, host.byteSize(), p, host.byteSize(), host.byteSize(), 1);
        }
        return p;
    }

    @Override public void close() {
        c.synchronize();
        attention.close();
        for (LtMatmul p : plans.values()) p.close();
        for (DevicePool.Block b : blocks) c.pool().release(b);
        blocks.clear();
    }
}
