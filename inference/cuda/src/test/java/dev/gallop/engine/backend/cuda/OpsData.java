package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/// Random test tensors placed identically on two devices, and the comparison of results.
final class OpsData {
    private OpsData() {}

    static float[] random(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    static Tensor f32(Device d, float[] data, int... dims) { return Tensor.fromFloats(d, Shape.of(dims), data); }

    /// A BF16 tensor holding the bf16 roundings of `data`.
    static Tensor bf16(Device d, float[] data, int... dims) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(2L * data.length, 2);
            for (int i = 0; i < data.length; i++) h.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Floats.floatToBf16(data[i]));
            return Tensor.of(d.fromHost(h), 0, DType.BF16, Shape.of(dims));
        }
    }

    /// An F8_E4M3 weight [rows, cols] quantized per row (absmax / 448), the same bytes and scales on the device.
    static Tensor fp8(Device d, float[] data, int rows, int cols) {
        float[] scales = new float[rows];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate((long) rows * cols);
            for (int r = 0; r < rows; r++) {
                float amax = 0;
                for (int c = 0; c < cols; c++) amax = Math.max(amax, Math.abs(data[r * cols + c]));
                scales[r] = amax > 0 ? amax / 448f : 1f;
                for (int c = 0; c < cols; c++) h.set(ValueLayout.JAVA_BYTE, (long) r * cols + c, Floats.floatToE4m3(data[r * cols + c] / scales[r]));
            }
            return Tensor.quantized(d.fromHost(h), 0, Shape.of(rows, cols), scales);
        }
    }

    /// Relative L2 error of `actual` against `expected`.
    static double relL2(float[] actual, float[] expected) {
        if (actual.length != expected.length) return Double.POSITIVE_INFINITY;
        double num = 0, den = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - expected[i];
            num += d * d;
            den += (double) expected[i] * expected[i];
        }
        double r = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
        return Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
    }
}
