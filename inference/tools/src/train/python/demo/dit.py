"""The MagiHuman DiT forward in PyTorch, batched and trainable, written from Gallop's Java DiT
(dev.gallop.engine.models.magihuman: MagiHumanDit, DitLayer, ExpertLinear, ExpertNorm, RopeTables, PatchPacking) so
that its state dict, saved under the same names, loads with the engine's strict loader unchanged.

Sequence per sample: [video tokens | audio tokens | text tokens]; all samples of a batch share the token counts.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class DitConfig:
    def __init__(self, j):
        self.json = dict(j)
        self.d = j["hidden_size"]
        self.layers = j["num_layers"]
        self.dh = j.get("head_dim", 128)
        self.hq = j.get("num_heads_q", self.d // self.dh)
        self.hkv = j["num_heads_kv"]
        self.mm = set(j["mm_layers"])
        self.gelu = set(j["gelu7_layers"])
        self.gelu_inter = j.get("gelu7_intermediate_size", 4 * self.d)
        self.swiglu_inter = j.get("swiglu7_intermediate_size", (self.d * 8 // 3) // 4 * 4)
        self.eps = float(j.get("norm_eps", 1e-6))
        self.c = j.get("latent_channels", 48)
        self.ca = j.get("audio_in_channels", 64)
        self.ct = j.get("text_in_channels", 3584)
        self.bands = j.get("rope_rotary_dims", 96) // 6
        assert j.get("text_coords_style", "v2") == "v2" and not j.get("local_attn_layers")
        assert self.hq * self.dh == self.d and self.hq % self.hkv == 0 and 6 * self.bands <= self.dh

    def experts(self, l):
        return 3 if l in self.mm else 1

    def inter(self, l):
        return self.gelu_inter if l in self.gelu else self.swiglu_inter

    def up_width(self, l):
        return self.gelu_inter if l in self.gelu else 2 * self.swiglu_inter

    def qkv_width(self):
        return self.hq * self.dh + 2 * self.hkv * self.dh + self.hq


def rope_tables(t, gh, gw, la, lt, bands):
    """sin, cos [N, 3*bands] for the token coordinates (RopeTables.build, text style v2), float32."""
    rows = [(ti, y, x, t, gh, gw, t, gh, gw) for ti in range(t) for y in range(gh) for x in range(gw)]
    ref_a = (la - 1) // 4 + 1
    rows += [(a, 0, 0, la, 1, 1, ref_a, 1, 1) for a in range(la)]
    rows += [(s - lt, 0, 0, lt, 1, 1, 1, 1, 1) for s in range(lt)]
    c = np.asarray(rows, dtype=np.float32).reshape(-1, 9)
    coord, size, ref = c[:, 0:3], c[:, 3:6], c[:, 6:9]
    one = np.float32(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(size == one, one, (ref - one) / (size - one)).astype(np.float32)
    centre = ((size - one) / np.float32(2)).astype(np.float32)
    centre[:, 0] = 0
    pos = ((coord - centre) * scale).astype(np.float32)
    angle = (pos[:, :, None] * np.asarray(bands, dtype=np.float32)[None, None, :]).astype(np.float32).reshape(len(c), -1)
    return torch.from_numpy(np.sin(angle.astype(np.float64)).astype(np.float32)), torch.from_numpy(np.cos(angle.astype(np.float64)).astype(np.float32))


class ExpertLinear(nn.Module):
    """Bias-free Linear with m experts stacked along the output axis (weight [m*out, in])."""

    def __init__(self, m, out, inp, std):
        super().__init__()
        self.m, self.out = m, out
        self.weight = nn.Parameter(torch.randn(m * out, inp) * std)

    def forward(self, x, ranges):
        if self.m == 1:
            return F.linear(x, self.weight)
        return torch.cat([F.linear(x[:, s:e], self.weight[i * self.out:(i + 1) * self.out]) for i, (s, e) in enumerate(ranges)], 1)


class ExpertNorm(nn.Module):
    """RMS norm with zero-centred gain (1 + w), one gain per expert (weight [m*dim])."""

    def __init__(self, m, dim, eps):
        super().__init__()
        self.m, self.dim, self.eps = m, dim, eps
        self.weight = nn.Parameter(torch.zeros(m * dim))

    def _rms(self, x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * (1.0 + w)

    def forward(self, x, ranges):
        if self.m == 1:
            return self._rms(x, self.weight)
        return torch.cat([self._rms(x[:, s:e], self.weight[i * self.dim:(i + 1) * self.dim]) for i, (s, e) in enumerate(ranges)], 1)


class Attention(nn.Module):
    def __init__(self, cfg, m):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.pre_norm = ExpertNorm(m, d, cfg.eps)
        self.linear_qkv = ExpertLinear(m, cfg.qkv_width(), d, d ** -0.5)
        self.q_norm = ExpertNorm(m, cfg.dh, cfg.eps)
        self.k_norm = ExpertNorm(m, cfg.dh, cfg.eps)
        self.linear_proj = ExpertLinear(m, d, cfg.hq * cfg.dh, 0.5 * (cfg.hq * cfg.dh) ** -0.5)


class Mlp(nn.Module):
    def __init__(self, cfg, l, m):
        super().__init__()
        d = cfg.d
        self.gelu = l in cfg.gelu
        self.pre_norm = ExpertNorm(m, d, cfg.eps)
        self.up_gate_proj = ExpertLinear(m, cfg.up_width(l), d, d ** -0.5)
        self.down_proj = ExpertLinear(m, d, cfg.inter(l), 0.5 * cfg.inter(l) ** -0.5)


class Layer(nn.Module):
    def __init__(self, cfg, l):
        super().__init__()
        m = cfg.experts(l)
        self.attention = Attention(cfg, m)
        self.mlp = Mlp(cfg, l, m)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList([Layer(cfg, l) for l in range(cfg.layers)])


class Rope(nn.Module):
    def __init__(self, bands):
        super().__init__()
        self.register_buffer("bands", torch.tensor(bands, dtype=torch.float32))


class Adapter(nn.Module):
    def __init__(self, cfg, bands):
        super().__init__()
        self.video_embedder = nn.Linear(4 * cfg.c, cfg.d)
        self.audio_embedder = nn.Linear(cfg.ca, cfg.d)
        self.text_embedder = nn.Linear(cfg.ct, cfg.d)
        self.rope = Rope(bands)


def rope(x, sin, cos):
    """Rotate-half over the first 2*half dims of each head: x [B, N, H, Dh], tables [N, half]."""
    half = sin.shape[1]
    a, b = x[..., :half], x[..., half:2 * half]
    s, c = sin[None, :, None, :], cos[None, :, None, :]
    return torch.cat([a * c - b * s, b * c + a * s, x[..., 2 * half:]], -1)


class MagiHumanDit(nn.Module):
    """state_dict keys: adapter.*, block.layers.{l}.attention.*, block.layers.{l}.mlp.*, final_norm_*, final_linear_*."""

    def __init__(self, cfg, bands):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.adapter = Adapter(cfg, bands)
        self.block = Block(cfg)
        self.final_norm_video = ExpertNorm(1, d, cfg.eps)
        self.final_norm_audio = ExpertNorm(1, d, cfg.eps)
        self.final_linear_video = nn.Linear(d, 4 * cfg.c, bias=False)
        self.final_linear_audio = nn.Linear(d, cfg.ca, bias=False)
        nn.init.zeros_(self.final_linear_video.weight)
        nn.init.zeros_(self.final_linear_audio.weight)
        self._tables = {}

    def tables(self, t, gh, gw, la, lt):
        key = (t, gh, gw, la, lt)
        if key not in self._tables:
            self._tables[key] = rope_tables(t, gh, gw, la, lt, self.adapter.rope.bands.numpy())
        return self._tables[key]

    def forward(self, video, audio, text):
        """video [B, C, T, H, W], audio [B, La, Ca], text [B, Lt, Ct] -> velocity (video [B, C, T, H, W], audio [B, La, Ca])."""
        cfg = self.cfg
        B, C, t, h, w = video.shape
        gh, gw = h // 2, w // 2
        nv, la, lt = t * gh * gw, audio.shape[1], text.shape[1]
        n = nv + la + lt
        ranges = [(0, nv), (nv, nv + la), (nv + la, n)]
        hq, hkv, dh = cfg.hq, cfg.hkv, cfg.dh
        # 1. adapter: (1, 2, 2) patches with channel-major features c*4 + ph*2 + pw
        packed = video.reshape(B, C, t, gh, 2, gw, 2).permute(0, 2, 3, 5, 1, 4, 6).reshape(B, nv, 4 * C)
        a = self.adapter
        x = torch.cat([a.video_embedder(packed), a.audio_embedder(audio), a.text_embedder(text)], 1)
        sin, cos = self.tables(t, gh, gw, la, lt)
        group = hq // hkv
        for L in self.block.layers:
            at, mlp = L.attention, L.mlp
            hn = at.pre_norm(x, ranges)
            qkv = at.linear_qkv(hn, ranges)
            q = qkv[..., :hq * dh].reshape(B, n, hq, dh)
            k = qkv[..., hq * dh:(hq + hkv) * dh].reshape(B, n, hkv, dh)
            v = qkv[..., (hq + hkv) * dh:(hq + 2 * hkv) * dh].reshape(B, n, hkv, dh)
            g = qkv[..., (hq + 2 * hkv) * dh:]
            q = rope(at.q_norm(q, ranges), sin, cos)
            k = rope(at.k_norm(k, ranges), sin, cos)
            qh = q.permute(0, 2, 1, 3)                                              # [B, Hq, N, Dh]
            kh = k.permute(0, 2, 1, 3).repeat_interleave(group, 1)
            vh = v.permute(0, 2, 1, 3).repeat_interleave(group, 1)
            p = torch.softmax(torch.matmul(qh, kh.transpose(-1, -2)) * (1.0 / math.sqrt(dh)), -1)
            o = torch.matmul(p, vh).permute(0, 2, 1, 3)                             # [B, N, Hq, Dh]
            o = o * torch.sigmoid(g)[..., None]
            x = x + at.linear_proj(o.reshape(B, n, hq * dh), ranges)
            hn = mlp.pre_norm(x, ranges)
            u = mlp.up_gate_proj(hn, ranges)
            if mlp.gelu:
                ua = u.clamp(max=7.0)
                act = ua * torch.sigmoid(1.702 * ua)
            else:
                ua = u[..., 0::2].clamp(max=7.0)
                ub = u[..., 1::2].clamp(-7.0, 7.0)
                act = ua * torch.sigmoid(1.702 * ua) * (ub + 1.0)
            x = x + mlp.down_proj(act, ranges)
        hv = self.final_norm_video(x[:, :nv], [(0, nv)])
        ov = self.final_linear_video(hv)                                            # (ph, pw, c) features
        out_video = ov.reshape(B, t, gh, gw, 2, 2, C).permute(0, 6, 1, 2, 4, 3, 5).reshape(B, C, t, h, w)
        out_audio = self.final_linear_audio(self.final_norm_audio(x[:, nv:nv + la], [(0, la)]))
        return out_video, out_audio
