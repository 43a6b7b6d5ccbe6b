package dev.gallop.engine.backend.cpu.gemm;

import static dev.gallop.engine.backend.cpu.gemm.Layouts.F32;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.FS;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.I16;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.IS;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.L;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.LE;
import static dev.gallop.engine.backend.cpu.gemm.Layouts.SS;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/// Vectorized widening of stored values to f32 runs: weight rows in any dtype, and x rows (optionally bf16-rounded).
final class Widen {
    private Widen() {}

    /// dst[dstOff, +len) = row j of w[·, k], elements [p0, p0+len), widened to f32 with the fp8 scale applied.
    static void weightRow(MemorySegment w, long wOff, DType wType, float[] wScales, int j, int k, int p0, int len,
                          float[] dst, int dstOff) {
        long first = (long) j * k + p0;
        switch (wType) {
            case F32 -> MemorySegment.copy(w, F32, wOff + 4 * first, dst, dstOff, len);
            case BF16 -> {
                long at = wOff + 2 * first;
                int p = 0;
                for (int up = len - len % L; p < up; p += L) {
                    ShortVector s = ShortVector.fromMemorySegment(SS, w, at + 2L * p, LE);
                    IntVector i = (IntVector) s.convertShape(VectorOperators.S2I, IS, 0);
                    i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + p);
                }
                for (; p < len; p++) dst[dstOff + p] = Floats.bf16ToFloat(w.get(I16, at + 2L * p));
            }
            case F16 -> {
                long at = wOff + 2 * first;
                for (int p = 0; p < len; p++) dst[dstOff + p] = Float.float16ToFloat(w.get(I16, at + 2L * p));
            }
            case F8_E4M3 -> {
                float s = wScales.length == 1 ? wScales[0] : wScales[j];
                long at = wOff + first;
                for (int p = 0; p < len; p++) dst[dstOff + p] = Floats.e4m3ToFloat(w.get(ValueLayout.JAVA_BYTE, at + p)) * s;
            }
        }
    }

    /// dst[dstOff, +len) = x[row, p0 .. p0+len) of an f32 matrix with row length k, rounded to bf16 when `bf16`.
    static void xRow(MemorySegment x, long xOff, int row, int k, int p0, int len, boolean bf16, float[] dst, int dstOff) {
        MemorySegment.copy(x, F32, xOff + 4 * ((long) row * k + p0), dst, dstOff, len);
        if (bf16) roundBf16(dst, dstOff, len);
    }

    /// Rounds a[off, +len) to the nearest bf16 (ties to even), exactly like Floats.roundBf16.
    static void roundBf16(float[] a, int off, int len) {
        int p = 0;
        for (int up = len - len % L; p < up; p += L) {
            roundBf16(FloatVector.fromArray(FS, a, off + p)).intoArray(a, off + p);
        }
        for (; p < len; p++) a[off + p] = Floats.roundBf16(a[off + p]);
    }

    /// Lane-wise Floats.roundBf16: add 0x7fff + lsb then truncate; NaNs are kept quiet instead of rounded.
    static FloatVector roundBf16(FloatVector v) {
        IntVector bits = v.reinterpretAsInts();
        IntVector lsb = bits.lanewise(VectorOperators.LSHR, 16).and(1);
        IntVector rounded = bits.add(lsb).add(0x7fff).and(0xffff0000);
        VectorMask<Float> nan = v.test(VectorOperators.IS_NAN);
        if (nan.anyTrue()) rounded = rounded.blend(bits.or(0x00400000).and(0xffff0000), nan.cast(IS));
        return rounded.reinterpretAsFloats();
    }
}
