#!/usr/bin/env python3
"""Trains Gallop's demo model from scratch on the procedural clips of `gallop demo dataset`, on the CPU.

Phases (each saves its result in --work, so a later phase can be rerun alone):
  video-ae   video autoencoder (4 frames of 64x64 <-> one [C, 4, 4] latent frame)        -> video_ae.pt
  audio-ae   audio autoencoder (one 40 ms frame <-> A channels, decoded to tone controls) -> audio_ae.pt
  encode     latents of every clip, standardised per channel                             -> latents.pt
  dit        the MagiHuman DiT (small config) + the words text encoder, flow matching     -> dit.pt
  video-dec  more video-decoder training with the encoder frozen (latents unchanged)      -> video_ae.pt
  export     the model folder (engine format) and the parity goldens                      -> --out, --goldens
Every phase runs for a wall-clock budget in minutes; the learning rate follows a cosine over that budget.

  /usr/bin/python3 train.py --data DATA --work WORK --out assets/models/demo --goldens tests/fixtures/demo-model
"""
import argparse
import os
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")   # before torch loads libgomp
import copy
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latent_codecs as cd   # noqa: E402
from data import Dataset, token_ids   # noqa: E402
from dit import DitConfig, MagiHumanDit   # noqa: E402

VIDEO_C = 16
AUDIO_C = 8
TEXT_C = 64
TEXT_POSITIONS = 32
NEGATIVE = "nothing"
DIT_CONFIG = {
    "hidden_size": 128, "num_layers": 4, "head_dim": 32, "num_heads_q": 4, "num_heads_kv": 2,
    "mm_layers": [0, 3], "gelu7_layers": [0], "gelu7_intermediate_size": 512, "swiglu7_intermediate_size": 340,
    "norm_eps": 1e-6, "latent_channels": VIDEO_C, "audio_in_channels": AUDIO_C, "text_in_channels": TEXT_C,
    "rope_rotary_dims": 24, "text_coords_style": "v2", "local_attn_layers": []}
ROPE_BANDS = [1.0, 0.5, 0.25, 0.125]


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def cosine_lr(base, frac, warm=0.03):
    if frac < warm:
        return base * frac / warm
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (frac - warm) / (1 - warm)))))


def run_for(minutes, step_fn, opt, base_lr, every=25, label=""):
    """Calls step_fn(step) until the budget is spent; returns the number of steps."""
    t0, step, acc = time.time(), 0, {}
    budget = minutes * 60
    while True:
        frac = (time.time() - t0) / budget
        if frac >= 1:
            break
        for g in opt.param_groups:
            g["lr"] = cosine_lr(base_lr, frac)
        losses = step_fn(step)
        for k, v in losses.items():
            acc[k] = acc.get(k, 0.0) + v
        step += 1
        if step % every == 0:
            log(f"{label} step {step} ({time.time() - t0:.0f} s) " + " ".join(f"{k} {v / every:.5f}" for k, v in acc.items()))
            acc = {}
    return step


# ------------------------------------------------------------------------------------------------ video autoencoder

def video_ae(a):
    ds = Dataset(a.data, max_shards=a.ae_shards)
    enc, dec = cd.VideoEncoder(VIDEO_C), cd.VideoDecoder(VIDEO_C)
    path = os.path.join(a.work, "video_ae.pt")
    previous = 0
    if a.resume and os.path.exists(path):
        ck = torch.load(path)
        enc.load_state_dict(ck["enc"])
        dec.load_state_dict(ck["dec"])
        previous = ck["steps"]
        log(f"resumed the video autoencoder after {previous} steps")
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=a.ae_lr)
    t_lat = (ds.frames - 1) // 4 + 1

    def step(_):
        idx = np.random.randint(0, len(ds), a.ae_batch)
        g = cd.latent_groups(ds.video[idx])                                  # [B, T, 4, 3, 64, 64]
        t = torch.randint(0, t_lat, (a.ae_batch,))
        x = g[torch.arange(a.ae_batch), t]                                   # [B, 4, 3, 64, 64]
        z = enc(x)
        zn = z + a.ae_noise * z.detach().std() * torch.randn_like(z)
        y = dec(zn)
        bg = x[:, :, :, :1, :1]
        w = 1.0 + 8.0 * ((x - bg).abs().sum(2, keepdim=True) > 0.1).float()
        rec = (w * (y - x) ** 2).mean()
        reg = 1e-4 * z.pow(2).mean()
        opt.zero_grad()
        (rec + reg).backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return {"rec": rec.item(), "mse": F.mse_loss(y, x).item()}

    steps = run_for(a.video_ae_minutes, step, opt, a.ae_lr, label="video-ae")
    torch.save({"enc": enc.state_dict(), "dec": dec.state_dict(), "steps": previous + steps}, path)
    log(f"video-ae done after {steps} steps")


def video_decoder_finetune(a):
    """More decoder training with the encoder frozen: the latent space (and so the DiT trained on it) is unchanged."""
    ds = Dataset(a.data, max_shards=a.ae_shards)
    path = os.path.join(a.work, "video_ae.pt")
    ck = torch.load(path)
    enc, dec = cd.VideoEncoder(VIDEO_C), cd.VideoDecoder(VIDEO_C)
    enc.load_state_dict(ck["enc"])
    dec.load_state_dict(ck["dec"])
    enc.requires_grad_(False)
    opt = torch.optim.Adam(dec.parameters(), lr=a.dec_lr)
    t_lat = (ds.frames - 1) // 4 + 1

    def step(_):
        idx = np.random.randint(0, len(ds), a.ae_batch)
        g = cd.latent_groups(ds.video[idx])
        t = torch.randint(0, t_lat, (a.ae_batch,))
        x = g[torch.arange(a.ae_batch), t]
        with torch.no_grad():
            z = enc(x)
        y = dec(z + a.ae_noise * z.std() * torch.randn_like(z))
        bg = x[:, :, :, :1, :1]
        w = 1.0 + 8.0 * ((x - bg).abs().sum(2, keepdim=True) > 0.1).float()
        rec = (w * (y - x) ** 2).mean()
        opt.zero_grad()
        rec.backward()
        torch.nn.utils.clip_grad_norm_(dec.parameters(), 1.0)
        opt.step()
        return {"rec": rec.item(), "mse": F.mse_loss(y, x).item()}

    steps = run_for(a.video_dec_minutes, step, opt, a.dec_lr, label="video-dec")
    torch.save({"enc": enc.state_dict(), "dec": dec.state_dict(), "steps": ck["steps"], "decoder_steps": steps}, path)
    log(f"video decoder fine-tuned for {steps} more steps")


# ------------------------------------------------------------------------------------------------ audio autoencoder

def audio_ae(a):
    ds = Dataset(a.data, video=False)
    enc, dec = cd.AudioEncoder(AUDIO_C), cd.AudioDecoder(AUDIO_C)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=3e-3)
    wave, ctl = torch.from_numpy(ds.audio), torch.from_numpy(ds.controls)
    cw = torch.tensor([1.0, 1.0, 4.0])

    def step(_):
        idx = torch.randint(0, len(ds), (64,))
        z = enc(cd.audio_features(wave[idx], ds.n))
        zn = z + 0.1 * z.detach().std() * torch.randn_like(z)
        y = dec(zn)
        loss = ((y - ctl[idx]) ** 2 * cw).mean()
        reg = 1e-4 * z.pow(2).mean()
        opt.zero_grad()
        (loss + reg).backward()
        opt.step()
        return {"ctl": loss.item()}

    steps = run_for(a.audio_ae_minutes, step, opt, 3e-3, label="audio-ae")
    torch.save({"enc": enc.state_dict(), "dec": dec.state_dict(), "steps": steps}, os.path.join(a.work, "audio_ae.pt"))
    log(f"audio-ae done after {steps} steps")


# ------------------------------------------------------------------------------------------------ latents

@torch.no_grad()
def encode(a):
    v = torch.load(os.path.join(a.work, "video_ae.pt"))
    au = torch.load(os.path.join(a.work, "audio_ae.pt"))
    venc, aenc = cd.VideoEncoder(VIDEO_C), cd.AudioEncoder(AUDIO_C)
    venc.load_state_dict(v["enc"])
    aenc.load_state_dict(au["enc"])
    import glob
    files = sorted(glob.glob(os.path.join(a.data, "shard-*.safetensors")))
    vids, auds, prompts, specs = [], [], [], []
    from st import read
    for f in files:
        t, m = read(f, names={"video", "audio"})
        for s in range(0, t["video"].shape[0], 16):
            g = cd.latent_groups(t["video"][s:s + 16])                       # [B, T, 4, 3, 64, 64]
            b, tl = g.shape[:2]
            z = venc(g.reshape(b * tl, 4, 3, 64, 64))                       # [B*T, C, 4, 4]
            vids.append(z.reshape(b, tl, VIDEO_C, 4, 4).permute(0, 2, 1, 3, 4).contiguous())
        w = torch.from_numpy(t["audio"])
        n = w.shape[1] // cd.HOP
        auds.append(aenc(cd.audio_features(w, n)))
        prompts += json.loads(m["prompts"])
        specs += json.loads(m["specs"])
        log(f"encoded {os.path.basename(f)}")
    vz, az = torch.cat(vids), torch.cat(auds)                                # [N, C, T, 4, 4], [N, n, A]
    vmean, vstd = vz.mean((0, 2, 3, 4)), vz.std((0, 2, 3, 4))
    amean, astd = az.mean((0, 1)), az.std((0, 1))
    vz = (vz - vmean[None, :, None, None, None]) / vstd[None, :, None, None, None]
    az = (az - amean) / astd
    torch.save({"video": vz, "audio": az, "prompts": prompts, "specs": specs, "vmean": vmean, "vstd": vstd,
                "amean": amean, "astd": astd}, os.path.join(a.work, "latents.pt"))
    log(f"latents: {vz.shape[0]} clips, video std per channel {vstd.numpy().round(3)}, audio {astd.numpy().round(3)}")


# ------------------------------------------------------------------------------------------------ DiT

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


def dit(a):
    lat = torch.load(os.path.join(a.work, "latents.pt"))
    meta = json.load(open(os.path.join(a.data, "dataset.json")))
    vocab = ["<unk>"] + meta["vocabulary"]
    vz, az = lat["video"], lat["audio"]
    ids = [token_ids(p, vocab, TEXT_POSITIONS) for p in lat["prompts"]]
    neg = token_ids(NEGATIVE, vocab, TEXT_POSITIONS)
    buckets = {}
    for i, t in enumerate(ids):
        buckets.setdefault(len(t), []).append(i)
    keys = sorted(buckets)
    weights = np.array([len(buckets[k]) for k in keys], dtype=np.float64)
    weights /= weights.sum()
    log(f"DiT on {len(ids)} clips, text lengths {dict((k, len(buckets[k])) for k in keys)}")

    cfg = DitConfig(DIT_CONFIG)
    model = MagiHumanDit(cfg, ROPE_BANDS)
    text = TextEncoder(vocab)
    path = os.path.join(a.work, "dit.pt")
    if a.resume and os.path.exists(path):
        ck = torch.load(path)
        model.load_state_dict(ck["ema_dit"])
        text.load_state_dict(ck["ema_text"])
        log("resumed from dit.pt (EMA weights)")
    nparam = sum(p.numel() for p in model.parameters())
    log(f"DiT parameters: {nparam}")
    ema_m, ema_t = copy.deepcopy(model), copy.deepcopy(text)
    params = list(model.parameters()) + list(text.parameters())
    opt = torch.optim.AdamW(params, lr=a.dit_lr, weight_decay=0.01, betas=(0.9, 0.98))
    last_save = [time.time()]

    def save(step):
        torch.save({"ema_dit": ema_m.state_dict(), "ema_text": ema_t.state_dict(), "dit": model.state_dict(),
                    "text": text.state_dict(), "step": step, "vocab": vocab}, path + ".tmp")
        os.replace(path + ".tmp", path)

    def step(i):
        k = keys[np.random.choice(len(keys), p=weights)]
        idx = torch.tensor(random.choices(buckets[k], k=a.dit_batch))
        x0v, x0a = vz[idx], az[idx]
        # one batch in ten is unconditional (the negative prompt, one token), so UniPC with guidance can be used too;
        # whole batches, because the samples of a batch share their token counts
        tid = torch.tensor([neg] * a.dit_batch) if random.random() < 0.1 else torch.tensor([ids[j] for j in idx.tolist()])
        tf = text(tid)
        s = sample_sigma(a.dit_batch, a.shift)
        ev, ea = torch.randn_like(x0v), torch.randn_like(x0a)
        sv, sa = s[:, None, None, None, None], s[:, None, None]
        xv, xa = (1 - sv) * x0v + sv * ev, (1 - sa) * x0a + sa * ea
        pv, pa = model(xv, xa, tf)
        lv, la = F.mse_loss(pv, ev - x0v), F.mse_loss(pa, ea - x0a)
        loss = lv + la
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        d = min(a.ema, (1 + i) / (10 + i))
        with torch.no_grad():
            for e, p in zip(list(ema_m.parameters()) + list(ema_t.parameters()), params):
                e.mul_(d).add_(p.detach(), alpha=1 - d)
        if time.time() - last_save[0] > 120:
            save(i)
            last_save[0] = time.time()
        return {"video": lv.item(), "audio": la.item()}

    steps = run_for(a.dit_minutes, step, opt, a.dit_lr, every=20, label="dit")
    save(steps)
    log(f"dit done after {steps} steps")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", default="assets/models/demo")
    ap.add_argument("--goldens", default="tests/fixtures/demo-model")
    ap.add_argument("--phase", default="all", choices=["all", "video-ae", "audio-ae", "encode", "dit", "video-dec", "export"])
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1 by default: on a shared 2-core machine two OpenMP threads spin against each "
                         "other and ran 20x slower in our measurements; OMP_WAIT_POLICY=PASSIVE is set as well)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--video-ae-minutes", type=float, default=18)
    ap.add_argument("--audio-ae-minutes", type=float, default=1.5)
    ap.add_argument("--video-dec-minutes", type=float, default=7)
    ap.add_argument("--dec-lr", type=float, default=1e-3)
    ap.add_argument("--dit-minutes", type=float, default=75)
    ap.add_argument("--ae-shards", type=int, default=4)
    ap.add_argument("--ae-batch", type=int, default=24)
    ap.add_argument("--ae-lr", type=float, default=2e-3)
    ap.add_argument("--ae-noise", type=float, default=0.03, help="latent noise while training the video autoencoder, "
                    "relative to the latent's standard deviation (keeps the decoder tolerant of imperfect DiT samples)")
    ap.add_argument("--dit-batch", type=int, default=32)
    ap.add_argument("--dit-lr", type=float, default=1e-3)
    ap.add_argument("--ema", type=float, default=0.995)
    ap.add_argument("--shift", type=float, default=3.0)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--steps", type=int, default=8, help="sampler steps written to model.json")
    ap.add_argument("--sample-shift", type=float, default=3.0, help="sampler shift written to model.json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    random.seed(a.seed)
    os.makedirs(a.work, exist_ok=True)
    phases = ["video-ae", "audio-ae", "encode", "dit", "video-dec", "export"] if a.phase == "all" else [a.phase]
    for p in phases:
        log(f"phase {p}")
        if p == "export":
            import export
            export.export(a, DIT_CONFIG, ROPE_BANDS, VIDEO_C, AUDIO_C, NEGATIVE)
        else:
            {"video-ae": video_ae, "audio-ae": audio_ae, "encode": encode, "dit": dit, "video-dec": video_decoder_finetune}[p](a)


if __name__ == "__main__":
    main()
