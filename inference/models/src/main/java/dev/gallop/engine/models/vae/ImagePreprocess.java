package dev.gallop.engine.models.vae;

/// The reference-image preparation of the TI2V path (ref: daVinci-MagiHuman inference/pipeline/video_process.py):
/// centre-crop to the target aspect, Lanczos resize to the target size, scale to [−1, 1]. Input: packed RGB bytes
/// [h, w, 3]; output: f32 [3, H, W] (channel planes). Host-side input preparation, before the upload.
///
/// Crop: if h/w > H/W the full width is kept and the height becomes ⌊w·H/W⌋, else the full height is kept and the
/// width becomes ⌊h·W/H⌋; the box ((w − w')/2, (h − h')/2, (w + w')/2, (h + h')/2) is rounded half-to-even, as PIL's
/// `crop` does with fractional boxes.
///
/// Resize follows PIL's `Image.resize(..., LANCZOS)` for 8-bit RGB as documented by its behaviour: a separable
/// filter, horizontal pass first, then vertical; Lanczos a = 3 (sinc(x)·sinc(x/3) on [−3, 3)), support widened by the
/// scale when shrinking; source centre (i + ½)·scale; taps from ⌊centre − support + ½⌋ to ⌊centre + support + ½⌋
/// clipped to the image; weights normalised to sum 1, then fixed point with 22 fraction bits (rounded half away from
/// zero); each pass rounds and clamps to 0..255. An axis whose size does not change is not filtered.
/// Differences from PIL that may remain: PIL filters only the rows the vertical pass needs and may use a
/// `reducing_gap` pre-shrink when asked (diffusers does not ask); the result should be bit-identical otherwise, but
/// no PIL output was available to check it against.
///
/// Scale: v = 2·(b/255) − 1 in f32 (diffusers' `pil_to_numpy` then `normalize`). Upstream then casts the image
/// to bf16 for its bf16 encoder; this f32 port keeps f32.
public final class ImagePreprocess {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 3.0;

    private ImagePreprocess() {}

    /// Full preparation: crop, resize to (height, width), scale. Returns [3, height, width].
    public static float[] toModelInput(byte[] rgb, int h, int w, int width, int height) {
        if ((long) h * w * 3 != rgb.length) throw new IllegalArgumentException("image buffer of " + rgb.length + " bytes is not [" + h + ", " + w + ", 3]");
        if (width < 1 || height < 1) throw new IllegalArgumentException("target size " + width + "×" + height);
        int[] box = cropBox(w, h, width, height);
        byte[] cropped = crop(rgb, w, box);
        byte[] resized = resize(cropped, box[2] - box[0], box[3] - box[1], width, height);
        return toSigned(resized, width, height);
    }

    /// The centre-crop box {left, top, right, bottom} of a w×h image for a target of W×H.
    public static int[] cropBox(int w, int h, int tw, int th) {
        int nw, nh;
        if ((double) h / w > (double) th / tw) {
            nw = w;
            nh = (int) ((double) nw * th / tw);
        } else {
            nh = h;
            nw = (int) ((double) nh * tw / th);
        }
        return new int[] {(int) Math.rint((w - nw) / 2.0), (int) Math.rint((h - nh) / 2.0),
                (int) Math.rint((w + nw) / 2.0), (int) Math.rint((h + nh) / 2.0)};
    }

    private static byte[] crop(byte[] rgb, int w, int[] box) {
        int cw = box[2] - box[0], ch = box[3] - box[1];
        byte[] out = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) System.arraycopy(rgb, ((y + box[1]) * w + box[0]) * 3, out, y * cw * 3, cw * 3);
        return out;
    }

    /// PIL-style 8-bit Lanczos resize of packed RGB [h, w, 3] to [th, tw, 3].
    public static byte[] resize(byte[] rgb, int w, int h, int tw, int th) {
        byte[] horiz = w == tw ? rgb : pass(rgb, h, w, tw, true);
        return h == th ? horiz : pass(horiz, h, tw, th, false);
    }

    /// One separable pass: along x (horizontal) or along y, from `in` samples to `out` samples.
    private static byte[] pass(byte[] src, int h, int w, int out, boolean horizontal) {
        int in = horizontal ? w : h;
        Coeffs k = coeffs(in, out);
        int oh = horizontal ? h : out, ow = horizontal ? out : w;
        byte[] dst = new byte[oh * ow * 3];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int o = horizontal ? x : y, first = k.first[o];
                for (int c = 0; c < 3; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.count[o]; i++) {
                        int sx = horizontal ? first + i : x, sy = horizontal ? y : first + i;
                        ss += (src[(sy * w + sx) * 3 + c] & 0xff) * k.weights[o * k.stride + i];
                    }
                    dst[(y * ow + x) * 3 + c] = (byte) Math.clamp(ss >> PRECISION_BITS, 0, 255);
                }
            }
        }
        return dst;
    }

    private record Coeffs(int[] first, int[] count, int[] weights, int stride) {}

    private static Coeffs coeffs(int in, int out) {
        double scale = (double) in / out, filterScale = Math.max(scale, 1.0), support = SUPPORT * filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[out], count = new int[out], weights = new int[out * stride];
        double[] k = new double[stride];
        for (int o = 0; o < out; o++) {
            double center = (o + 0.5) * scale, sum = 0;
            int lo = Math.max((int) (center - support + 0.5), 0), hi = Math.min((int) (center + support + 0.5), in);
            int n = hi - lo;
            for (int i = 0; i < n; i++) {
                k[i] = lanczos((i + lo - center + 0.5) / filterScale);
                sum += k[i];
            }
            for (int i = 0; i < n; i++) {
                double v = sum != 0 ? k[i] / sum : k[i];
                weights[o * stride + i] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            first[o] = lo;
            count[o] = n;
        }
        return new Coeffs(first, count, weights, stride);
    }

    private static double lanczos(double x) {
        return x >= -SUPPORT && x < SUPPORT ? sinc(x) * sinc(x / SUPPORT) : 0.0;
    }

    private static double sinc(double x) {
        if (x == 0.0) return 1.0;
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }

    /// uint8 [h, w, 3] → f32 [3, h, w] with v = 2·(b/255) − 1.
    public static float[] toSigned(byte[] rgb, int w, int h) {
        float[] out = new float[3 * h * w];
        for (int i = 0; i < h * w; i++) {
            for (int c = 0; c < 3; c++) out[c * h * w + i] = 2f * ((rgb[i * 3 + c] & 0xff) / 255f) - 1f;
        }
        return out;
    }
}
