// Volume operations of the VAEs and of the DiT's latent packing, on batch-1 f32 volumes [C, T, H, W] (W fastest):
// channel norms and the per-channel affine map, nearest and trilinear upsampling, pixel (un)shuffle, time upsampling by
// channel halves, Wan's average-pool shortcut, frame copies, patch packing, and the decoders' frame outputs.
// Arithmetic follows the CPU kernels (CpuVolumeKernels) operation for operation: sums of squares with fused
// multiply-adds in channel order, every other product and sum rounded on its own (__fmul_rn / __fadd_rn, which nvcc
// never contracts), IEEE division and square root. So each kernel gives the CPU's bits.
#include "common.cuh"
using namespace gallop;

// ---------------------------------------------------------------------------------------------- channel norms

// out = x / sqrt(sum_c x^2 / C + eps), one thread per position p of [C, n].
extern "C" __global__ void channel_rms_norm_f32(const float* x, float* out, int c, int64_t n, float eps) {
    float fc = (float) c;
    for (int64_t p = global_index(); p < n; p += global_stride()) {
        float ss = 0.0f;
        for (int ci = 0; ci < c; ci++) {
            float v = x[ci * n + p];
            ss = fmaf(v, v, ss);
        }
        float r = __fdiv_rn(1.0f, __fsqrt_rn(__fadd_rn(__fdiv_rn(ss, fc), eps)));
        for (int ci = 0; ci < c; ci++) out[ci * n + p] = __fmul_rn(x[ci * n + p], r);
    }
}

// Wan's RMS_norm: out = x / max(||x||_2, 1e-12) * sqrt(C) * gamma[c]; `scale` is f32(sqrt(C)) from the host.
extern "C" __global__ void channel_l2_norm_f32(const float* x, float* out, const float* gamma, int c, int64_t n, float scale) {
    for (int64_t p = global_index(); p < n; p += global_stride()) {
        float ss = 0.0f;
        for (int ci = 0; ci < c; ci++) {
            float v = x[ci * n + p];
            ss = fmaf(v, v, ss);
        }
        float den = fmaxf(__fsqrt_rn(ss), 1e-12f);
        for (int ci = 0; ci < c; ci++) {
            out[ci * n + p] = __fmul_rn(__fmul_rn(__fdiv_rn(x[ci * n + p], den), scale), gamma[ci]);
        }
    }
}

// out[c, p] = x[c, p] * scale[c] + shift[c], the product rounded first.
extern "C" __global__ void channel_affine_f32(const float* x, float* out, const float* scale, const float* shift, int c, int64_t n) {
    int64_t total = c * n;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int ci = (int) (i / n);
        out[i] = __fadd_rn(__fmul_rn(x[i], scale[ci]), shift[ci]);
    }
}

// out[c, p] = x[c, p] / divisor[c] + shift[c], the quotient rounded first (un-normalising by a rounded reciprocal).
extern "C" __global__ void channel_divide_add_f32(const float* x, float* out, const float* divisor, const float* shift, int c, int64_t n) {
    int64_t total = c * n;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int ci = (int) (i / n);
        out[i] = __fadd_rn(__fdiv_rn(x[i], divisor[ci]), shift[ci]);
    }
}

// ---------------------------------------------------------------------------------------------- resampling

// Nearest x2 in H and W over `planes` frames of [h, w]: out(y, x) = in(y / 2, x / 2).
extern "C" __global__ void upsample_nearest2x_f32(const float* x, float* out, int64_t planes, int h, int w) {
    int64_t total = planes * 4 * h * w;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int xx = (int) (i % (2 * w));
        int64_t r = i / (2 * w);
        int y = (int) (r % (2 * h));
        int64_t p = r / (2 * h);
        out[i] = x[(p * h + y / 2) * w + xx / 2];
    }
}

// One axis of an align_corners resize: source indices and the weight of the upper one.
__device__ __forceinline__ void axis(int o, int in, float scale, int& i0, int& i1, float& l0, float& l1) {
    float src = __fmul_rn(scale, (float) o);
    int lo = min((int) src, in - 1);
    i0 = lo;
    i1 = lo < in - 1 ? lo + 1 : lo;
    float lam = fminf(fmaxf(__fsub_rn(src, (float) lo), 0.0f), 1.0f);
    l1 = lam;
    l0 = __fsub_rn(1.0f, lam);
}

// Trilinear resize with align_corners: [c, t, h, w] -> [c, t2, h2, w2]; W first, then H, then T, as the CPU does.
extern "C" __global__ void upsample_trilinear_f32(const float* x, float* out, int c, int t, int h, int w, int t2, int h2, int w2,
                                                   float st, float sh, float sw) {
    int64_t total = (int64_t) c * t2 * h2 * w2;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int ow = (int) (i % w2);
        int oh = (int) (i / w2 % h2);
        int ot = (int) (i / ((int64_t) w2 * h2) % t2);
        int ch = (int) (i / ((int64_t) w2 * h2 * t2));
        int t0, t1, h0, h1, w0, w1;
        float lt0, lt1, lh0, lh1, lw0, lw1;
        axis(ot, t, st, t0, t1, lt0, lt1);
        axis(oh, h, sh, h0, h1, lh0, lh1);
        axis(ow, w, sw, w0, w1, lw0, lw1);
        const float* base = x + (int64_t) ch * t * h * w;
        float acc = 0.0f;
        for (int jt = 0; jt < 2; jt++) {
            int it = jt == 0 ? t0 : t1;
            float ht = 0.0f;
            for (int jh = 0; jh < 2; jh++) {
                int ih = jh == 0 ? h0 : h1;
                const float* row = base + ((int64_t) it * h + ih) * w;
                float hw = __fadd_rn(__fmul_rn(row[w0], lw0), __fmul_rn(row[w1], lw1));
                float wh = jh == 0 ? lh0 : lh1;
                ht = jh == 0 ? __fmul_rn(hw, wh) : __fadd_rn(ht, __fmul_rn(hw, wh));
            }
            float wt = jt == 0 ? lt0 : lt1;
            acc = jt == 0 ? __fmul_rn(ht, wt) : __fadd_rn(acc, __fmul_rn(ht, wt));
        }
        out[i] = acc;
    }
}

// ---------------------------------------------------------------------------------------------- layouts

// Pixel shuffle 2x2: [4c, t, h, w] -> [c, t, 2h, 2w]; input channel c*4 + j*2 + i holds pixel (2y + i, 2x + j).
extern "C" __global__ void pixel_shuffle2x2_f32(const float* x, float* out, int c, int t, int h, int w) {
    int64_t total = (int64_t) c * t * 4 * h * w;
    for (int64_t o = global_index(); o < total; o += global_stride()) {
        int X = (int) (o % (2 * w));
        int Y = (int) (o / (2 * w) % (2 * h));
        int64_t ct = o / ((int64_t) 4 * h * w);
        int f = (int) (ct % t), ci = (int) (ct / t);
        int i = Y % 2, j = X % 2;
        out[o] = x[((((int64_t) ci * 4 + j * 2 + i) * t + f) * h + Y / 2) * w + X / 2];
    }
}

// The inverse: [c, t, 2h, 2w] -> [4c, t, h, w] (h, w are the output's).
extern "C" __global__ void pixel_unshuffle2x2_f32(const float* x, float* out, int c, int t, int h, int w) {
    int64_t total = (int64_t) 4 * c * t * h * w;
    for (int64_t o = global_index(); o < total; o += global_stride()) {
        int xx = (int) (o % w);
        int y = (int) (o / w % h);
        int f = (int) (o / ((int64_t) w * h) % t);
        int oc = (int) (o / ((int64_t) w * h * t));
        int ci = oc / 4, j = oc % 4 / 2, i = oc % 2;
        out[o] = x[(((int64_t) ci * t + f) * 2 * h + 2 * y + i) * 2 * w + 2 * xx + j];
    }
}

// Time upsampling by channel halves: [2c, t, frame] -> [c, 2t - d, frame]; channels [0, c) are frames 2t,
// channels [c, 2c) frames 2t + 1, and d = dropFirst drops frame 0.
extern "C" __global__ void frames_from_channels_f32(const float* x, float* out, int c, int t, int64_t frame, int dropFirst) {
    int tOut = 2 * t - dropFirst;
    int64_t total = (int64_t) c * tOut * frame;
    for (int64_t o = global_index(); o < total; o += global_stride()) {
        int64_t p = o % frame;
        int to = (int) (o / frame % tOut), ci = (int) (o / frame / tOut);
        int f = to + dropFirst, half = f % 2, ti = f / 2;
        out[o] = x[(((int64_t) half * c + ci) * t + ti) * frame + p];
    }
}

// Wan's AvgDown3D: [c, t, h, w] -> [cout, ceil(t / ft), h / fs, w / fs]; zero frames in front to a multiple of ft,
// group members summed in channel order (a pad frame adds 0), then divided by the group size.
extern "C" __global__ void avg_down_f32(const float* x, float* out, int c, int t, int h, int w, int cout, int ft, int fs) {
    int factor = ft * fs * fs, group = c * factor / cout, padT = (ft - t % ft) % ft, to = (t + padT) / ft;
    int ho = h / fs, wo = w / fs;
    int64_t total = (int64_t) cout * to * ho * wo;
    for (int64_t o = global_index(); o < total; o += global_stride()) {
        int xx = (int) (o % wo);
        int y = (int) (o / wo % ho);
        int f = (int) (o / ((int64_t) wo * ho) % to);
        int oc = (int) (o / ((int64_t) wo * ho * to));
        float sum = 0.0f;
        for (int g = 0; g < group; g++) {
            int rc = oc * group + g, ci = rc / factor, sub = rc % factor;
            int dt = sub / (fs * fs), dy = sub / fs % fs, dx = sub % fs;
            int ti = f * ft + dt - padT;
            sum = __fadd_rn(sum, ti >= 0 ? x[(((int64_t) ci * t + ti) * h + y * fs + dy) * w + xx * fs + dx] : 0.0f);
        }
        out[o] = __fdiv_rn(sum, (float) group);
    }
}

// Frames [srcFrame, srcFrame + frames) of src [c, ts, plane] into frames [dstFrame, ...) of dst [c, td, plane].
extern "C" __global__ void copy_frames_f32(const float* src, int ts, int srcFrame, float* dst, int td, int dstFrame, int c, int frames,
                                           int64_t plane) {
    int64_t per = (int64_t) frames * plane, total = c * per;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int ci = (int) (i / per);
        int64_t k = i % per;
        dst[((int64_t) ci * td + dstFrame) * plane + k] = src[((int64_t) ci * ts + srcFrame) * plane + k];
    }
}

// The DiT's input packing: latent [c, t, h, w] -> tokens [t * h/2 * w/2, 4c], feature c*4 + ph*2 + pw.
extern "C" __global__ void patchify_f32(const float* latent, float* tokens, int c, int t, int h, int w) {
    int gh = h / 2, gw = w / 2, f = 4 * c;
    int64_t total = (int64_t) t * gh * gw * f;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int feat = (int) (i % f);
        int64_t n = i / f;
        int x = (int) (n % gw), y = (int) (n / gw % gh), ti = (int) (n / gw / gh);
        int ch = feat / 4, ph = feat % 4 / 2, pw = feat % 2;
        tokens[i] = latent[(((int64_t) ch * t + ti) * h + 2 * y + ph) * w + 2 * x + pw];
    }
}

// The DiT's output unpacking: tokens [t * h/2 * w/2, 4c] with feature (ph*2 + pw)*c + ch -> latent [c, t, h, w].
extern "C" __global__ void unpatchify_f32(const float* tokens, float* latent, int c, int t, int h, int w) {
    int gw = w / 2, f = 4 * c;
    int64_t total = (int64_t) c * t * h * w;
    for (int64_t i = global_index(); i < total; i += global_stride()) {
        int xx = (int) (i % w), yy = (int) (i / w % h), ti = (int) (i / ((int64_t) w * h) % t), ch = (int) (i / ((int64_t) w * h * t));
        int64_t n = ((int64_t) ti * (h / 2) + yy / 2) * gw + xx / 2;
        latent[i] = tokens[n * f + ((yy % 2) * 2 + xx % 2) * c + ch];
    }
}

// ---------------------------------------------------------------------------------------------- frame outputs

// rgb [3, n] in [-1, 1] -> bytes [n, 3]: floor(clamp(x * 0.5 + 0.5, 0, 1) * 255); NaN gives 0.
extern "C" __global__ void rgb_to_bytes_f32(const float* rgb, uint8_t* out, int64_t n) {
    for (int64_t i = global_index(); i < 3 * n; i += global_stride()) {
        int64_t p = i / 3;
        int c = (int) (i % 3);
        float v = __fadd_rn(__fmul_rn(rgb[c * n + p], 0.5f), 0.5f);
        v = fminf(fmaxf(v, 0.0f), 1.0f);   // fmaxf(NaN, 0) = 0
        out[i] = (uint8_t) (int) __fmul_rn(v, 255.0f);
    }
}

// sigma(x) = 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0 (the CPU's SiLU sigmoid).
__device__ __forceinline__ float sigmoid_exact(float x) {
    float e = exp_non_positive(-fabsf(x));
    float onePlus = __fadd_rn(e, 1.0f);
    return x < 0.0f ? __fdiv_rn(e, onePlus) : __fdiv_rn(1.0f, onePlus);
}

// Java's Math.round(float) (floor(v + 1/2), exact) clamped to a byte; NaN gives 0.
__device__ __forceinline__ uint8_t round_byte(float v) {
    if (v != v) return 0;
    float fl = floorf(v);
    int r = (int) fl + (__fsub_rn(v, fl) >= 0.5f ? 1 : 0);
    return (uint8_t) min(max(r, 0), 255);
}

// The demo decoder's compositing: alpha [k, t, h, w] and colours fg, bg [3k, t, h/r, w/r] -> frame k*t + sub - (k - 1)
// of out [k(t - 1) + 1, h, w, 3] = sigma(a) * sigma(f) + (1 - sigma(a)) * sigma(b).
__device__ __forceinline__ float composite(const float* alpha, const float* fg, const float* bg, int64_t o, int k, int t, int h, int w,
                                           int r) {
    int ch = (int) (o % 3);
    int64_t px = o / 3;
    int x = (int) (px % w), y = (int) (px / w % h);
    int f = (int) (px / ((int64_t) w * h));
    int sub = (f + k - 1) % k, tl = (f + k - 1) / k, hc = h / r, wc = w / r;
    float sa = sigmoid_exact(alpha[(((int64_t) sub * t + tl) * h + y) * w + x]);
    int64_t cell = (((int64_t) (sub * 3 + ch) * t + tl) * hc + y / r) * wc + x / r;
    float sf = sigmoid_exact(fg[cell]), sb = sigmoid_exact(bg[cell]);
    return __fadd_rn(__fmul_rn(sa, sf), __fmul_rn(__fsub_rn(1.0f, sa), sb));
}

extern "C" __global__ void alpha_composite_f32(const float* alpha, const float* fg, const float* bg, float* out, int k, int t, int h, int w,
                                               int r) {
    int64_t total = ((int64_t) k * (t - 1) + 1) * h * w * 3;
    for (int64_t o = global_index(); o < total; o += global_stride()) out[o] = composite(alpha, fg, bg, o, k, t, h, w, r);
}

extern "C" __global__ void alpha_composite_u8(const float* alpha, const float* fg, const float* bg, uint8_t* out, int k, int t, int h, int w,
                                              int r) {
    int64_t total = ((int64_t) k * (t - 1) + 1) * h * w * 3;
    for (int64_t o = global_index(); o < total; o += global_stride()) {
        out[o] = round_byte(__fmul_rn(composite(alpha, fg, bg, o, k, t, h, w, r), 255.0f));
    }
}
