"""The demo model's own latent spaces: a video autoencoder (4 frames of 64x64 RGB <-> one [C, 4, 4] latent frame) and
an audio autoencoder (one 40 ms frame of 16 kHz sound <-> one A-channel latent frame, decoded to tone controls that the
fixed synthesizer of dev.gallop.engine.demo.ToneSynth plays). Only the decoders ship; the Java decoders
(dev.gallop.engine.models.demo) mirror `VideoDecoder.forward` and `AudioDecoder.forward` layer for layer.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FRAMES_PER_LATENT = 4
HOP = 640
SAMPLE_RATE = 16000


def shuffle2x2(x):
    """[B, 4C, H, W] -> [B, C, 2H, 2W]; out[c, 2y+i, 2x+j] = in[c*4 + j*2 + i, y, x] (the engine's Rearrange.shuffle2x2)."""
    b, c4, h, w = x.shape
    c = c4 // 4
    return x.reshape(b, c, 2, 2, h, w).permute(0, 1, 4, 3, 5, 2).reshape(b, c, 2 * h, 2 * w)


def nearest2x(x):
    return x.repeat_interleave(2, -2).repeat_interleave(2, -1)


class VideoDecoder(nn.Module):
    """latent [B, C, 4, 4] (one latent frame) -> 4 RGB frames [B, 4, 3, 64, 64] in [0, 1].

    conv_in 3x3 C->w0, SiLU; nearest x2, conv1 3x3 w0->w1, SiLU; nearest x2, conv2 3x3 w1->w2, SiLU (16x16);
    head 3x3 w2 -> 64 alpha logits (4 frames x 4x4 sub-pixels, two 2x2 pixel shuffles to 64x64)
                   + 12 foreground and 12 background colour logits (4 frames x RGB, nearest x4 to 64x64).
    frame = sigmoid(alpha) * sigmoid(fg) + (1 - sigmoid(alpha)) * sigmoid(bg).
    """

    def __init__(self, c, widths=(64, 64, 48)):
        super().__init__()
        w0, w1, w2 = widths
        self.conv_in = nn.Conv2d(c, w0, 3, padding=1)
        self.conv1 = nn.Conv2d(w0, w1, 3, padding=1)
        self.conv2 = nn.Conv2d(w1, w2, 3, padding=1)
        self.head = nn.Conv2d(w2, 64 + 24, 3, padding=1)

    def forward(self, z):
        h = F.silu(self.conv_in(z))
        h = F.silu(self.conv1(nearest2x(h)))
        h = F.silu(self.conv2(nearest2x(h)))
        o = self.head(h)                                            # [B, 88, 16, 16]
        b = o.shape[0]
        alpha = torch.sigmoid(shuffle2x2(shuffle2x2(o[:, :64])))    # [B, 4, 64, 64]
        fg = torch.sigmoid(nearest2x(nearest2x(o[:, 64:76]))).reshape(b, 4, 3, 64, 64)
        bg = torch.sigmoid(nearest2x(nearest2x(o[:, 76:88]))).reshape(b, 4, 3, 64, 64)
        a = alpha[:, :, None]
        return a * fg + (1 - a) * bg


class VideoEncoder(nn.Module):
    """4 RGB frames [B, 4, 3, 64, 64] in [0, 1] -> latent [B, C, 4, 4] (training only)."""

    def __init__(self, c):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(12 * 16, 64, 1), nn.SiLU(),
            nn.Conv2d(64, 64, 3, padding=1), nn.SiLU(),
            nn.Conv2d(64, 64, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(64, 64, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(64, c, 1))

    def forward(self, frames):
        b = frames.shape[0]
        return self.net(F.pixel_unshuffle(frames.reshape(b, 12, 64, 64), 4))


def latent_groups(video):
    """uint8 clips [B, F, 64, 64, 3] with F = 1 + 4(T-1) -> float groups [B, T, 4, 3, 64, 64]: group 0 is frame 0
    four times, group t >= 1 is frames 4t-3 .. 4t."""
    v = torch.from_numpy(np.ascontiguousarray(video)).float().div_(255.0).permute(0, 1, 4, 2, 3)   # [B, F, 3, H, W]
    first = v[:, :1].expand(-1, 3, -1, -1, -1)
    v = torch.cat([first, v], 1)                                                                  # [B, 4T, 3, H, W]
    b, f = v.shape[:2]
    return v.reshape(b, f // 4, 4, 3, 64, 64)


def frames_of_groups(groups):
    """[B, T, 4, 3, H, W] -> [B, 1 + 4(T-1), 3, H, W] (drops the first three outputs of group 0)."""
    b, t = groups.shape[:2]
    return groups.reshape(b, 4 * t, *groups.shape[3:])[:, 3:]


class AudioDecoder(nn.Module):
    """latent [B, n, A] -> tone controls [B, n, 3] (pitch, loudness, click): Conv1d(A->32, 3) SiLU Conv1d(32->32, 3)
    SiLU Conv1d(32->3, 1), zero padding, time-major in the engine."""

    def __init__(self, a, width=32):
        super().__init__()
        self.conv1 = nn.Conv1d(a, width, 3, padding=1)
        self.conv2 = nn.Conv1d(width, width, 3, padding=1)
        self.out = nn.Conv1d(width, 3, 1)

    def forward(self, z):
        h = F.silu(self.conv1(z.transpose(1, 2)))
        h = F.silu(self.conv2(h))
        return self.out(h).transpose(1, 2)


def audio_features(wave, n):
    """wave [B, n*HOP] -> log-magnitude spectra [B, n, 321] of the Hann-windowed 640-sample frames."""
    fr = wave.reshape(wave.shape[0], n, HOP) * torch.hann_window(HOP, periodic=False)
    return torch.log1p(10.0 * torch.fft.rfft(fr, dim=-1).abs())


class AudioEncoder(nn.Module):
    """[B, n, 321] spectra -> latent [B, n, A] (training only)."""

    def __init__(self, a):
        super().__init__()
        self.inp = nn.Linear(HOP // 2 + 1, 64)
        self.conv = nn.Conv1d(64, a, 3, padding=1)

    def forward(self, spec):
        return self.conv(F.silu(self.inp(spec)).transpose(1, 2)).transpose(1, 2)


def tone_synth(controls):
    """numpy float64 replica of dev.gallop.engine.demo.ToneSynth.synthesize: controls [n, 3] -> n*HOP samples."""
    n = controls.shape[0]
    out = np.zeros(n * HOP, dtype=np.float32)
    phase = 0.0
    for i in range(n):
        j = min(i + 1, n - 1)
        p0, p1 = np.clip(float(controls[i, 0]), 0, 2.5), np.clip(float(controls[j, 0]), 0, 2.5)
        a0, a1 = np.clip(float(controls[i, 1]), 0, 1), np.clip(float(controls[j, 1]), 0, 1)
        for k in range(HOP):
            u = k / HOP
            hz = 220.0 * 2.0 ** (p0 + (p1 - p0) * u)
            a = a0 + (a1 - a0) * u
            phase += 2 * np.pi * hz / SAMPLE_RATE
            if phase > 2 * np.pi:
                phase -= 2 * np.pi
            out[i * HOP + k] = 0.5 * a * (0.6 * np.sin(phase) + 0.25 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase))
        click = min(max((float(np.float32(controls[i, 2])) - 0.25) / 0.5, 0.0), 1.0)
        if click > 0:
            for k in range(min(400, n * HOP - i * HOP)):
                out[i * HOP + k] += np.float32(click * 0.6 * np.exp(-k / 40.0) * np.sin(2 * np.pi * 5000.0 * k / SAMPLE_RATE))
    return out
