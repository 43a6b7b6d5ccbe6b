package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.CudaKernels.ptr;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireActivation;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireF32;
import static dev.gallop.engine.backend.cuda.CudaKernels.requireSameCount;

import dev.gallop.engine.backend.ElementwiseKernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.kernels.ElementwiseNatives;
import dev.gallop.engine.backend.cuda.kernels.Variants;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/// The CUDA backend's [ElementwiseKernels] on natives/elementwise.cu, casts.cu and reductions.cu.
final class CudaElementwiseKernels implements ElementwiseKernels {
    private final CudaContext c;

    CudaElementwiseKernels(CudaDevice device, CudaContext c) { this.c = c; }

    @Override public void add(Tensor acc, Tensor y) {
        requireActivation(acc, "add acc");
        requireActivation(y, "add y");
        requireSameCount(acc, y, "add");
        long n = acc.numel();
        c.launch1d(Variants.pick(ElementwiseNatives.ADD, "add", y.dtype(), acc.dtype()), n, a -> a.ptr(ptr(acc)).ptr(ptr(y)).i64(n));
    }

    @Override public void scale(Tensor out, Tensor x, float factor) {
        requireActivation(out, "scale out");
        requireActivation(x, "scale x");
        requireSameCount(out, x, "scale");
        long n = out.numel();
        c.launch1d(Variants.pick(ElementwiseNatives.SCALE, "scale", x.dtype(), out.dtype()), n, a -> a.ptr(ptr(x)).ptr(ptr(out)).i64(n).f32(factor));
    }

    @Override public void axpby(Tensor out, float a, Tensor x, float b, Tensor y) {
        requireActivation(out, "axpby out");
        requireActivation(x, "axpby x");
        if (y.dtype() != x.dtype()) throw new IllegalArgumentException("axpby on CUDA: x " + x.dtype() + " and y " + y.dtype() + " must share a dtype");
        requireSameCount(out, x, "axpby");
        requireSameCount(out, y, "axpby");
        long n = out.numel();
        c.launch1d(Variants.pick(ElementwiseNatives.AXPBY, "axpby", x.dtype(), out.dtype()), n,
                k -> k.ptr(ptr(x)).ptr(ptr(y)).ptr(ptr(out)).i64(n).f32(a).f32(b));
    }

    @Override public void fill(Tensor t, float value) {
        requireActivation(t, "fill");
        long n = t.numel();
        c.launch1d(Variants.pick(ElementwiseNatives.FILL, "fill", t.dtype()), n, a -> a.ptr(ptr(t)).i64(n).f32(value));
    }

    @Override public void roundBf16(Tensor t) {
        requireF32(t, "roundBf16");
        long n = t.numel();
        c.launch1d(ElementwiseNatives.ROUND_BF16_F32, n, a -> a.ptr(ptr(t)).i64(n));
    }

    @Override public void copy(Tensor dst, Tensor src) {
        requireSameCount(dst, src, "copy");
        long n = src.numel();
        if (n == 0) return;
        DType from = src.dtype(), to = dst.dtype();
        if (from == to && from != DType.F8_E4M3) {
            c.cu.copyDtoDAsync(ptr(dst), ptr(src), src.byteSize(), c.stream);
        } else if (from == DType.F8_E4M3 && (to == DType.F32 || to == DType.BF16)) {
            float[] sc = src.scalesView();
            long rows = src.shape().rank() == 0 ? 1 : src.shape().dim(0), cols = n / rows;
            try (Scratch s = new Scratch(c.pool); Arena arena = Arena.ofConfined()) {
                long dev = s.alloc(4L * sc.length);
                MemorySegment h = arena.allocateFrom(ValueLayout.JAVA_FLOAT, sc);
                c.copyToDevice2D(h, h.byteSize(), dev, h.byteSize(), h.byteSize(), 1);
                c.launch1d(Variants.pick(ElementwiseNatives.E4M3_TO, "e4m3_to", to), n,
                        a -> a.ptr(ptr(src)).ptr(dev).i32(sc.length > 1 ? 1 : 0).ptr(ptr(dst)).i64(rows).i64(cols));
            }
        } else if ((from == DType.F32 || from == DType.BF16) && (to == DType.F32 || to == DType.BF16)) {
            c.launch1d(Variants.pick(ElementwiseNatives.CONVERT, "convert", from, to), n, a -> a.ptr(ptr(src)).ptr(ptr(dst)).i64(n));
        } else {
            throw new IllegalArgumentException("copy from " + from + " into " + to + " is not supported on CUDA");
        }
    }

    @Override public void copyColumns(Tensor dst, Tensor src, int col0) {
        requireActivation(dst, "copyColumns dst");
        requireActivation(src, "copyColumns src");
        long rows = src.shape().rows();
        int cols = src.shape().last(), w = dst.shape().last();
        if (dst.shape().rows() != rows || col0 < 0 || col0 + w > cols) {
            throw new IllegalArgumentException("copyColumns: columns [" + col0 + ", " + (col0 + w) + ") of " + src.shape() + " into " + dst.shape());
        }
        c.launch1d(Variants.pick(ElementwiseNatives.COPY_COLUMNS, "copy_columns", src.dtype(), dst.dtype()), rows * w,
                a -> a.ptr(ptr(src)).i64(cols).i32(col0).ptr(ptr(dst)).i64(w).i64(rows).i32(w));
    }

    @Override public void transpose(Tensor out, Tensor x) {
        if (x.shape().rank() != 2 || out.shape().rank() != 2 || out.shape().dim(0) != x.shape().dim(1) || out.shape().dim(1) != x.shape().dim(0)) {
            throw new IllegalArgumentException("transpose: " + x.shape() + " into " + out.shape() + " (need [M, N] into [N, M])");
        }
        requireActivation(x, "transpose x");
        requireActivation(out, "transpose out");
        long m = x.shape().dim(0), n = x.shape().dim(1);
        int gx = (int) Math.ceilDiv(n, 32), gy = (int) Math.ceilDiv(m, 32);
        c.launch(Variants.pick(ElementwiseNatives.TRANSPOSE, "transpose", x.dtype(), out.dtype()), gx, gy, 256, 0,
                a -> a.ptr(ptr(x)).ptr(ptr(out)).i64(m).i64(n));
    }

    @Override public void silu(Tensor out, Tensor x) { unary("silu", ElementwiseNatives.SILU, out, x); }

    @Override public void relu(Tensor out, Tensor x) { unary("relu", ElementwiseNatives.RELU, out, x); }

    private void unary(String op, java.util.Map<String, dev.gallop.engine.backend.cuda.kernels.NativeKernel> family, Tensor out, Tensor x) {
        requireActivation(out, op + " out");
        requireActivation(x, op + " x");
        requireSameCount(out, x, op);
        long n = out.numel();
        c.launch1d(Variants.pick(family, op, x.dtype(), out.dtype()), n, a -> a.ptr(ptr(x)).ptr(ptr(out)).i64(n));
    }

    @Override public long countNonFinite(Tensor t) {
        requireActivation(t, "countNonFinite");
        long n = t.numel();
        try (Scratch s = new Scratch(c.pool); Arena arena = Arena.ofConfined()) {
            long counter = s.alloc(8);
            c.zero(counter, 8);
            c.launch1d(Variants.pick(ElementwiseNatives.COUNT_NON_FINITE, "count_non_finite", t.dtype()), n,
                    a -> a.ptr(ptr(t)).i64(n).ptr(counter));
            MemorySegment host = arena.allocate(8, 8);
            c.cu.copyDtoHAsync(host, counter, 8, c.stream);
            c.cu.streamSynchronize(c.stream);
            return host.get(ValueLayout.JAVA_LONG, 0);
        }
    }
}
