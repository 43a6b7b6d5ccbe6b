package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/// The [Kernels] of a [CudaDevice]: activations stay F32 like the CPU backend's (the DiT's bf16 rounding points are
/// explicit), GEMMs run on cuBLASLt ([CudaLinear]), attention on cuDNN or Gallop's kernel ([CudaAttention]), the
/// rest on natives/*.cu. Every call is queued on the device's stream and returns without waiting.
final class CudaKernels implements Kernels {
    private final CudaDevice device;
    private final CudaContext c;
    private final CudaLinear linear;
    private final CudaAttention attention;

    CudaKernels(CudaDevice device, CudaContext c) {
        this.device = device;
        this.c = c;
        this.linear = new CudaLinear(c);
        this.attention = new CudaAttention(c);
    }

    /// The device address of a tensor's first element.
    static long ptr(Tensor t) {
        if (!(t.buffer() instanceof CudaBuffer b)) throw new IllegalArgumentException("tensor " + t + " is not in CUDA memory");
        return b.ptr() + t.byteOffset();
    }

    static void requireF32(Tensor t, String what) {
        if (t.dtype() != DType.F32) throw new IllegalArgumentException(what + " must be F32 on CUDA, got " + t.dtype() + t.shape());
    }

    private void own(Tensor t) {
        if (t.device() != device) throw new IllegalArgumentException("tensor " + t + " is not on " + device.id());
    }

    @Override public void linear(Tensor out, Tensor x, Tensor w, Tensor bias, boolean bf16) {
        own(out);
        own(x);
        own(w);
        if (bias != null) own(bias);
        linear.linear(out, x, w, bias, bf16);
    }

    @Override public void rmsNorm(Tensor out, Tensor x, Tensor gain, float eps) {
        requireF32(out, "rmsNorm out");
        requireF32(x, "rmsNorm x");
        requireF32(gain, "rmsNorm gain");
        int d = x.shape().last();
        long rows = x.shape().rows();
        if (gain.numel() != d || out.numel() != x.numel()) {
            throw new IllegalArgumentException("rmsNorm: x " + x.shape() + ", gain " + gain.shape() + ", out " + out.shape());
        }
        c.launchRows("rmsnorm_f32", rows, a -> a.ptr(ptr(x)).i64(d).ptr(ptr(out)).i64(d).ptr(ptr(gain)).i64(rows).i32(d).f32(eps).i32(0));
    }

    @Override public void rope(Tensor x, Tensor sin, Tensor cos) {
        requireF32(x, "rope x");
        requireF32(sin, "rope sin");
        requireF32(cos, "rope cos");
        if (x.shape().rank() != 3) throw new IllegalArgumentException("rope: x must be [M, H, D], got " + x.shape());
        int m = x.shape().dim(0), h = x.shape().dim(1), d = x.shape().dim(2), half = sin.shape().last();
        if (sin.shape().dim(0) != m || !cos.shape().equals(sin.shape()) || 2 * half > d) {
            throw new IllegalArgumentException("rope: x " + x.shape() + " with tables " + sin.shape() + " / " + cos.shape());
        }
        c.launch1d("rope_f32", (long) m * h * half, a -> a.ptr(ptr(x)).i64(m).i32(h).i32(d).ptr(ptr(sin)).ptr(ptr(cos)).i32(half));
    }

    @Override public void attention(Tensor out, Tensor q, Tensor k, Tensor v, float scale, AttentionMask mask, boolean bf16) {
        own(out);
        own(q);
        own(k);
        own(v);
        attention.attention(out, q, k, v, scale, mask, bf16);
    }

    @Override public void sigmoidGate(Tensor out, Tensor o, Tensor gates) {
        requireF32(out, "gate out");
        requireF32(o, "gate o");
        requireF32(gates, "gate gates");
        int m = o.shape().dim(0), h = o.shape().dim(1), d = o.shape().dim(2);
        if (gates.numel() != (long) m * h || out.numel() != o.numel()) {
            throw new IllegalArgumentException("sigmoidGate: o " + o.shape() + ", gates " + gates.shape() + ", out " + out.shape());
        }
        c.launch1d("sigmoid_gate_f32", o.numel(), a -> a.ptr(ptr(o)).ptr(ptr(out)).ptr(ptr(gates)).i64(h).i64(m).i32(h).i32(d).i32(0));
    }

    @Override public void swiglu7(Tensor out, Tensor up) {
        requireF32(out, "swiglu7 out");
        requireF32(up, "swiglu7 up");
        int width = out.shape().last();
        long rows = out.shape().rows();
        if (up.shape().last() != 2 * width || up.shape().rows() != rows) {
            throw new IllegalArgumentException("swiglu7: up " + up.shape() + " must be twice as wide as out " + out.shape());
        }
        c.launch1d("swiglu7_f32", rows * width, a -> a.ptr(ptr(up)).i64(2L * width).ptr(ptr(out)).i64(width).i64(rows).i32(width).i32(0));
    }

    @Override public void gelu7(Tensor out, Tensor up) {
        requireF32(out, "gelu7 out");
        requireF32(up, "gelu7 up");
        if (!out.shape().equals(up.shape())) throw new IllegalArgumentException("gelu7: up " + up.shape() + " vs out " + out.shape());
        int width = out.shape().last();
        long rows = out.shape().rows();
        c.launch1d("gelu7_f32", rows * width, a -> a.ptr(ptr(up)).i64(width).ptr(ptr(out)).i64(width).i64(rows).i32(width).i32(0));
    }

    @Override public void add(Tensor acc, Tensor y) {
        requireF32(acc, "add acc");
        requireF32(y, "add y");
        if (acc.numel() != y.numel()) throw new IllegalArgumentException("add: " + acc.shape() + " += " + y.shape());
        c.launch1d("add_f32", acc.numel(), a -> a.ptr(ptr(acc)).ptr(ptr(y)).i64(acc.numel()));
    }

    @Override public void roundBf16(Tensor t) {
        requireF32(t, "roundBf16");
        c.launch1d("round_bf16_f32", t.numel(), a -> a.ptr(ptr(t)).i64(t.numel()));
    }

    @Override public void copy(Tensor dst, Tensor src) {
        if (dst.numel() != src.numel()) throw new IllegalArgumentException("copy: " + src.shape() + " into " + dst.shape());
        long n = src.numel();
        if (n == 0) return;
        DType from = src.dtype(), to = dst.dtype();
        if (from == to && from != DType.F8_E4M3) {
            c.cu.copyDtoDAsync(ptr(dst), ptr(src), src.byteSize(), c.stream);
        } else if (from == DType.BF16 && to == DType.F32) {
            c.launch1d("bf16_to_f32", n, a -> a.ptr(ptr(src)).ptr(ptr(dst)).i64(n));
        } else if (from == DType.F32 && to == DType.BF16) {
            c.launch1d("f32_to_bf16", n, a -> a.ptr(ptr(src)).ptr(ptr(dst)).i64(n));
        } else if (from == DType.F8_E4M3 && (to == DType.F32 || to == DType.BF16)) {
            float[] sc = src.scalesView();
            long rows = src.shape().rank() == 0 ? 1 : src.shape().dim(0), cols = n / rows;
            try (Scratch s = new Scratch(c.pool); Arena arena = Arena.ofConfined()) {
                long dev = s.alloc(4L * sc.length);
                MemorySegment h = arena.allocateFrom(ValueLayout.JAVA_FLOAT, sc);
                c.copyToDevice2D(h, h.byteSize(), dev, h.byteSize(), h.byteSize(), 1);
                c.launch1d(to == DType.F32 ? "e4m3_to_f32" : "e4m3_to_bf16", n,
                        a -> a.ptr(ptr(src)).ptr(dev).i32(sc.length > 1 ? 1 : 0).ptr(ptr(dst)).i64(rows).i64(cols));
            }
        } else {
            throw new IllegalArgumentException("copy from " + from + " into " + to + " is not supported on CUDA");
        }
    }

    @Override public void copyColumns(Tensor dst, Tensor src, int col0) {
        requireF32(dst, "copyColumns dst");
        requireF32(src, "copyColumns src");
        long rows = src.shape().rows();
        int cols = src.shape().last(), w = dst.shape().last();
        if (dst.shape().rows() != rows || col0 < 0 || col0 + w > cols) {
            throw new IllegalArgumentException("copyColumns: columns [" + col0 + ", " + (col0 + w) + ") of " + src.shape() + " into " + dst.shape());
        }
        c.launch1d("copy_columns_32", rows * w, a -> a.ptr(ptr(src)).i64(cols).i32(col0).ptr(ptr(dst)).i64(w).i64(rows).i32(w));
    }
}
