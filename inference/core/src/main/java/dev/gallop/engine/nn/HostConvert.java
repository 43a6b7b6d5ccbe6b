package dev.gallop.engine.nn;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/// Row-wise conversions of little-endian host tensor bytes between the storage dtypes. A tensor is viewed as
/// `rows × rowLen`; F8 sources carry one scale, or one per row. Results are new host segments freed by the GC.
final class HostConvert {
    private HostConvert() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PARALLEL_MIN = 1 << 18;

    /// A quantized tensor: F8_E4M3 bytes and one scale per row.
    record Quantized(MemorySegment bytes, float[] scales) {}

    /// Reads row `r` as f32 (widening BF16/F16, dequantizing F8 with its scale).
    static void readRow(DType dt, MemorySegment src, float[] scales, int r, int rowLen, float[] dst) {
        long base = (long) r * rowLen;
        switch (dt) {
            case F32 -> MemorySegment.copy(src, F32, base * 4, dst, 0, rowLen);
            case BF16 -> { for (int i = 0; i < rowLen; i++) dst[i] = Floats.bf16ToFloat(src.getAtIndex(I16, base + i)); }
            case F16 -> { for (int i = 0; i < rowLen; i++) dst[i] = Floats.f16ToFloat(src.getAtIndex(I16, base + i)); }
            case F8_E4M3 -> {
                float s = scales.length == 1 ? scales[0] : scales[r];
                for (int i = 0; i < rowLen; i++) dst[i] = Floats.e4m3ToFloat(src.get(ValueLayout.JAVA_BYTE, base + i)) * s;
            }
        }
    }

    static float[] toFloatArray(DType dt, MemorySegment src, float[] scales, int n) {
        float[] out = new float[n];
        readRow(dt, src, scales, 0, n, out);
        return out;
    }

    /// Converts to F32, BF16 or F16.
    static MemorySegment convert(DType from, MemorySegment src, float[] scales, int rows, int rowLen, DType to) {
        if (to != DType.F32 && to != DType.BF16 && to != DType.F16) throw new IllegalArgumentException("cannot convert to " + to);
        MemorySegment out = Arena.ofAuto().allocate((long) rows * rowLen * to.bytes(), 64);
        forRows(rows, rowLen, r -> {
            float[] row = new float[rowLen];
            readRow(from, src, scales, r, rowLen, row);
            long base = (long) r * rowLen;
            switch (to) {
                case F32 -> MemorySegment.copy(row, 0, out, F32, base * 4, rowLen);
                case BF16 -> { for (int i = 0; i < rowLen; i++) out.setAtIndex(I16, base + i, Floats.floatToBf16(row[i])); }
                default -> { for (int i = 0; i < rowLen; i++) out.setAtIndex(I16, base + i, Floats.floatToF16(row[i])); }
            }
        });
        return out;
    }

    /// Quantizes to F8_E4M3 with scale `absmax(row) / 448` per row (1 for an all-zero row). Returns null when a
    /// value is not finite (the caller reports the key).
    static Quantized quantizePerRow(DType from, MemorySegment src, float[] srcScales, int rows, int rowLen) {
        MemorySegment out = Arena.ofAuto().allocate((long) rows * rowLen, 64);
        float[] scales = new float[rows];
        boolean[] bad = new boolean[1];
        forRows(rows, rowLen, r -> {
            float[] row = new float[rowLen];
            readRow(from, src, srcScales, r, rowLen, row);
            float amax = 0;
            for (float v : row) {
                if (!Float.isFinite(v)) bad[0] = true;
                amax = Math.max(amax, Math.abs(v));
            }
            float s = amax > 0 ? amax / Fp8.MAX : 1f;
            scales[r] = s;
            long base = (long) r * rowLen;
            for (int i = 0; i < rowLen; i++) out.set(ValueLayout.JAVA_BYTE, base + i, Fp8.encode(row[i] / s));
        });
        return bad[0] ? null : new Quantized(out, scales);
    }

    private static void forRows(int rows, int rowLen, java.util.function.IntConsumer body) {
        IntStream s = IntStream.range(0, rows);
        if ((long) rows * rowLen >= PARALLEL_MIN && rows > 1) s = s.parallel();
        s.forEach(body);
    }
}
