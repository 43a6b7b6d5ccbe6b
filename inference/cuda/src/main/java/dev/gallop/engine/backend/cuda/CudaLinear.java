package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.driver.Memcpy2D;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/// `Kernels.linear` on cuBLASLt, f32 accumulation. Three paths by weight type and precision:
/// - bf16 weights in mixed mode: x is cast to bf16, bf16 × bf16 → f32 output with the bias in the GEMM epilogue,
///   then rounded to bf16 (the CPU kernel's rounding points);
/// - fp8 e4m3 weights on sm_89+: x is quantized per token to e4m3, e4m3 × e4m3 → f32 (K and N padded to multiples
///   of 16, as cuBLASLt's fp8 kernels require), and one epilogue kernel applies the token and channel scales and the
///   bias (on older GPUs the weight is dequantized to bf16 once);
/// - otherwise f32 × f32 (bf16 weights widened per call): the fp32 parity path.
/// GEMM plans (heuristic algorithm choice) are cached per shape; per-weight preparations (fp8 scales on the device,
/// K padded to a multiple of 16 for fp8) are cached per weight buffer and die with it.
final class CudaLinear {
    static final long WORKSPACE_BYTES = 32L << 20;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /// A weight as the GEMM reads it: data pointer, leading dimension, dtype, device scales (fp8 only).
    private record Prepared(long ptr, int ld, DType dtype, long scales, DevicePool.Block[] owned) {}

    private final CudaContext c;
    private final Map<LtMatmul.Key, LtMatmul> plans = new HashMap<>();
    private final Map<CudaBuffer, Map<String, Prepared>> prepared = new WeakHashMap<>();
    private final DevicePool.Block workspace;

    CudaLinear(CudaContext c) {
        this.c = c;
        this.workspace = c.pool.allocate(WORKSPACE_BYTES);
    }

    void linear(Tensor out, Tensor x, Tensor w, Tensor bias, boolean bf16) {
        CudaKernels.requireF32(out, "linear out");
        CudaKernels.requireF32(x, "linear x");
        int k = x.shape().last(), n = w.shape().dim(0), m = (int) x.shape().rows();
        if (w.shape().rank() != 2 || w.shape().dim(1) != k) {
            throw new IllegalArgumentException("linear: weight " + w.shape() + " does not take inputs of width " + k + " (x " + x.shape() + ")");
        }
        if (out.shape().last() != n || out.shape().rows() != m) {
            throw new IllegalArgumentException("linear: output " + out.shape() + " should be [" + m + ", " + n + "]");
        }
        if (bias != null && (bias.dtype() != DType.F32 || bias.numel() != n)) {
            throw new IllegalArgumentException("linear: bias " + bias.dtype() + bias.shape() + " should be F32 [" + n + "]");
        }
        if (m == 0) return;
        long biasPtr = bias == null ? 0 : ptr(bias);
        try (Scratch s = new Scratch(c.pool)) {
            switch (w.dtype()) {
                case F8_E4M3 -> {
                    if (c.hasFp8()) fp8(s, out, x, w, biasPtr, m, n, k, bf16);
                    else bf16Gemm(s, out, x, dequantizedBf16(w), k, biasPtr, m, n, k, bf16);
                }
                case BF16 -> {
                    if (bf16) bf16Gemm(s, out, x, ptr(w), k, biasPtr, m, n, k, true);
                    else f32Gemm(s, out, x, w, biasPtr, m, n, k, false);
                }
                case F32 -> f32Gemm(s, out, x, w, biasPtr, m, n, k, bf16);
                case F16 -> throw new IllegalArgumentException("linear on CUDA takes F32, BF16 or F8_E4M3 weights, not F16 "
                        + w.shape() + " (load the model with the BF16 weight policy)");
            }
        }
    }

    private void bf16Gemm(Scratch s, Tensor out, Tensor x, long wPtr, int ldw, long bias, int m, int n, int k, boolean round) {
        long xb = s.alloc(2L * m * k);
        c.launch1d("f32_to_bf16", (long) m * k, a -> a.ptr(ptr(x)).ptr(xb).i64((long) m * k));
        biasGemm(CublasLt.R_16BF, xb, wPtr, ldw, out, bias, m, n, k, round);
    }

    private void f32Gemm(Scratch s, Tensor out, Tensor x, Tensor w, long bias, int m, int n, int k, boolean round) {
        long xf = ptr(x);
        if (round) {
            xf = s.alloc(4L * m * k);
            c.cu.copyDtoDAsync(xf, ptr(x), 4L * m * k, c.stream);
            roundBf16(xf, (long) m * k);
        }
        long wf = ptr(w);
        if (w.dtype() == DType.BF16) {
            wf = s.alloc(4L * n * k);
            long dst = wf;
            c.launch1d("bf16_to_f32", (long) n * k, a -> a.ptr(ptr(w)).ptr(dst).i64((long) n * k));
        }
        biasGemm(CublasLt.R_32F, xf, wf, k, out, bias, m, n, k, round);
    }

    /// out = x · wᵀ (+ bias in the epilogue) with x and w both of `type`, f32 out; rounded to bf16 with `round`.
    private void biasGemm(int type, long x, long w, int ldw, Tensor out, long bias, int m, int n, int k, boolean round) {
        gemm(new LtMatmul.Key(type, type, CublasLt.R_32F, m, n, k, k, ldw, n,
                bias != 0 ? CublasLt.EPILOGUE_BIAS : CublasLt.EPILOGUE_DEFAULT, bias != 0 ? CublasLt.R_32F : -1, false), x, w, ptr(out), bias);
        if (round) roundBf16(ptr(out), (long) m * n);
    }

    /// Rounds `count` f32 values at device address `p` to bf16 in place.
    private void roundBf16(long p, long count) { c.launch1d("round_bf16_f32", count, a -> a.ptr(p).i64(count)); }

    private void fp8(Scratch s, Tensor out, Tensor x, Tensor w, long bias, int m, int n, int k, boolean round) {
        Prepared p = fp8Weight(w);
        int kq = p.ld(), nq = Math.ceilDiv(n, 16) * 16;
        long xq = s.alloc((long) m * kq), xs = s.alloc(4L * m), d = s.alloc(4L * m * nq);
        c.launchRows("quantize_rows_f32", m, a -> a.ptr(ptr(x)).i64(k).ptr(xq).i64(kq).ptr(xs).i64(m).i32(k));
        gemm(new LtMatmul.Key(CublasLt.R_8F_E4M3, CublasLt.R_8F_E4M3, CublasLt.R_32F, m, nq, kq, kq, kq, nq,
                CublasLt.EPILOGUE_DEFAULT, -1, false), xq, p.ptr(), d, 0);
        c.launch1d("scale_epilogue_f32", (long) m * n, a -> a.ptr(d).i64(nq).ptr(ptr(out)).ptr(xs).ptr(p.scales()).ptr(bias)
                .i64(m).i32(n).i32(0).i32(round ? 1 : 0));
    }

    private void gemm(LtMatmul.Key key, long x, long w, long out, long bias) {
        LtMatmul plan = plans.computeIfAbsent(key, kk -> new LtMatmul(c.lt, c.ltHandle, kk, WORKSPACE_BYTES));
        plan.run(x, w, out, bias, workspace.ptr(), c.stream);
    }

    /// The fp8 weight as cuBLASLt's fp8 kernels need it: K and N padded to multiples of 16 with zeros, and its scales
    /// on the device.
    private Prepared fp8Weight(Tensor w) {
        return prepare(w, "fp8", () -> {
            int n = w.shape().dim(0), k = w.shape().dim(1), kq = Math.ceilDiv(k, 16) * 16, nq = Math.ceilDiv(n, 16) * 16;
            DevicePool.Block data = null;
            long ptr = ptr(w);
            if (kq != k || nq != n) {
                data = c.pool.allocate((long) nq * kq);
                c.zero(data.ptr(), (long) nq * kq);
                try (Arena a = Arena.ofConfined()) {
                    c.cu.copy2DAsync(Memcpy2D.deviceToDevice(a, ptr(w), k, data.ptr(), kq, k, n), c.stream);
                }
                ptr = data.ptr();
            }
            DevicePool.Block scales = uploadScales(w, n);
            return new Prepared(ptr, kq, DType.F8_E4M3, scales.ptr(), data == null ? new DevicePool.Block[] {scales} : new DevicePool.Block[] {data, scales});
        });
    }

    private long dequantizedBf16(Tensor w) {
        return prepare(w, "bf16", () -> {
            int n = w.shape().dim(0), k = w.shape().dim(1);
            DevicePool.Block scales = uploadScales(w, n);
            DevicePool.Block data = c.pool.allocate(2L * n * k);
            c.launch1d("e4m3_to_bf16", (long) n * k, a -> a.ptr(ptr(w)).ptr(scales.ptr()).i32(1).ptr(data.ptr()).i64(n).i64(k));
            return new Prepared(data.ptr(), k, DType.BF16, 0, new DevicePool.Block[] {data, scales});
        }).ptr();
    }

    private DevicePool.Block uploadScales(Tensor w, int rows) {
        float[] sc = w.scalesView();
        DevicePool.Block b = c.pool.allocate(4L * rows);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(4L * rows, 4);
            for (int r = 0; r < rows; r++) h.setAtIndex(F32, r, sc.length == 1 ? sc[0] : sc[r]);
            c.copyToDevice2D(h, 4L * rows, b.ptr(), 4L * rows, 4L * rows, 1);
        }
        return b;
    }

    private Prepared prepare(Tensor w, String kind, java.util.function.Supplier<Prepared> make) {
        CudaBuffer buf = (CudaBuffer) w.buffer();
        String key = kind + "@" + w.byteOffset() + ":" + w.shape();
        Map<String, Prepared> forBuffer;
        synchronized (prepared) {
            forBuffer = prepared.computeIfAbsent(buf, b -> new HashMap<>());
        }
        synchronized (forBuffer) {
            Prepared p = forBuffer.get(key);
            if (p == null) {
                p = make.get();
                forBuffer.put(key, p);
                DevicePool.Block[] owned = p.owned();
                CLEANER.register(buf, () -> { for (DevicePool.Block b : owned) c.pool.release(b); });
            }
            return p;
        }
    }
}
