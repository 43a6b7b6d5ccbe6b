"""Wan2.2 VAE encoder, single-image path, in float64, written from the model spec (§5.1 and §12)."""
import numpy as np

from turbo_vaed import LATENT_MEAN, LATENT_STD, conv3d, silu


def unshuffle(img):
    """[C, T, 2H, 2W] → [4C, T, H, W]: channel c·4 + j·2 + i holds pixel (2h + i, 2w + j) of colour c."""
    c, t, h2, w2 = img.shape
    x = img.reshape(c, t, h2 // 2, 2, w2 // 2, 2)          # (c, t, h, i, w, j)
    return x.transpose(0, 5, 3, 1, 2, 4).reshape(4 * c, t, h2 // 2, w2 // 2)


def l2norm(x, gamma):
    """RMS_norm: x / max(‖x‖₂ over channels, 1e-12) · √C · γ."""
    n = np.sqrt(np.sum(x * x, axis=0, keepdims=True))
    return x / np.maximum(n, 1e-12) * np.sqrt(x.shape[0]) * gamma.reshape((-1,) + (1,) * (x.ndim - 1))


def causal(x, w, b):
    """CausalConv3d on a first chunk: k−1 zero frames in front, none behind, space zero-padded symmetrically."""
    return conv3d(x, w, b, time_pad="causal")


def resblock(w, p, x):
    h = silu(l2norm(x, w[p + "residual.0.gamma"]))
    h = causal(h, w[p + "residual.2.weight"], w[p + "residual.2.bias"])
    h = silu(l2norm(h, w[p + "residual.3.gamma"]))
    h = causal(h, w[p + "residual.6.weight"], w[p + "residual.6.bias"])
    if p + "shortcut.weight" in w:
        x = causal(x, w[p + "shortcut.weight"], w[p + "shortcut.bias"])
    return h + x


def avg_down(x, c_out, ft, fs):
    """The level shortcut: zero-pad time in front to a multiple of ft, regroup (channel, time, row, col) and average
    consecutive groups of C·ft·fs²/C_out channels."""
    c, t, h, ww = x.shape
    pad = (ft - t % ft) % ft
    if pad:
        x = np.concatenate([np.zeros((c, pad, h, ww)), x], axis=1)
        t += pad
    y = x.reshape(c, t // ft, ft, h // fs, fs, ww // fs, fs).transpose(0, 2, 4, 6, 1, 3, 5)
    y = y.reshape(c * ft * fs * fs, t // ft, h // fs, ww // fs)
    return y.reshape(c_out, -1, t // ft, h // fs, ww // fs).mean(axis=1)


def spatial_down(w, p, x):
    """Zero-pad one column right and one row below, then a 3×3 conv with stride 2, per frame."""
    xp = np.pad(x, ((0, 0), (0, 0), (0, 1), (0, 1)))
    k = w[p + "weight"]
    c_out = k.shape[0]
    h, ww = (xp.shape[2] - 3) // 2 + 1, (xp.shape[3] - 3) // 2 + 1
    out = np.zeros((c_out, x.shape[1], h, ww))
    for dh in range(3):
        for dw in range(3):
            out += np.tensordot(k[:, :, dh, dw], xp[:, :, dh:dh + 2 * h:2, dw:dw + 2 * ww:2], axes=(1, 0))
    return out + w[p + "bias"][:, None, None, None]


def attention(w, p, x):
    """Single-head spatial self-attention per frame; q, k, v are the channel thirds of `to_qkv`."""
    c, t, h, ww = x.shape
    y = l2norm(x, w[p + "norm.gamma"])
    out = np.empty_like(x)
    for f in range(t):
        tok = y[:, f].reshape(c, h * ww)                                   # [C, N]
        qkv = np.tensordot(w[p + "to_qkv.weight"][:, :, 0, 0], tok, axes=(1, 0)) + w[p + "to_qkv.bias"][:, None]
        q, k, v = qkv[:c].T, qkv[c:2 * c].T, qkv[2 * c:].T                # [N, C]
        s = q @ k.T / np.sqrt(c)
        s = np.exp(s - s.max(axis=1, keepdims=True))
        a = (s / s.sum(axis=1, keepdims=True)) @ v                         # [N, C]
        o = np.tensordot(w[p + "proj.weight"][:, :, 0, 0], a.T, axes=(1, 0)) + w[p + "proj.bias"][:, None]
        out[:, f] = o.reshape(c, h, ww)
    return out + x


def encode(cfg, w, image, stats=(LATENT_MEAN, LATENT_STD), taps=None):
    """Image [3, 1, H, W] in [−1, 1] → normalised latent [z, 1, H/16, W/16]; `cfg` is the golden config dict."""
    def tap(name, v):
        if taps is not None:
            taps[name] = v
    dim, mult, nres = cfg["c_dim"], cfg["dim_mult"], cfg["num_res_blocks"]
    tdown = cfg["temperal_downsample"]
    dims = [dim * m for m in [1] + list(mult)]
    x = unshuffle(image)
    tap("patchified_input", x)
    x = causal(x, w["encoder.conv1.weight"], w["encoder.conv1.bias"])
    tap("encoder.conv1", x)
    for i in range(len(mult)):
        p = "encoder.downsamples.%d." % i
        inp = x
        for r in range(nres):
            x = resblock(w, p + "downsamples.%d." % r, x)
        last = i == len(mult) - 1
        if not last:
            # first chunk: the time-downsampling conv is skipped; only the spatial stride-2 conv runs
            x = spatial_down(w, p + "downsamples.%d.resample.1." % nres, x)
        ft = 2 if (not last and tdown[i]) else 1
        fs = 1 if last else 2
        x = x + avg_down(inp, dims[i + 1], ft, fs)
        tap("encoder.downsamples.%d" % i, x)
    for j, kind in enumerate(["res", "attn", "res"]):
        p = "encoder.middle.%d." % j
        x = resblock(w, p, x) if kind == "res" else attention(w, p, x)
        tap("encoder.middle.%d" % j, x)
    x = causal(silu(l2norm(x, w["encoder.head.0.gamma"])), w["encoder.head.2.weight"], w["encoder.head.2.bias"])
    tap("encoder.head", x)
    x = conv3d(x, w["conv1.weight"], w["conv1.bias"])
    tap("conv1", x)
    z = cfg["z_dim"]
    mu = x[:z]
    tap("mu_raw", mu)
    out = (mu - np.asarray(stats[0])[:z, None, None, None]) / np.asarray(stats[1])[:z, None, None, None]
    tap("latent_mu_normalised", out)
    return out
