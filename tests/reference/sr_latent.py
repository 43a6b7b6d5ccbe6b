"""The super-resolution hand-over (spec §3.4 and §12): the zero-terminal-SNR DDPM table, the trilinear
(align_corners = True) upsample in float64, and the re-noise and audio mix, whose definition is float32
arithmetic (each product rounded to float32, then the sum)."""
import numpy as np

NOISE_VALUE = 220
AUDIO_NOISE_SCALE = 0.7


def sqrt_alpha_bar(start=0.00085, end=0.012, steps=1000):
    """√ᾱ of the sqrt-linear β schedule, rescaled so the last entry is 0 and the first unchanged (float64)."""
    b = np.linspace(np.sqrt(start), np.sqrt(end), steps) ** 2
    a = np.sqrt(np.cumprod(1.0 - b))
    return (a - a[-1]) * (a[0] / (a[0] - a[-1]))


def _axis(n, m):
    src = np.arange(m) * ((n - 1) / (m - 1) if m > 1 else 0.0)
    i0 = np.minimum(np.floor(src).astype(int), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    lam = src - i0
    return i0, i1, lam


def trilinear(x, size):
    """x [C, T, H, W] → [C, T2, H2, W2] with align_corners = True: source coordinate o·(n − 1)/(m − 1) per axis."""
    for axis, m in zip((1, 2, 3), size):
        i0, i1, lam = _axis(x.shape[axis], m)
        shape = [1, 1, 1, 1]
        shape[axis] = m
        lam = lam.reshape(shape)
        x = np.take(x, i0, axis=axis) * (1.0 - lam) + np.take(x, i1, axis=axis) * lam
    return x


def renoise(up, noise, signal, noise_scale):
    """up·s + ε·n in float32 (two rounded products, one rounded sum)."""
    f = np.float32
    return (up.astype(f) * f(signal)).astype(f) + (noise.astype(f) * f(noise_scale)).astype(f)


def audio_mix(latent, noise, scale=AUDIO_NOISE_SCALE):
    """ε·0.7 + z·(1 − 0.7) in float32; the weights are float32(0.7) and float32(1 − 0.7 in float64)."""
    f = np.float32
    return (noise.astype(f) * f(scale)).astype(f) + (latent.astype(f) * f(1.0 - scale)).astype(f)
