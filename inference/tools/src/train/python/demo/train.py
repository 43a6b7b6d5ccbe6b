#!/usr/bin/env python3
"""Trains Gallop's demo model from scratch on the procedural clips of `gallop demo dataset`, on the CPU.

The demo's latent spaces are the scene itself (docs/models/demo.md, ADR 0063): a video latent frame holds the shape's
pose in each of its four frames, its colours and which shape it is; the audio latent is the tone synthesizer's controls.
So the only networks to train are the DiT and the words text encoder, with rectified flow:

  dit      the MagiHuman DiT (small config) + the words text encoder, flow matching   -> WORK/dit.pt
  export   the model folder (engine format) and the parity goldens                     -> --out, --goldens

Every clip's latent is put on a latent grid of the request's shape (every latent pixel the same numbers, the noise
independent per pixel): mostly 128x128 (4x4 latent pixels), some 448x256 and 256x448, so the DiT has seen the token
grids of both aspects. Runs for a wall-clock budget in minutes; the learning rate follows a cosine over that budget.

  /usr/bin/python3 train.py --data DATA --work WORK --out assets/models/demo --goldens tests/fixtures/demo-model
"""
import argparse
import os
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")   # before torch loads libgomp
import copy
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import Dataset, token_ids   # noqa: E402
from dit import DitConfig, MagiHumanDit   # noqa: E402

VIDEO_C = 29          # SceneLatent.CHANNELS
AUDIO_C = 3           # ToneSynth.CONTROLS
TEXT_C = 64
TEXT_POSITIONS = 32
SPATIAL_DOWNSAMPLE = 32
NEGATIVE = "nothing"
DIT_CONFIG = {
    "hidden_size": 128, "num_layers": 4, "head_dim": 32, "num_heads_q": 4, "num_heads_kv": 2,
    "mm_layers": [0, 3], "gelu7_layers": [0], "gelu7_intermediate_size": 512, "swiglu7_intermediate_size": 340,
    "norm_eps": 1e-6, "latent_channels": VIDEO_C, "audio_in_channels": AUDIO_C, "text_in_channels": TEXT_C,
    "rope_rotary_dims": 24, "text_coords_style": "v2", "local_attn_layers": []}
ROPE_BANDS = [1.0, 0.5, 0.25, 0.125]
# latent grids (h, w) of the sizes trained: 128x128, 448x256, 256x448 at 32 pixels per latent pixel, with their share
# of the batches and their batch size (the wide grids have seven times the tokens)
GRIDS = [((4, 4), 0.7, 32), ((8, 14), 0.15, 6), ((14, 8), 0.15, 6)]
# channel weights of the video loss: which shape it is and its colours decide what a viewer sees first
SHAPE_WEIGHT = 3.0
COLOUR_WEIGHT = 2.0


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def cosine_lr(base, frac, warm=0.03):
    if frac < warm:
        return base * frac / warm
    return base * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, (frac - warm) / (1 - warm)))))


class TextEncoder(torch.nn.Module):
    """The engine's "words" encoder: embedding row of each word plus the row of its position."""

    def __init__(self, vocab):
        super().__init__()
        self.embedding = torch.nn.Parameter(torch.randn(len(vocab), TEXT_C))
        self.position = torch.nn.Parameter(0.3 * torch.randn(TEXT_POSITIONS, TEXT_C))

    def forward(self, ids):                                                   # ids [B, L]
        return self.embedding[ids] + self.position[:ids.shape[1]][None]


def sample_sigma(b, shift):
    u = torch.rand(b)
    s = shift * u / (1 + (shift - 1) * u)
    mix = torch.rand(b) < 0.3
    return torch.where(mix, torch.rand(b), s).clamp(0.001, 0.999)


def statistics(ds):
    """Per-channel mean and std of the raw video latents (over clips and frames) and of the tone controls."""
    v = np.concatenate([s.video.transpose(0, 2, 1).reshape(-1, VIDEO_C) for s in ds.shards])
    a = np.concatenate([s.audio.reshape(-1, AUDIO_C) for s in ds.shards])
    vstd, astd = np.maximum(v.std(0), 0.02), np.maximum(a.std(0), 0.02)
    return (torch.tensor(v.mean(0), dtype=torch.float32), torch.tensor(vstd, dtype=torch.float32),
            torch.tensor(a.mean(0), dtype=torch.float32), torch.tensor(astd, dtype=torch.float32))


def loss_weights():
    w = torch.ones(VIDEO_C)
    w[20:26] = COLOUR_WEIGHT
    w[26:29] = SHAPE_WEIGHT
    return w / w.mean()


def dit(a):
    ds = Dataset(a.data)
    vocab = ds.vocab
    vmean, vstd, amean, astd = statistics(ds)
    shards = []
    for s in ds.shards:
        v = (torch.from_numpy(s.video.copy()) - vmean[None, :, None]) / vstd[None, :, None]      # [N, C, T]
        au = (torch.from_numpy(s.audio.copy()) - amean) / astd                                   # [N, n, 3]
        ids = [token_ids(p, vocab, TEXT_POSITIONS) for p in s.prompts]
        buckets = {}
        for i, t in enumerate(ids):
            buckets.setdefault(len(t), []).append(i)
        # clips of the motions named by --oversample are drawn --oversample-weight times as often
        weight = [a.oversample_weight if spec[2] in a.oversample else 1.0 for spec in s.specs]
        shards.append((v, au, ids, buckets, weight))
    neg = token_ids(NEGATIVE, vocab, TEXT_POSITIONS)
    log(f"DiT on {len(ds)} clips in {len(shards)} shards; video std {vstd.numpy().round(3)}")

    model = MagiHumanDit(DitConfig(DIT_CONFIG), ROPE_BANDS)
    text = TextEncoder(vocab)
    path = os.path.join(a.work, "dit.pt")
    previous = 0
    if a.resume and os.path.exists(path):
        ck = torch.load(path)
        model.load_state_dict(ck["ema_dit"])
        text.load_state_dict(ck["ema_text"])
        previous = ck["step"]
        log(f"resumed from dit.pt (EMA weights after {previous} steps)")
    log(f"DiT parameters: {sum(p.numel() for p in model.parameters())}")
    ema_m, ema_t = copy.deepcopy(model), copy.deepcopy(text)
    params = list(model.parameters()) + list(text.parameters())
    opt = torch.optim.AdamW(params, lr=a.dit_lr, weight_decay=0.01, betas=(0.9, 0.98))
    cw = loss_weights()[None, :, None, None, None]
    wide = a.wide_share if a.wide_share is not None else GRIDS[1][1] + GRIDS[2][1]
    grid_shares = [1 - wide, wide / 2, wide / 2]
    log(f"grids {[g[0] for g in GRIDS]} shares {grid_shares}; oversampled motions {sorted(a.oversample)} x{a.oversample_weight}")
    last_save = [time.time()]

    def save(step):
        torch.save({"ema_dit": ema_m.state_dict(), "ema_text": ema_t.state_dict(), "step": previous + step, "vocab": vocab,
                    "vmean": vmean, "vstd": vstd, "amean": amean, "astd": astd}, path + ".tmp")
        os.replace(path + ".tmp", path)

    def step(i):
        (gh, gw), share, batch = random.choices(GRIDS, weights=grid_shares)[0]
        v, au, ids, buckets, weight = random.choice(shards)
        k = random.choice([k for k in buckets for _ in range(len(buckets[k]))])
        idx = torch.tensor(random.choices(buckets[k], weights=[weight[j] for j in buckets[k]], k=batch))
        x0v = v[idx][:, :, :, None, None].expand(-1, -1, -1, gh, gw)                # [B, C, T, gh, gw]
        x0a = au[idx]
        # one batch in ten is unconditional (the negative prompt), so UniPC with guidance can be used too; whole
        # batches, because the samples of a batch share their token counts
        tid = torch.tensor([neg] * batch) if random.random() < 0.1 else torch.tensor([ids[j] for j in idx.tolist()])
        tf = text(tid)
        s = sample_sigma(batch, a.shift)
        ev, ea = torch.randn_like(x0v), torch.randn_like(x0a)
        sv, sa = s[:, None, None, None, None], s[:, None, None]
        xv, xa = (1 - sv) * x0v + sv * ev, (1 - sa) * x0a + sa * ea
        pv, pa = model(xv, xa, tf)
        lv = ((pv - (ev - x0v)) ** 2 * cw).mean()
        la = F.mse_loss(pa, ea - x0a)
        loss = lv + la
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        d = min(a.ema, (1 + i) / (10 + i))
        with torch.no_grad():
            for e, p in zip(list(ema_m.parameters()) + list(ema_t.parameters()), params):
                e.mul_(d).add_(p.detach(), alpha=1 - d)
        if time.time() - last_save[0] > a.save_every:
            save(i)
            last_save[0] = time.time()
        return {"video": lv.item(), "audio": la.item()}

    t0, i, acc, budget = time.time(), 0, {}, a.dit_minutes * 60
    while time.time() - t0 < budget:
        for g in opt.param_groups:
            g["lr"] = cosine_lr(a.dit_lr, (time.time() - t0) / budget)
        for k, val in step(i).items():
            acc[k] = acc.get(k, 0.0) + val
        i += 1
        if i % 50 == 0:
            log(f"dit step {i} ({time.time() - t0:.0f} s) " + " ".join(f"{k} {val / 50:.4f}" for k, val in acc.items()))
            acc = {}
    save(i)
    log(f"dit done after {i} steps ({previous + i} in all)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", default="assets/models/demo")
    ap.add_argument("--goldens", default="tests/fixtures/demo-model")
    ap.add_argument("--phase", default="all", choices=["all", "dit", "export"])
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1 by default: on a shared 2-core machine two OpenMP threads spin against each "
                         "other and ran 20x slower in our measurements; OMP_WAIT_POLICY=PASSIVE is set as well)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dit-minutes", type=float, default=60)
    ap.add_argument("--dit-lr", type=float, default=1e-3)
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--shift", type=float, default=3.0)
    ap.add_argument("--save-every", type=float, default=120, help="seconds between checkpoints of dit.pt")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--wide-share", type=float, default=None, help="share of the batches on the 16:9 and 9:16 grids (0.3)")
    ap.add_argument("--oversample", type=lambda t: set(x for x in t.split(",") if x), default=set(),
                    help="motions drawn more often, e.g. spinning,bouncing (names as in the shards' specs)")
    ap.add_argument("--oversample-weight", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=8, help="sampler steps written to model.json")
    ap.add_argument("--sample-shift", type=float, default=3.0, help="sampler shift written to model.json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    random.seed(a.seed)
    os.makedirs(a.work, exist_ok=True)
    for p in (["dit", "export"] if a.phase == "all" else [a.phase]):
        log(f"phase {p}")
        if p == "export":
            import export
            export.export(a, DIT_CONFIG, ROPE_BANDS, VIDEO_C, AUDIO_C, NEGATIVE, SPATIAL_DOWNSAMPLE)
        else:
            dit(a)


if __name__ == "__main__":
    main()
