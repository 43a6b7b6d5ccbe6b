package dev.gallop.engine.tensor;

/// Conversions between f32 and the narrow storage formats, bit-exact with PyTorch:
/// bf16 and f16 round to nearest even; fp8 e4m3fn saturates like `torch.float8_e4m3fn` casts of finite values do not
/// (torch produces NaN above 448), so callers scale first; we clamp to ±448 to keep quantization total.
public final class Floats {
    private Floats() {}

    public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    /// Round-to-nearest-even f32 → bf16 bits; NaN stays NaN (quiet).
    public static short floatToBf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7fffffff) > 0x7f800000) return (short) ((x >>> 16) | 0x40);
        int lsb = (x >>> 16) & 1;
        return (short) ((x + 0x7fff + lsb) >>> 16);
    }

    /// f32 rounded to the nearest bf16 value, returned as f32 (what `x.to(bfloat16).float()` gives).
    public static float roundBf16(float f) { return bf16ToFloat(floatToBf16(f)); }

    public static float f16ToFloat(short bits) { return Float.float16ToFloat(bits); }

    public static short floatToF16(float f) { return Float.floatToFloat16(f); }

    private static final float[] E4M3_TABLE = new float[256];

    static {
        for (int b = 0; b < 256; b++) E4M3_TABLE[b] = decodeE4m3(b);
    }

    private static float decodeE4m3(int b) {
        int sign = (b >>> 7) & 1, exp = (b >>> 3) & 0xf, man = b & 7;
        float v;
        if (exp == 0xf && man == 7) v = Float.NaN;
        else if (exp == 0) v = man / 8f * (float) Math.pow(2, -6);
        else v = (1 + man / 8f) * (float) Math.pow(2, exp - 7);
        return sign == 1 ? -v : v;
    }

    public static float e4m3ToFloat(byte b) { return E4M3_TABLE[b & 0xff]; }

    /// f32 → fp8 e4m3fn, round to nearest even, saturating at ±448 (NaN → NaN).
    public static byte floatToE4m3(float f) {
        if (Float.isNaN(f)) return (byte) 0x7f;
        int sign = f < 0 || (f == 0 && 1 / f < 0) ? 0x80 : 0;
        float a = Math.min(Math.abs(f), 448f);
        // Brute force over the 127 non-negative finite codes is exact and fast enough for load-time quantization.
        int best = 0;
        float bestErr = Float.MAX_VALUE;
        for (int c = 0; c < 0x7f; c++) {
            float err = Math.abs(E4M3_TABLE[c] - a);
            if (err < bestErr || (err == bestErr && (c & 1) == 0)) {
                best = c;
                bestErr = err;
            }
        }
        return (byte) (sign | best);
    }
}
