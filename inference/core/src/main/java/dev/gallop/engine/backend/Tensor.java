package dev.gallop.engine.backend;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/// A typed, shaped, contiguous view over a device [Buffer] (PyTorch axis order, row-major).
/// Views ([#rows], [#reshape]) share the buffer. F8_E4M3 tensors carry their dequantization scales:
/// one value (per tensor) or one per output row (per channel, i.e. per first-axis index).
public final class Tensor {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Buffer buffer;
    private final long offset;       // in elements of dtype
    private final DType dtype;
    private final Shape shape;
    private final float[] scales;    // F8 only; null otherwise

    private Tensor(Buffer buffer, long offset, DType dtype, Shape shape, float[] scales) {
        long need = (offset + shape.numel()) * dtype.bytes();
        if (need > buffer.byteSize()) {
            throw new IllegalArgumentException("tensor " + dtype + shape + " at element " + offset
                    + " needs " + need + " bytes but its buffer holds " + buffer.byteSize());
        }
        if (dtype == DType.F8_E4M3) {
            if (scales == null || (scales.length != 1 && scales.length != shape.dim(0))) {
                throw new IllegalArgumentException("F8_E4M3 tensor " + shape + " needs 1 or " + (shape.rank() == 0 ? 1 : shape.dim(0))
                        + " scales, got " + (scales == null ? "none" : scales.length));
            }
        }
        this.buffer = buffer;
        this.offset = offset;
        this.dtype = dtype;
        this.shape = shape;
        this.scales = scales;
    }

    public static Tensor of(Buffer buffer, long offset, DType dtype, Shape shape) {
        return new Tensor(buffer, offset, dtype, shape, null);
    }

    /// An F8_E4M3 tensor with per-tensor (length 1) or per-channel (length dim 0) scales.
    public static Tensor quantized(Buffer buffer, long offset, Shape shape, float[] scales) {
        return new Tensor(buffer, offset, DType.F8_E4M3, shape, scales.clone());
    }

    /// A new F32 tensor on `device` holding a copy of `data`.
    public static Tensor fromFloats(Device device, Shape shape, float[] data) {
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.numel() + " values, got " + data.length);
        }
        Tensor t = device.empty(DType.F32, shape);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate((long) data.length * 4, 4);
            MemorySegment.copy(data, 0, host, F32_LE, 0, data.length);
            device.copyFromHost(host, t.buffer, 0);
        }
        return t;
    }

    public Buffer buffer() { return buffer; }

    public Device device() { return buffer.device(); }

    /// Offset of the first element, in elements.
    public long offset() { return offset; }

    public long byteOffset() { return offset * dtype.bytes(); }

    public long byteSize() { return shape.numel() * dtype.bytes(); }

    public DType dtype() { return dtype; }

    public Shape shape() { return shape; }

    public long numel() { return shape.numel(); }

    /// Dequantization scales of an F8 tensor (a copy), or null.
    public float[] scales() { return scales == null ? null : scales.clone(); }

    /// Internal access for kernels (no copy). Do not modify.
    public float[] scalesView() { return scales; }

    /// Rows [from, to) of the first axis, sharing the buffer.
    public Tensor rows(int from, int to) {
        int n = shape.dim(0);
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of tensor " + shape);
        }
        long rowSize = shape.numel() / Math.max(1, n);
        float[] s = scales;
        if (s != null && s.length > 1) s = java.util.Arrays.copyOfRange(s, from, to);
        return new Tensor(buffer, offset + from * rowSize, dtype, shape.withFirst(to - from), s);
    }

    /// The same elements under another shape with the same element count.
    public Tensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.numel() != shape.numel()) throw new IllegalArgumentException("cannot reshape " + shape + " to " + s);
        if (scales != null && scales.length > 1 && s.dim(0) != shape.dim(0)) {
            throw new IllegalArgumentException("cannot reshape a per-channel F8 tensor " + shape + " to " + s);
        }
        return new Tensor(buffer, offset, dtype, s, scales);
    }

    /// A host copy of the values as f32 (dequantized / widened).
    public float[] toFloats() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalStateException("tensor " + shape + " is too large for a Java array");
        float[] out = new float[(int) n];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(byteSize(), 8);
            device().copyToHost(buffer, byteOffset(), host);
            switch (dtype) {
                case F32 -> MemorySegment.copy(host, F32_LE, 0, out, 0, out.length);
                case BF16 -> {
                    for (int i = 0; i < out.length; i++) out[i] = Floats.bf16ToFloat(host.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
                }
                case F16 -> {
                    for (int i = 0; i < out.length; i++) out[i] = Floats.f16ToFloat(host.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
                }
                case F8_E4M3 -> {
                    long rowSize = n / Math.max(1, shape.rank() == 0 ? 1 : shape.dim(0));
                    for (int i = 0; i < out.length; i++) {
                        float sc = scales.length == 1 ? scales[0] : scales[(int) (i / rowSize)];
                        out[i] = Floats.e4m3ToFloat(host.get(ValueLayout.JAVA_BYTE, i)) * sc;
                    }
                }
                case U8 -> {
                    for (int i = 0; i < out.length; i++) out[i] = Byte.toUnsignedInt(host.get(ValueLayout.JAVA_BYTE, i));
                }
            }
        }
        return out;
    }

    /// A host copy of the raw bytes (any dtype; little-endian elements).
    public byte[] toBytes() {
        long n = byteSize();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalStateException("tensor " + shape + " is too large for a Java array");
        byte[] out = new byte[(int) n];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(n, 8);
            device().copyToHost(buffer, byteOffset(), host);
            MemorySegment.copy(host, ValueLayout.JAVA_BYTE, 0, out, 0, out.length);
        }
        return out;
    }

    /// A copy of this tensor on `device` (the same tensor when it is already there). F8 scales travel along.
    public Tensor to(Device device) {
        if (device == device()) return this;
        Tensor t = dtype == DType.F8_E4M3 ? Tensor.quantized(device.allocate(byteSize()), 0, shape, scales)
                : device.empty(dtype, shape);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(byteSize(), 8);
            device().copyToHost(buffer, byteOffset(), host);
            device.copyFromHost(host, t.buffer, t.byteOffset());
        }
        return t;
    }

    @Override public String toString() { return "Tensor" + shape + " " + dtype + " on " + device().id(); }
}
