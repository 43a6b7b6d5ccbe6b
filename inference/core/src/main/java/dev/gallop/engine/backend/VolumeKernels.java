package dev.gallop.engine.backend;

/// Operations on batch-1 video volumes [C, T, H, W] (channel-major, W fastest) for the VAEs and the DiT's latent
/// packing. F32 unless stated. Part of [Kernels]; storage and rounding as in [TransformerKernels].
public interface VolumeKernels {

    /// out[Cout, T', H', W'] = conv3d(x[Cin, T, H, W], weight[Cout, Cin, kt, kh, kw]) + bias[Cout], padded as `pad`
    /// says (time: replicated edge frames or zeros; space: zeros; spatial stride). Each output sums its taps in the
    /// order (ci, dt, dy, dx) in f32 with fused multiply-adds (taps on zero time padding skipped), then adds the bias.
    /// weight F32 or BF16, bias F32.
    void conv3d(Tensor out, Tensor x, Tensor weight, Tensor bias, ConvPadding pad);

    /// Affine-free RMS norm over channels: out = x · 1/√(mean_c x² + eps) at every position (t, y, x); the squares
    /// summed over c in order with fused multiply-adds. out may be x.
    void channelRmsNorm(Tensor out, Tensor x, float eps);

    /// Wan's RMS_norm over channels: out = x / max(‖x‖₂ over c, 1e-12) · √C · gamma[c], the squares summed as in
    /// [#channelRmsNorm]. gamma F32 [C]. out may be x.
    void channelL2Norm(Tensor out, Tensor x, Tensor gamma);

    /// out[c, ...] = x[c, ...]·scale[c] + shift[c] (the product rounded before the sum). scale, shift F32 [C]. out may
    /// be x.
    void channelAffine(Tensor out, Tensor x, Tensor scale, Tensor shift);

    /// out[c, ...] = x[c, ...] ÷ divisor[c] + shift[c] (the quotient rounded before the sum): un-normalising by a
    /// rounded reciprocal, as Turbo-VAED divides by 1/std (docs/models/vaes.md#latent-statistics). divisor, shift F32
    /// [C]. out may be x.
    void channelDivideAdd(Tensor out, Tensor x, Tensor divisor, Tensor shift);

    /// Nearest ×2 in H and W: [C, T, H, W] → [C, T, 2H, 2W], out(y, x) = in(⌊y/2⌋, ⌊x/2⌋).
    void upsampleNearest2x(Tensor out, Tensor x);

    /// Trilinear resize with align_corners = True: [C, T, H, W] → [C, T2, H2, W2]. Per axis of sizes n → m the
    /// source coordinate is o·s with s = f32((n − 1)/(m − 1)) (0 when m = 1), i0 = ⌊src⌋, i1 = min(i0 + 1, n − 1),
    /// λ = src − i0; W is interpolated first, then H, then T, each as v0·(1 − λ) + v1·λ in f32 (products rounded).
    void upsampleTrilinear(Tensor out, Tensor x);

    /// Pixel-shuffle 2×2: [4C, T, H, W] → [C, T, 2H, 2W]; input channel c·4 + j·2 + i holds pixel (2h + i, 2w + j)
    /// of colour c (the column sub-index j is the more significant).
    void pixelShuffle2x2(Tensor out, Tensor x);

    /// The inverse of [#pixelShuffle2x2]: [C, T, 2H, 2W] → [4C, T, H, W].
    void pixelUnshuffle2x2(Tensor out, Tensor x);

    /// Time upsampling by channel halves: [2C, T, H, W] → [C, 2T − d, H, W] with d = 1 if `dropFirst`; channels
    /// [0, C) become frames 2t and channels [C, 2C) frames 2t + 1, then frame 0 is dropped when asked.
    void framesFromChannels(Tensor out, Tensor x, boolean dropFirst);

    /// Wan's AvgDown3D shortcut: zero frames in front to a multiple of ft, each (ft, fs, fs) cell regrouped into
    /// C·ft·fs² channels (channel c·ft·fs² + (dt·fs + dy)·fs + dx), consecutive groups of C·ft·fs²/Cout channels
    /// averaged: [C, T, H, W] → [Cout, ⌈T/ft⌉, H/fs, W/fs].
    void avgDown(Tensor out, Tensor x, int ft, int fs);

    /// Copies frames [srcFrame, srcFrame + frames) of every channel of src[C, Ts, H, W] into frames [dstFrame, ...)
    /// of dst[C, Td, H, W] (same C, H, W): window cuts, edge padding and image conditioning of latent frame 0.
    void copyFrames(Tensor dst, int dstFrame, Tensor src, int srcFrame, int frames);

    /// The DiT's input packing: latent [C, T, H, W] (H, W even) → tokens [T·H/2·W/2, 4C] in raster order over
    /// (t, h', w'), features channel-major: index c·4 + ph·2 + pw.
    void patchify(Tensor tokens, Tensor latent);

    /// The DiT's output unpacking: tokens [T·H/2·W/2, 4C] with features in (ph, pw, c) order, index
    /// (ph·2 + pw)·C + c → latent [C, T, H, W].
    void unpatchify(Tensor latent, Tensor tokens);

    /// RGB in [−1, 1] → bytes: out[T, H, W, 3] (U8) = ⌊clamp(x·0.5 + 0.5, 0, 1)·255⌋ of rgb[3, T, H, W], in f32.
    void rgbToBytes(Tensor out, Tensor rgb);

    /// The demo video decoder's output stage (docs/models/demo.md): K pixel frames per latent frame, composited from
    /// alpha logits alpha[K, T, H, W] and foreground / background colour logits fg, bg [3K, T, H/r, W/r] (channel
    /// k·3 + c, nearest ×r in space). Pixel (y, x, c) of frame K·t + k − (K − 1) (frames before 0 are dropped) is
    /// σ(a)·σ(f) + (1 − σ(a))·σ(b) in f32, each product rounded before the sum, σ evaluated as in
    /// [ElementwiseKernels#silu]. out[K(T − 1) + 1, H, W, 3]: F32, or U8 holding round(v·255) (halves up) clamped to
    /// [0, 255].
    void alphaComposite(Tensor out, Tensor alpha, Tensor fg, Tensor bg);
}
