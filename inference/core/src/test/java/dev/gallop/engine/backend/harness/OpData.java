package dev.gallop.engine.backend.harness;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/// Seeded inputs for the op harness: the same values on every device for the same seed.
public final class OpData {
    private OpData() {}

    /// Normal values × scale.
    public static float[] normal(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble(), v = r.nextDouble();
            a[i] = (float) (Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v) * scale);
        }
        return a;
    }

    /// Uniform values in [lo, hi).
    public static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    /// A tensor of `dtype` (F32 or BF16, rounded) on `device` holding `values`.
    public static Tensor tensor(Device device, DType dtype, float[] values, int... dims) {
        Tensor f = Tensor.fromFloats(device, Shape.of(dims), values);
        if (dtype == DType.F32) return f;
        Tensor t = device.empty(dtype, Shape.of(dims));
        device.kernels().copy(t, f);
        return t;
    }

    /// Normal values × scale as a tensor of `dtype` on `device`.
    public static Tensor normal(Device device, DType dtype, long seed, double scale, int... dims) {
        return tensor(device, dtype, normal(seed, Math.toIntExact(Shape.of(dims).numel()), scale), dims);
    }

    /// A [rows, cols] GEMM weight quantized to e4m3 with one scale per row (absmax / 448), as the loader stores it.
    public static Tensor fp8Weight(Device device, long seed, double scale, int rows, int cols) {
        float[] w = normal(seed, rows * cols, scale);
        float[] scales = new float[rows];
        byte[] q = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            float max = 0f;
            for (int c = 0; c < cols; c++) max = Math.max(max, Math.abs(w[r * cols + c]));
            scales[r] = max == 0f ? 1f : max / 448f;
            for (int c = 0; c < cols; c++) q[r * cols + c] = Floats.floatToE4m3(w[r * cols + c] / scales[r]);
        }
        Tensor t = Tensor.quantized(device.allocate(q.length), 0, Shape.of(rows, cols), scales);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(q.length, 8);
            MemorySegment.copy(q, 0, host, ValueLayout.JAVA_BYTE, 0, q.length);
            device.copyFromHost(host, t.buffer(), t.byteOffset());
        }
        return t;
    }
}
