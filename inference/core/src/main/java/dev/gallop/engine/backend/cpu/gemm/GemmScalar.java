package dev.gallop.engine.backend.cpu.gemm;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/// The scalar twin of the GEMM: plain Java loops, one dot product per output, accumulated in f32 in K order.
/// It is the reference the vector path is tested against, so it favours obviousness over speed.
final class GemmScalar {
    private GemmScalar() {}

    static void matmul(MemorySegment x, long xOff, MemorySegment w, long wOff, DType wType, float[] wScales,
                       MemorySegment bias, long biasOff, MemorySegment out, long outOff,
                       int m, int n, int k, boolean bf16, boolean accumulate) {
        Parallel.range(n, Math.max(1, 4096 / Math.max(1, k)), (n0, n1) -> {
            float[] wrow = new float[k];
            float[] xrow = new float[k];
            for (int j = n0; j < n1; j++) {
                loadRow(w, wOff, wType, wScales, j, k, wrow);
                float b = bias == null ? 0f : bias.get(Layouts.F32, biasOff + 4L * j);
                for (int i = 0; i < m; i++) {
                    MemorySegment.copy(x, Layouts.F32, xOff + 4L * i * k, xrow, 0, k);
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        float xv = bf16 ? Floats.roundBf16(xrow[p]) : xrow[p];
                        acc += xv * wrow[p];
                    }
                    acc += b;
                    long o = outOff + 4L * ((long) i * n + j);
                    if (accumulate) acc = out.get(Layouts.F32, o) + acc;
                    out.set(Layouts.F32, o, bf16 ? Floats.roundBf16(acc) : acc);
                }
            }
        });
    }

    /// Row j of w (length k) widened to f32, scales applied.
    static void loadRow(MemorySegment w, long wOff, DType wType, float[] wScales, int j, int k, float[] dst) {
        long base = (long) j * k;
        switch (wType) {
            case F32 -> MemorySegment.copy(w, Layouts.F32, wOff + 4 * base, dst, 0, k);
            case BF16 -> {
                for (int p = 0; p < k; p++) dst[p] = Floats.bf16ToFloat(w.get(Layouts.I16, wOff + 2 * (base + p)));
            }
            case F16 -> {
                for (int p = 0; p < k; p++) dst[p] = Floats.f16ToFloat(w.get(Layouts.I16, wOff + 2 * (base + p)));
            }
            case F8_E4M3 -> {
                float s = wScales.length == 1 ? wScales[0] : wScales[j];
                for (int p = 0; p < k; p++) dst[p] = Floats.e4m3ToFloat(w.get(ValueLayout.JAVA_BYTE, wOff + base + p)) * s;
            }
        }
    }
}
