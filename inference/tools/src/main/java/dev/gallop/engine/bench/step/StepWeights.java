package dev.gallop.engine.bench.step;

import dev.gallop.engine.backend.cuda.CudaContext;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.backend.cuda.host.GemmPadding;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import java.util.ArrayList;
import java.util.List;

/// Seeded random weights of the whole DiT layer stack, made on the device (the 15B model's 30 GB do not fit in a
/// benchmark host's memory): per layer and expert the QKV, output, up and down projections in bf16 or fp8 e4m3 with
/// per-channel scales, the down projection's K padded by [GemmPadding] (13652 → 13696), and unit norm gains.
/// Values are uniform in ±0.03 (GEMM timings are data-independent only on non-trivial data).
public final class StepWeights implements AutoCloseable {
    /// A device GEMM weight [n, k] stored as [rows, ld] (fp8: rows = n rounded up to 16, the extra rows zero);
    /// `scales` (fp8) holds one f32 per stored row.
    public record Linear(long data, int n, int k, int ld, int rows, boolean fp8, long scales) {}

    /// One expert of one layer.
    public record Expert(Linear qkv, Linear proj, Linear up, Linear down, long attnGain, long mlpGain, long qGain, long kGain) {}

    private final CudaContext c;
    private final List<DevicePool.Block> blocks = new ArrayList<>();
    private final List<Expert[]> layers = new ArrayList<>();
    private long bytes;

    public StepWeights(CudaContext c, MagiHumanConfig cfg, boolean fp8, long seed) {
        this.c = c;
        if (fp8 && !c.hasFp8()) throw new IllegalArgumentException(c.deviceName() + " (sm_" + c.computeCapability() + ") has no fp8 tensor cores");
        int d = cfg.hidden();
        long ones = gains(Math.max(d, cfg.headDim()));
        for (int l = 0; l < cfg.layers(); l++) {
            Expert[] ex = new Expert[cfg.experts(l)];
            for (int e = 0; e < ex.length; e++) {
                long s = seed * 1_000_003L + l * 16L + e * 4L;
                ex[e] = new Expert(linear(cfg.qkvWidth(), d, fp8, s), linear(d, d, fp8, s + 1),
                        linear(cfg.mlpUpWidth(l), d, fp8, s + 2), linear(d, cfg.mlpIntermediate(l), fp8, s + 3), ones, ones, ones, ones);
            }
            layers.add(ex);
        }
        c.synchronize();
    }

    public Expert[] layer(int i) { return layers.get(i); }

    /// Device bytes held by the weights.
    public long bytes() { return bytes; }

    private long alloc(long n) {
        DevicePool.Block b = c.pool().allocate(n);
        blocks.add(b);
        bytes += b.size();
        return b.ptr();
    }

    private long gains(int n) {
        long p = alloc(4L * n);
        c.launch1d("fill_f32", n, a -> a.ptr(p).i64(n).f32(1f));
        return p;
    }

    private Linear linear(int n, int k, boolean fp8, long seed) {
        int ld = GemmPadding.paddedK(k);
        long rows = n;
        if (!fp8) {
            long p = alloc(2L * n * ld);
            c.launch1d("fill_uniform_padded_bf16", rows * ld, a -> a.ptr(p).i64(rows).i32(k).i64(ld).i64(seed).f32(0.03f));
            return new Linear(p, n, k, ld, n, false, 0);
        }
        int nq = Math.ceilDiv(n, 16) * 16;
        DevicePool.Block tmp = c.pool().allocate(2L * nq * ld);
        try {
            c.zero(tmp.ptr(), 2L * nq * ld);
            c.launch1d("fill_uniform_padded_bf16", rows * ld, a -> a.ptr(tmp.ptr()).i64(rows).i32(k).i64(ld).i64(seed).f32(0.03f));
            long q = alloc((long) nq * ld), s = alloc(4L * nq);
            c.launchRows("quantize_rows_bf16", nq, a -> a.ptr(tmp.ptr()).i64(ld).ptr(q).i64(ld).ptr(s).i64(nq).i32(ld));
            return new Linear(q, n, k, ld, nq, true, s);
        } finally {
            c.pool().release(tmp);
        }
    }

    @Override public void close() {
        for (DevicePool.Block b : blocks) c.pool().release(b);
        blocks.clear();
    }
}
