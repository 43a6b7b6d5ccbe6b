"""Stable-Audio-Open "Oobleck" autoencoder and MagiHuman's 51.2 → 44.1 kHz resample, in float64, written from the
model spec (§5.3 and §12). Activations are [C, L]; weights use the names under `pretransform.model.`."""
import numpy as np


def weight_norm(w, p):
    """W = g · v / ‖v‖₂, the norm over every dim but dim 0 (for a transposed conv dim 0 is the input channel)."""
    v, g = w[p + "weight_v"], w[p + "weight_g"]
    n = np.sqrt(np.sum(v * v, axis=tuple(range(1, v.ndim)), keepdims=True))
    return g * v / n


def snake(w, p, x):
    """SnakeBeta with log-scale α, β: x + 1/(e^β + 1e-9) · sin²(x · e^α)."""
    a = np.exp(w[p + "alpha"])[:, None]
    b = np.exp(w[p + "beta"])[:, None]
    return x + 1.0 / (b + 1e-9) * np.sin(x * a) ** 2


def conv1d(x, k, b, stride=1, pad=0, dil=1):
    """x [Cin, L], k [Cout, Cin, K]."""
    c_out, c_in, kk = k.shape
    xp = np.pad(x, ((0, 0), (pad, pad)))
    l_out = (xp.shape[1] - dil * (kk - 1) - 1) // stride + 1
    out = np.zeros((c_out, l_out))
    for i in range(kk):
        s = i * dil
        out += k[:, :, i] @ xp[:, s:s + stride * (l_out - 1) + 1:stride]
    return out + b[:, None] if b is not None else out


def conv_transpose1d(x, k, b, stride, pad):
    """x [Cin, L], k [Cin, Cout, K]; output length (L − 1)·s − 2·pad + K."""
    c_in, c_out, kk = k.shape
    length = x.shape[1]
    full = np.zeros((c_out, (length - 1) * stride + kk))
    for i in range(kk):
        full[:, i:i + stride * (length - 1) + 1:stride] += k[:, :, i].T @ x
    out = full[:, pad:full.shape[1] - pad]
    return out + b[:, None]


def residual_unit(w, p, x, dil):
    h = snake(w, p + "layers.0.", x)
    h = conv1d(h, weight_norm(w, p + "layers.1."), w[p + "layers.1.bias"], pad=3 * dil, dil=dil)
    h = snake(w, p + "layers.2.", h)
    h = conv1d(h, weight_norm(w, p + "layers.3."), w[p + "layers.3.bias"])
    return x + h


def decode(cfg, w, latent, taps=None):
    """latent [64, L] → wave [2, 2048·L] at the 51 200 Hz convention; `cfg` is the decoder config block."""
    mults = [1] + list(cfg["c_mults"])
    ch, strides = cfg["channels"], cfg["strides"]
    depth = len(strides)
    p = "decoder.layers."
    x = conv1d(latent, weight_norm(w, p + "0."), w[p + "0.bias"], pad=3)
    if taps is not None:
        taps["layers.0"] = x
    for b in range(depth):
        q = p + "%d.layers." % (b + 1)
        s = strides[depth - 1 - b]
        x = snake(w, q + "0.", x)
        x = conv_transpose1d(x, weight_norm(w, q + "1."), w[q + "1.bias"], s, -(-s // 2))
        for u, d in enumerate([1, 3, 9]):
            x = residual_unit(w, q + "%d." % (u + 2), x, d)
        if taps is not None:
            taps["layers.%d" % (b + 1)] = x
    x = snake(w, p + "%d." % (depth + 1), x)
    x = conv1d(x, weight_norm(w, p + "%d." % (depth + 2)), None, pad=3)
    if cfg.get("final_tanh", False):
        x = np.tanh(x)
    return x


def encode_moments(cfg, w, wave, taps=None):
    """wave [2, N] → (mean, scale), each [64, N/2048]; `cfg` is the encoder config block."""
    mults = [1] + list(cfg["c_mults"])
    strides = cfg["strides"]
    p = "encoder.layers."
    x = conv1d(wave, weight_norm(w, p + "0."), w[p + "0.bias"], pad=3)
    if taps is not None:
        taps["layers.0"] = x
    for b, s in enumerate(strides):
        q = p + "%d.layers." % (b + 1)
        for u, d in enumerate([1, 3, 9]):
            x = residual_unit(w, q + "%d." % u, x, d)
        x = snake(w, q + "3.", x)
        x = conv1d(x, weight_norm(w, q + "4."), w[q + "4.bias"], stride=s, pad=-(-s // 2))
        if taps is not None:
            taps["layers.%d" % (b + 1)] = x
    depth = len(strides)
    x = snake(w, p + "%d." % (depth + 1), x)
    x = conv1d(x, weight_norm(w, p + "%d." % (depth + 2)), w[p + "%d.bias" % (depth + 2)], pad=1)
    half = x.shape[0] // 2
    return x[:half], x[half:]


def softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def sample(mean, scale, eps):
    stdev = softplus(scale) + 1e-4
    return mean + stdev * eps, stdev


def resample_441(x):
    """[N, C] at 51 200 Hz → [M, C] at 44 100 Hz, M = N·441/512: real FFT, keep bins 0…M/2 with bin M/2 doubled,
    inverse real FFT of length M, scale M/N (the FFT method along the time axis)."""
    n = x.shape[0]
    m = n * 441 // 512
    spec = np.fft.rfft(x, axis=0)
    keep = spec[:m // 2 + 1].copy()
    keep[m // 2] *= 2.0
    return np.fft.irfft(keep, n=m, axis=0) * (m / n)
