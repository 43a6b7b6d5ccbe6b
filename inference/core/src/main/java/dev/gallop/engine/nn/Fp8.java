package dev.gallop.engine.nn;

import dev.gallop.engine.tensor.Floats;

/// Fast f32 → fp8 e4m3fn encoding for load-time quantization: the same result as [Floats#floatToE4m3]
/// (round to nearest even, saturate at ±448, NaN → NaN) by binary search instead of a scan of all codes.
final class Fp8 {
    private Fp8() {}

    static final float MAX = 448f;
    private static final int MAX_CODE = 0x7e;
    private static final float[] VALUES = new float[MAX_CODE + 1];

    static {
        for (int c = 0; c <= MAX_CODE; c++) VALUES[c] = Floats.e4m3ToFloat((byte) c);
    }

    static byte encode(float f) {
        if (Float.isNaN(f)) return (byte) 0x7f;
        int sign = (Float.floatToRawIntBits(f) >>> 24) & 0x80;
        float a = Math.min(Math.abs(f), MAX);
        int lo = 0, hi = MAX_CODE;             // largest code whose value is <= a
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (VALUES[mid] <= a) lo = mid;
            else hi = mid - 1;
        }
        int c = lo;
        if (c < MAX_CODE) {
            float below = a - VALUES[c], above = VALUES[c + 1] - a;
            if (above < below || (above == below && ((c + 1) & 1) == 0)) c++;
        }
        return (byte) (sign | c);
    }
}
