package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.TransformerShapes;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.driver.Memcpy2D;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.backend.cuda.kernels.ElementwiseNatives;
import dev.gallop.engine.backend.cuda.kernels.TransformerNatives;
import dev.gallop.engine.backend.cuda.kernels.Variants;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/// [dev.gallop.engine.backend.TransformerKernels#linear] and `linearAdd` on cuBLASLt, f32 accumulation:
/// - bf16 weights with a bf16 x: bf16 × bf16 with f32 accumulation, written straight in out's dtype, the bias in the
///   epilogue, out += product with beta = 1 for `linearAdd`;
/// - fp8 e4m3 weights on sm_89+: x quantized per row to e4m3, e4m3 × e4m3 → f32 (K and N padded to multiples of 16,
///   as cuBLASLt's fp8 kernels require), and one epilogue applying the row and channel scales, the bias and the
///   accumulation (on older GPUs the weight is dequantized to bf16 once and x cast to bf16);
/// - otherwise f32 × f32 (a bf16 x widened, bf16 weights widened per call): the fp32 parity path.
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

    /// out (=, or += with `accumulate`) x · wᵀ (+ bias).
    void linear(Tensor out, Tensor x, Tensor w, Tensor bias, boolean accumulate) {
        String op = accumulate ? "linearAdd" : "linear";
        if (accumulate) CudaKernels.requireF32(out, "linearAdd out");
        int m = TransformerShapes.linear(op, out, x, w, bias);
        int k = x.shape().last(), n = w.shape().dim(0);
        if (m == 0) return;
        long biasPtr = CudaKernels.ptrOrNull(bias);
        try (Scratch s = new Scratch(c.pool)) {
            switch (w.dtype()) {
                case F8_E4M3 -> {
                    if (c.hasFp8()) fp8(s, out, x, w, biasPtr, m, n, k, accumulate);
                    else halfGemm(out, asBf16(s, x), dequantizedBf16(w), k, biasPtr, m, n, k, accumulate);
                }
                case BF16 -> {
                    if (x.dtype() == DType.BF16) halfGemm(out, ptr(x), ptr(w), k, biasPtr, m, n, k, accumulate);
                    else f32Gemm(s, out, x, w, biasPtr, m, n, k, accumulate);
                }
                case F32 -> f32Gemm(s, out, x, w, biasPtr, m, n, k, accumulate);
                default -> throw new IllegalArgumentException(op + " on CUDA takes F32, BF16 or F8_E4M3 weights, not " + w.dtype() + w.shape()
                        + " (load the model with the BF16 weight policy)");
            }
        }
    }

    /// x as a bf16 operand: itself, or a rounded copy of an f32 x.
    private long asBf16(Scratch s, Tensor x) {
        if (x.dtype() == DType.BF16) return ptr(x);
        long n = x.numel(), p = s.alloc(2 * n);
        c.launch1d(ElementwiseNatives.CONVERT.get("convert_f32_bf16"), n, a -> a.ptr(ptr(x)).ptr(p).i64(n));
        return p;
    }

    /// bf16 × bf16 → out's dtype with f32 accumulation, the bias in the epilogue, beta = 1 when accumulating.
    private void halfGemm(Tensor out, long x, long w, int ldw, long bias, int m, int n, int k, boolean accumulate) {
        int outType = out.dtype() == DType.BF16 ? CublasLt.R_16BF : CublasLt.R_32F;
        gemm(new LtMatmul.Key(CublasLt.R_16BF, CublasLt.R_16BF, outType, m, n, k, k, ldw, n,
                bias != 0 ? CublasLt.EPILOGUE_BIAS : CublasLt.EPILOGUE_DEFAULT, bias != 0 ? CublasLt.R_32F : -1, accumulate),
                x, w, ptr(out), bias);
    }

    private void f32Gemm(Scratch s, Tensor out, Tensor x, Tensor w, long bias, int m, int n, int k, boolean accumulate) {
        long xf = ptr(x);
        if (x.dtype() == DType.BF16) {
            long p = s.alloc(4L * m * k);
            c.launch1d(ElementwiseNatives.CONVERT.get("convert_bf16_f32"), (long) m * k, a -> a.ptr(ptr(x)).ptr(p).i64((long) m * k));
            xf = p;
        }
        long wf = ptr(w);
        if (w.dtype() == DType.BF16) {
            long p = s.alloc(4L * n * k);
            c.launch1d(ElementwiseNatives.CONVERT.get("convert_bf16_f32"), (long) n * k, a -> a.ptr(ptr(w)).ptr(p).i64((long) n * k));
            wf = p;
        }
        long dst = ptr(out);
        boolean narrow = out.dtype() == DType.BF16;
        if (narrow) dst = s.alloc(4L * m * n);
        gemm(new LtMatmul.Key(CublasLt.R_32F, CublasLt.R_32F, CublasLt.R_32F, m, n, k, k, k, n,
                bias != 0 ? CublasLt.EPILOGUE_BIAS : CublasLt.EPILOGUE_DEFAULT, bias != 0 ? CublasLt.R_32F : -1, accumulate), xf, wf, dst, bias);
        if (narrow) {
            long from = dst;
            c.launch1d(ElementwiseNatives.CONVERT.get("convert_f32_bf16"), (long) m * n, a -> a.ptr(from).ptr(ptr(out)).i64((long) m * n));
        }
    }

    private void fp8(Scratch s, Tensor out, Tensor x, Tensor w, long bias, int m, int n, int k, boolean accumulate) {
        Prepared p = fp8Weight(w);
        int kq = p.ld(), nq = Math.ceilDiv(n, 16) * 16;
        long xq = s.alloc((long) m * kq), xs = s.alloc(4L * m), d = s.alloc(4L * m * nq);
        c.launchRows(Variants.pick(TransformerNatives.QUANTIZE_ROWS, "quantize_rows", x.dtype()), m,
                a -> a.ptr(ptr(x)).i64(k).ptr(xq).i64(kq).ptr(xs).i64(m).i32(k));
        gemm(new LtMatmul.Key(CublasLt.R_8F_E4M3, CublasLt.R_8F_E4M3, CublasLt.R_32F, m, nq, kq, kq, kq, nq,
                CublasLt.EPILOGUE_DEFAULT, -1, false), xq, p.ptr(), d, 0);
        c.launch1d(Variants.pick(TransformerNatives.SCALE_EPILOGUE, "scale_epilogue", out.dtype()), (long) m * n,
                a -> a.ptr(d).i64(nq).ptr(ptr(out)).ptr(xs).ptr(p.scales()).ptr(bias).i64(m).i32(n).i32(accumulate ? 1 : 0));
    }

    /// One cuBLASLt GEMM out[m, n] = x[m, k] · w[n, k]ᵀ (+ bias) with the key's types and leading dimensions.
    void gemm(LtMatmul.Key key, long x, long w, long out, long bias) {
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
            c.launch1d(ElementwiseNatives.E4M3_TO.get("e4m3_to_bf16"), (long) n * k,
                    a -> a.ptr(ptr(w)).ptr(scales.ptr()).i32(1).ptr(data.ptr()).i64(n).i64(k));
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
