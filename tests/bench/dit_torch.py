#!/usr/bin/env python3
"""PyTorch CPU peer of `gallop bench dit`: the MagiHuman DiT forward (docs/models/magihuman.md#dit) in float32,
written from that description and from Gallop's Java DiT (DitLayer's numbered steps), timed like DitBench (warm-up,
then median and best of N runs).

Usage:
  dit_torch.py --model DIR [--frames 8 --height 16 --width 28 --text 64] [--runs 5] [--warmup 2] [--threads 2]
               [--check DUMP]
DIR is a model folder (DIR/dit/config.json, DIR/dit/model.safetensors; `gallop random-model --out DIR`).
--check DUMP loads the inputs and outputs written by `gallop bench dit --model DIR --dump DUMP`, runs the same
inputs through this forward and prints the relative L2 error of both outputs (then times as usual).
Output: one line per run of the benchmark, in the same words as DitBench's.
"""
import argparse
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F


# ------------------------------------------------------------------------------------------------ safetensors

def read_safetensors(path):
    """name -> float32 numpy array (F32 as is, BF16 widened by a 16-bit shift)."""
    with open(path, "rb") as f:
        blob = f.read()
    (hlen,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + hlen].decode("utf-8"))
    base = 8 + hlen
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        start, end = e["data_offsets"]
        raw = blob[base + start:base + end]
        shape = tuple(e["shape"])
        if e["dtype"] == "F32":
            a = np.frombuffer(raw, dtype="<f4").copy()
        elif e["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise SystemExit(f"{path}: tensor {name} has dtype {e['dtype']}; only F32 and BF16 are read")
        out[name] = a.reshape(shape)
    return out


# ------------------------------------------------------------------------------------------------ config

class Config:
    def __init__(self, j):
        self.d = j["hidden_size"]
        self.layers = j["num_layers"]
        self.dh = j.get("head_dim", 128)
        self.hq = j.get("num_heads_q", self.d // self.dh)
        self.hkv = j["num_heads_kv"]
        self.mm = set(j["mm_layers"])
        self.gelu = set(j["gelu7_layers"])
        self.local = set(j.get("local_attn_layers", []))
        self.gelu_inter = j.get("gelu7_intermediate_size", 4 * self.d)
        self.swiglu_inter = j.get("swiglu7_intermediate_size", (self.d * 8 // 3) // 4 * 4)
        self.eps = float(j.get("norm_eps", 1e-6))
        self.c = j.get("latent_channels", 48)
        self.ca = j.get("audio_in_channels", 64)
        self.ct = j.get("text_in_channels", 3584)
        self.bands = j.get("rope_rotary_dims", 96) // 6
        self.text_style = j.get("text_coords_style", "v2").lower()
        if self.local:
            raise SystemExit("local (frame-window) attention layers are not implemented in this peer")

    def experts(self, l):
        return 3 if l in self.mm else 1

    def inter(self, l):
        return self.gelu_inter if l in self.gelu else self.swiglu_inter

    def up_width(self, l):
        return self.gelu_inter if l in self.gelu else 2 * self.swiglu_inter

    def qkv_width(self):
        return self.hq * self.dh + 2 * self.hkv * self.dh + self.hq


def flops(cfg, n):
    """Same count as DitBench.flops: GEMMs with one expert per token, plus QK^T and PV."""
    f = 0.0
    for l in range(cfg.layers):
        per_token = cfg.qkv_width() * cfg.d + cfg.d * cfg.d + cfg.up_width(l) * cfg.d + cfg.d * cfg.inter(l)
        f += 2 * per_token * n + 4.0 * cfg.d * n * n
    return f


# ------------------------------------------------------------------------------------------------ model

class Dit:
    def __init__(self, cfg, t):
        self.cfg = cfg
        T = lambda k: torch.from_numpy(t[k])
        d = cfg.d
        self.embed = [(T("adapter.video_embedder.weight"), T("adapter.video_embedder.bias")),
                      (T("adapter.audio_embedder.weight"), T("adapter.audio_embedder.bias")),
                      (T("adapter.text_embedder.weight"), T("adapter.text_embedder.bias"))]
        self.bands = t["adapter.rope.bands"].astype(np.float32)

        def experts(key, m, rows):
            w = T(key)
            return [w[e * rows:(e + 1) * rows].contiguous() for e in range(m)]

        def gains(key, m, dim):   # zero-centred RMS weight: fold (1 + w) once, in f32
            w = T(key)
            return [(1.0 + w[e * dim:(e + 1) * dim]).contiguous() for e in range(m)]

        self.layers = []
        for l in range(cfg.layers):
            m, p = cfg.experts(l), f"block.layers.{l}."
            self.layers.append(dict(
                gelu=l in cfg.gelu,
                attn_norm=gains(p + "attention.pre_norm.weight", m, d),
                qkv=experts(p + "attention.linear_qkv.weight", m, cfg.qkv_width()),
                q_norm=gains(p + "attention.q_norm.weight", m, cfg.dh),
                k_norm=gains(p + "attention.k_norm.weight", m, cfg.dh),
                proj=experts(p + "attention.linear_proj.weight", m, d),
                mlp_norm=gains(p + "mlp.pre_norm.weight", m, d),
                up=experts(p + "mlp.up_gate_proj.weight", m, cfg.up_width(l)),
                down=experts(p + "mlp.down_proj.weight", m, d)))
        self.final_norm = [gains("final_norm_video.weight", 1, d)[0], gains("final_norm_audio.weight", 1, d)[0]]
        self.final_linear = [T("final_linear_video.weight"), T("final_linear_audio.weight")]

    # --- pieces

    def rms(self, x, g):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.cfg.eps) * g

    @staticmethod
    def per_expert(fn, ws, x, ranges):
        """Apply fn(x_range, w_e) on each modality's contiguous token range (or once with a shared weight)."""
        if len(ws) == 1:
            return fn(x, ws[0])
        return torch.cat([fn(x[s:e], ws[i]) for i, (s, e) in enumerate(ranges)], 0)

    def rope_tables(self, t, gh, gw, la, lt):
        """sin, cos [N, 3*bands]: 9 coordinates per token, angle = (coord - centre) * scale * band
        (docs/models/magihuman.md#rope)."""
        rows = []
        for ti in range(t):
            for y in range(gh):
                for x in range(gw):
                    rows.append((ti, y, x, t, gh, gw, t, gh, gw))
        ref_a = (la - 1) // 4 + 1
        rows += [(a, 0, 0, la, 1, 1, ref_a, 1, 1) for a in range(la)]
        if self.cfg.text_style == "v2":
            rows += [(s - lt, 0, 0, lt, 1, 1, 1, 1, 1) for s in range(lt)]
        else:
            rows += [(s, 0, 0, lt, 1, 1, 2, 1, 1) for s in range(lt)]
        c = np.asarray(rows, dtype=np.float32).reshape(-1, 9)
        coord, size, ref = c[:, 0:3], c[:, 3:6], c[:, 6:9]
        one = np.float32(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(size == one, one, (ref - one) / (size - one)).astype(np.float32)
        centre = ((size - one) / np.float32(2)).astype(np.float32)
        centre[:, 0] = 0
        pos = ((coord - centre) * scale).astype(np.float32)                          # [N, 3]
        angle = (pos[:, :, None] * self.bands[None, None, :]).reshape(len(c), -1)    # [N, 3*bands], axis-major
        angle = angle.astype(np.float64)
        return (torch.from_numpy(np.sin(angle).astype(np.float32)),
                torch.from_numpy(np.cos(angle).astype(np.float32)))

    @staticmethod
    def rope(x, sin, cos):
        """Rotate-half over the first 2*half dims of every head: x [N, H, Dh], tables [N, half]."""
        half = sin.shape[1]
        a, b = x[..., :half], x[..., half:2 * half]
        s, c = sin[:, None, :], cos[:, None, :]
        return torch.cat([a * c - b * s, b * c + a * s, x[..., 2 * half:]], -1)

    # --- forward

    def forward(self, video, audio, text):
        cfg = self.cfg
        C, t, h, w = video.shape
        gh, gw = h // 2, w // 2
        nv, la, lt = t * gh * gw, audio.shape[0], text.shape[0]
        n = nv + la + lt
        ranges = [(0, nv), (nv, nv + la), (nv + la, n)]
        hq, hkv, dh = cfg.hq, cfg.hkv, cfg.dh
        group = hq // hkv

        # 1. adapter: patches (1,2,2), channel-major features c*4 + ph*2 + pw; Linear with bias per modality
        packed = video.reshape(C, t, gh, 2, gw, 2).permute(1, 2, 4, 0, 3, 5).reshape(nv, 4 * C)
        x = torch.cat([F.linear(inp, wb[0], wb[1]) for inp, wb in zip((packed, audio, text), self.embed)], 0)

        # 2. RoPE tables
        sin, cos = self.rope_tables(t, gh, gw, la, lt)
        qn = lambda v, g: self.rms(v, g)

        # 3. layers
        for L in self.layers:
            hnorm = self.per_expert(self.rms, L["attn_norm"], x, ranges)
            qkv = self.per_expert(F.linear, L["qkv"], hnorm, ranges)                  # [N, q | k | v | gate]
            q = qkv[:, :hq * dh].reshape(n, hq, dh)
            k = qkv[:, hq * dh:(hq + hkv) * dh].reshape(n, hkv, dh)
            v = qkv[:, (hq + hkv) * dh:(hq + 2 * hkv) * dh].reshape(n, hkv, dh)
            g = qkv[:, (hq + 2 * hkv) * dh:]                                          # [N, Hq]
            q = self.rope(self.per_expert(qn, L["q_norm"], q, ranges), sin, cos)
            k = self.rope(self.per_expert(qn, L["k_norm"], k, ranges), sin, cos)
            # GQA: q head hh reads kv head hh // group; group the q heads of one kv head into one [group*N, Dh] block
            qg = q.permute(1, 0, 2).reshape(hkv, group * n, dh)
            kt = k.permute(1, 2, 0)                                                   # [Hkv, Dh, N]
            vv = v.permute(1, 0, 2)                                                   # [Hkv, N, Dh]
            p = torch.softmax(torch.bmm(qg, kt).mul_(1.0 / math.sqrt(dh)), -1)
            o = torch.bmm(p, vv).reshape(hq, n, dh).permute(1, 0, 2)                  # [N, Hq, Dh]
            o = o * torch.sigmoid(g)[:, :, None]
            x = x + self.per_expert(F.linear, L["proj"], o.reshape(n, hq * dh), ranges)
            hnorm = self.per_expert(self.rms, L["mlp_norm"], x, ranges)
            u = self.per_expert(F.linear, L["up"], hnorm, ranges)
            if L["gelu"]:
                a = u.clamp(max=7.0)
                act = a * torch.sigmoid(1.702 * a)
            else:   # interleaved columns: even = gate a, odd = linear b
                a = u[:, 0::2].clamp(max=7.0)
                b = u[:, 1::2].clamp(-7.0, 7.0)
                act = a * torch.sigmoid(1.702 * a) * (b + 1.0)
            x = x + self.per_expert(F.linear, L["down"], act, ranges)

        # 4. heads; output features in (ph, pw, c) order
        ov = F.linear(self.rms(x[:nv], self.final_norm[0]), self.final_linear[0])
        out_video = ov.reshape(t, gh, gw, 2, 2, C).permute(5, 0, 1, 3, 2, 4).reshape(C, t, h, w)
        out_audio = F.linear(self.rms(x[nv:nv + la], self.final_norm[1]), self.final_linear[1])
        return out_video, out_audio


def rel_l2(a, b):
    a, b = a.double(), b.double()
    return (torch.linalg.norm(a - b) / torch.linalg.norm(b)).item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--frames", type=int, default=8)
    ap.add_argument("--height", type=int, default=16)
    ap.add_argument("--width", type=int, default=28)
    ap.add_argument("--text", type=int, default=64)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "2")))
    ap.add_argument("--check")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = Config(json.load(open(os.path.join(a.model, "dit", "config.json"))))
    dit = Dit(cfg, read_safetensors(os.path.join(a.model, "dit", "model.safetensors")))

    with torch.inference_mode():
        if a.check:
            d = {k: torch.from_numpy(v) for k, v in read_safetensors(a.check).items()}
            ov, oa = dit.forward(d["video"], d["audio"], d["text"])
            print(f"check vs {os.path.basename(a.check)}: rel-L2 video {rel_l2(ov, d['out_video']):.3e}, "
                  f"audio {rel_l2(oa, d['out_audio']):.3e}; max |diff| video {(ov - d['out_video']).abs().max().item():.3e}, "
                  f"audio {(oa - d['out_audio']).abs().max().item():.3e}")

        t, h, w = a.frames, a.height, a.width
        la = 4 * (t - 1) + 2
        gen = torch.Generator().manual_seed(1)
        video = torch.randn(cfg.c, t, h, w, generator=gen)
        audio = torch.randn(la, cfg.ca, generator=gen)
        text = torch.randn(a.text, cfg.ct, generator=gen)
        tokens = t * (h // 2) * (w // 2) + la + a.text
        for _ in range(a.warmup):
            dit.forward(video, audio, text)
        ms = []
        for _ in range(a.runs):
            s = time.perf_counter()
            dit.forward(video, audio, text)
            ms.append((time.perf_counter() - s) * 1e3)
    ms.sort()
    med = ms[a.runs // 2]
    print(f"torch {torch.__version__} DiT (width {cfg.d}, {cfg.layers} layers) F32, {tokens} tokens on CPU, "
          f"{torch.get_num_threads()} threads: median {med:.1f} ms, best {ms[0]:.1f} ms, "
          f"{flops(cfg, tokens) / med / 1e6:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
