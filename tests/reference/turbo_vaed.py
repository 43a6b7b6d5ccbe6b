"""Turbo-VAED decoder in float64, written from the model spec (§5.2 and §12), including the windowed decode.

Layout: activations are [C, T, H, W]; weights use the decoder's state-dict names without the `decoder.` prefix.
"""
import numpy as np

# The 48-entry latent statistics of the Wan2.2 latent space (spec §5.1; the same tables Turbo-VAED uses).
LATENT_MEAN = [
    -0.2289, -0.0052, -0.1323, -0.2339, -0.2799, 0.0174, 0.1838, 0.1557,
    -0.1382, 0.0542, 0.2813, 0.0891, 0.1570, -0.0098, 0.0375, -0.1825,
    -0.2246, -0.1207, -0.0698, 0.5109, 0.2665, -0.2108, -0.2158, 0.2502,
    -0.2055, -0.0322, 0.1109, 0.1567, -0.0729, 0.0899, -0.2799, -0.1230,
    -0.0313, -0.1649, 0.0117, 0.0723, -0.2839, -0.2083, -0.0520, 0.3748,
    0.0152, 0.1957, 0.1433, -0.2944, 0.3573, -0.0548, -0.1681, -0.0667]
LATENT_STD = [
    0.4765, 1.0364, 0.4514, 1.1677, 0.5313, 0.4990, 0.4818, 0.5013,
    0.8158, 1.0344, 0.5894, 1.0901, 0.6885, 0.6165, 0.8454, 0.4978,
    0.5759, 0.3523, 0.7135, 0.6804, 0.5833, 1.4146, 0.8986, 0.5659,
    0.7069, 0.5338, 0.4889, 0.4917, 0.4069, 0.4999, 0.6866, 0.4093,
    0.5709, 0.6065, 0.6415, 0.4944, 0.5726, 1.2042, 0.5458, 1.6887,
    0.3971, 1.0600, 0.3943, 0.5537, 0.5444, 0.4089, 0.7468, 0.7744]


def conv3d(x, w, b, time_pad="replicate", time_front=None):
    """3-D convolution, stride 1. Space is zero-padded symmetrically; time is padded symmetrically by repeating the
    edge frames (`replicate`), or with `time_front` zero frames in front only (`causal`)."""
    o, c, kt, kh, kw = w.shape
    ph, pw = (kh - 1) // 2, (kw - 1) // 2
    if time_pad == "replicate":
        p = (kt - 1) // 2
        xt = np.concatenate([x[:, :1]] * p + [x] + [x[:, -1:]] * p, axis=1) if p else x
    else:
        front = kt - 1 if time_front is None else time_front
        xt = np.concatenate([np.zeros((c, front) + x.shape[2:], dtype=x.dtype), x], axis=1) if front else x
    xp = np.pad(xt, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    t_out = xp.shape[1] - kt + 1
    h, ww = x.shape[2], x.shape[3]
    out = np.zeros((o, t_out, h, ww), dtype=x.dtype)
    for dt in range(kt):
        for dh in range(kh):
            for dw in range(kw):
                out += np.tensordot(w[:, :, dt, dh, dw], xp[:, dt:dt + t_out, dh:dh + h, dw:dw + ww], axes=(1, 0))
    return out + b[:, None, None, None] if b is not None else out


def conv2d_frames(x, w, b):
    """A 2-D k×k convolution (zero pad (k−1)/2) applied to every frame of [C, T, H, W]."""
    return conv3d(x, w[:, :, None], b)


def rms(x, eps):
    """Affine-free RMS norm over channels: x · (mean_c x² + eps)^−½."""
    return x / np.sqrt(np.mean(x * x, axis=0, keepdims=True) + eps)


def silu(x):
    return x / (1.0 + np.exp(-x))


def relu(x):
    return np.maximum(x, 0.0)


class Config:
    def __init__(self, j):
        self.latent = j.get("latent_channels", 48)
        self.out = j.get("out_channels", 3)
        self.widths = j["decoder_block_out_channels"]
        self.layers = j["decoder_layers_per_block"]
        self.st = j["decoder_spatio_temporal_scaling"]
        self.so = j["decoder_spatio_only"]
        self.first = j["first_chunk_size"]
        self.step = j["step_size"]
        n = len(self.widths)
        # up-block b (deepest first) uses config index n − 1 − b
        self.blocks = []
        for b in range(n):
            i = n - 1 - b
            cout = self.widths[i]
            cin = self.widths[n - 1] if b == 0 else self.widths[i + 1]
            self.blocks.append(dict(cin=cin, cout=cout, up=self.st[i], time=self.st[i] and not self.so[i],
                                    resnets=self.layers[i]))
        self.mid = self.layers[n]
        self.frame_stride = 2 ** sum(1 for bl in self.blocks if bl["time"])
        self.pixel_stride = 2 * 2 ** sum(1 for bl in self.blocks if bl["up"])


def resnet(w, p, x, relu_first):
    h = rms(x, 1e-8)
    h = relu(h) if relu_first else silu(h)
    h = conv3d(h, w[p + "conv1.conv.weight"], w[p + "conv1.conv.bias"])
    h = silu(rms(h, 1e-8))
    h = conv3d(h, w[p + "conv2.conv.weight"], w[p + "conv2.conv.bias"])
    if p + "conv_shortcut.conv.weight" in w:
        x = conv3d(rms(x, 1e-6), w[p + "conv_shortcut.conv.weight"], w[p + "conv_shortcut.conv.bias"])
    return h + x


def upsample(w, p, x, time, first_chunk):
    if time:
        y = conv3d(x, w[p + "time_conv.conv.weight"], w[p + "time_conv.conv.bias"])   # [2C, T, H, W]
        c = x.shape[0]
        frames = np.stack([y[:c], y[c:]], axis=2).reshape(c, 2 * x.shape[1], x.shape[2], x.shape[3])
        x = frames[:, 1:] if first_chunk else frames
    x = x.repeat(2, axis=2).repeat(2, axis=3)                                          # nearest ×2
    return conv2d_frames(x, w[p + "resample.1.weight"], w[p + "resample.1.bias"])


def unpatchify(x):
    """[4C, T, H, W] → [C, T, 2H, 2W]: pixel (c, 2h + i, 2w + j) is channel c·4 + j·2 + i."""
    c4, t, h, ww = x.shape
    c = c4 // 4
    y = x.reshape(c, 2, 2, t, h, ww)                  # (c, j, i, t, h, w)
    return y.transpose(0, 3, 4, 2, 5, 1).reshape(c, t, 2 * h, 2 * ww)


def decode_window(cfg, w, z, first_chunk, taps=None):
    """One decoder call on an un-normalised latent window [48, n, H, W]."""
    def tap(name, v):
        if taps is not None:
            taps[name] = v
    tap("decoder_input", z)
    x = conv3d(z, w["conv_in.conv.weight"], w["conv_in.conv.bias"])
    tap("conv_in", x)
    for j in range(cfg.mid):
        x = resnet(w, "mid_block.resnets.%d." % j, x, False)
    tap("mid_block", x)
    for b, bl in enumerate(cfg.blocks):
        p = "up_blocks.%d." % b
        if bl["cin"] != bl["cout"]:
            x = resnet(w, p + "conv_in.", x, False)
        if bl["up"]:
            x = upsample(w, p + "upsamplers.0.", x, bl["time"], first_chunk)
        for j in range(bl["resnets"]):
            x = resnet(w, p + "resnets.%d." % j, x, bl["up"])
        tap("up_blocks.%d" % b, x)
    x = conv3d(silu(rms(x, 1e-8)), w["conv_out.conv.weight"], w["conv_out.conv.bias"])
    tap("conv_out", x)
    return unpatchify(x)


def window_plan(frames, first, step):
    """The window schedule (spec §5.2): pad by repeating the last latent to first + step·k frames; window 0 decodes
    latents [0, first) as a first chunk, window i ≥ 1 its `step` latents; every window also takes one context latent
    on each side where one exists. Returns (padded length, [(from, to, left, right, first_chunk)])."""
    padded = first if frames <= first else first + -(-(frames - first) // step) * step
    count = 1 + (padded - first) // step
    wins = []
    for i in range(count):
        c0 = 0 if i == 0 else first + (i - 1) * step
        c1 = first if i == 0 else c0 + step
        left = 0 if i == 0 else 1
        right = 0 if i == count - 1 else 1
        wins.append((c0 - left, c1 + right, left, right, i == 0))
    return padded, wins


def decode(cfg, w, latent, stats=(LATENT_MEAN, LATENT_STD), taps=None):
    """Normalised latent [48, T, H, W] → RGB [3, 1 + s(T − 1), 16H, 16W], plus the schedule actually run."""
    mean = np.asarray(stats[0], dtype=latent.dtype)[:, None, None, None]
    std = np.asarray(stats[1], dtype=latent.dtype)[:, None, None, None]
    z = latent * std + mean
    t = z.shape[1]
    padded, wins = window_plan(t, cfg.first, cfg.step)
    zp = np.concatenate([z] + [z[:, -1:]] * (padded - t), axis=1)
    s = cfg.frame_stride
    pieces, calls = [], []
    for i, (a, b, left, right, first_chunk) in enumerate(wins):
        raw = decode_window(cfg, w, zp[:, a:b], first_chunk, taps.setdefault("window%d" % i, {}) if taps is not None else None)
        if taps is not None:
            taps["window%d" % i]["raw_out"] = raw
        calls.append(dict(latent_from=a, latent_frames_in=b - a, is_first_chunk=first_chunk, raw_out_frames=raw.shape[1],
                          kept_from=left * s, kept_to=raw.shape[1] - right * s))
        pieces.append(raw[:, left * s:raw.shape[1] - right * s])
    out = np.concatenate(pieces, axis=1)
    return out[:, :1 + s * (t - 1)], calls


def to_frames(rgb):
    """[3, T, H, W] floats → uint8 [T, H, W, 3]: clamp(x·0.5 + 0.5, 0, 1)·255, truncated (in float32, as upstream)."""
    v = rgb.astype(np.float32) * np.float32(0.5) + np.float32(0.5)
    v = np.clip(v, np.float32(0), np.float32(1)) * np.float32(255)
    return v.astype(np.uint8).transpose(1, 2, 3, 0)
