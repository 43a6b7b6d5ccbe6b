"""Writes the trained demo model as a Gallop model folder (engine format) and the parity goldens the Java tests check."""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latent_codecs as cd   # noqa: E402
import st   # noqa: E402
from data import token_ids   # noqa: E402
from dit import DitConfig, MagiHumanDit   # noqa: E402


def schedule(steps, shift):
    """FlowSchedule.shifted: N+1 sigmas, the last 0."""
    smax = float(np.float32(0.999))
    out = []
    for k in range(steps):
        u = k * ((0.0 - smax) / steps) + smax
        out.append(float(np.float32(shift * u / (1.0 + (shift - 1.0) * u))))
    return out + [0.0]


@torch.no_grad()
def distill_sample(model, text, t, n, steps, shift, gen):
    """The engine's distilled re-noising sampler (DistilledSampler), torch noise."""
    cfg = model.cfg
    xa = torch.randn(1, n, cfg.ca, generator=gen)
    xv = torch.randn(1, cfg.c, t, 4, 4, generator=gen)
    sig = schedule(steps, shift)
    for i in range(steps):
        v, va = model(xv, xa, text)
        x0v, x0a = xv - sig[i] * v, xa - sig[i] * va
        ev, ea = torch.randn(xv.shape, generator=gen), torch.randn(xa.shape, generator=gen)
        xv = sig[i + 1] * ev + (1 - sig[i + 1]) * x0v
        xa = sig[i + 1] * ea + (1 - sig[i + 1]) * x0a
    return xv, xa


def load(a, dit_config, bands, video_c, audio_c):
    v = torch.load(os.path.join(a.work, "video_ae.pt"))
    au = torch.load(os.path.join(a.work, "audio_ae.pt"))
    lat = torch.load(os.path.join(a.work, "latents.pt"))
    ck = torch.load(os.path.join(a.work, "dit.pt"))
    vdec, adec = cd.VideoDecoder(video_c), cd.AudioDecoder(audio_c)
    vdec.load_state_dict(v["dec"])
    adec.load_state_dict(au["dec"])
    model = MagiHumanDit(DitConfig(dit_config), bands)
    model.load_state_dict(ck["ema_dit"])
    emb, pos = ck["ema_text"]["embedding"], ck["ema_text"]["position"]
    return vdec, adec, lat, model, emb, pos, ck["vocab"]


def encode_text(prompt, vocab, emb, pos):
    ids = token_ids(prompt, vocab, pos.shape[0])
    return (emb[ids] + pos[:len(ids)])[None]


def decode_video(vdec, lat, z):
    """normalised latent [1, C, T, 4, 4] -> frames [F, 64, 64, 3] float in [0, 1]."""
    zr = z[0] * lat["vstd"][:, None, None, None] + lat["vmean"][:, None, None, None]      # [C, T, 4, 4]
    g = vdec(zr.permute(1, 0, 2, 3))                                                       # [T, 4, 3, 64, 64]
    return cd.frames_of_groups(g[None])[0].permute(0, 2, 3, 1)


def decode_audio(adec, lat, z):
    return adec(z * lat["astd"] + lat["amean"])[0]


def render(prompt_body, describe=None):
    sound = describe if describe else "No prominent background sound"
    return f"{prompt_body}\n\nBackground Sound:\n<{sound}>"


def export(a, dit_config, bands, video_c, audio_c, negative):
    vdec, adec, lat, model, emb, pos, vocab = load(a, dit_config, bands, video_c, audio_c)
    out = a.out
    for sub in ("dit", "text_encoder", "video_decoder", "audio_decoder"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    # DiT
    with open(os.path.join(out, "dit", "config.json"), "w") as f:
        json.dump(dit_config, f, indent=2)
    st.write(os.path.join(out, "dit", "model.safetensors"), {k: v.numpy() for k, v in model.state_dict().items()},
             {"format": "pt", "note": "gallop demo model, trained from scratch on procedural clips"})
    # text encoder
    with open(os.path.join(out, "text_encoder", "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    st.write(os.path.join(out, "text_encoder", "text_encoder.safetensors"),
             {"embedding.weight": emb.numpy(), "position.weight": pos.numpy()})
    # decoders
    vd = {k: v.numpy() for k, v in vdec.state_dict().items()}
    vd["latent_mean"], vd["latent_std"] = lat["vmean"].numpy(), lat["vstd"].numpy()
    st.write(os.path.join(out, "video_decoder", "decoder.safetensors"), vd)
    with open(os.path.join(out, "video_decoder", "config.json"), "w") as f:
        json.dump({"latent_channels": video_c, "widths": [64, 64, 48], "frames_per_latent": 4,
                   "spatial_downsample": 16}, f, indent=2)
    ad = {k: v.numpy() for k, v in adec.state_dict().items()}
    ad["latent_mean"], ad["latent_std"] = lat["amean"].numpy(), lat["astd"].numpy()
    st.write(os.path.join(out, "audio_decoder", "decoder.safetensors"), ad)
    with open(os.path.join(out, "audio_decoder", "config.json"), "w") as f:
        json.dump({"latent_channels": audio_c, "width": 32, "sample_rate": cd.SAMPLE_RATE, "hop": cd.HOP}, f, indent=2)
    manifest = {"format": "gallop-model", "version": 1, "name": "demo", "dit": "dit",
                "text_encoder": {"kind": "words", "path": "text_encoder"},
                "video_decoder": {"kind": "demo-video", "path": "video_decoder"},
                "audio_decoder": {"kind": "demo-audio", "path": "audio_decoder"},
                "sampler": "distill", "steps": a.steps, "shift": a.sample_shift, "spatial_downsample": 16,
                "video_size": "64x64", "precision": "f32", "negative_prompt": negative}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(time.strftime("%H:%M:%S"), f"wrote {out}", flush=True)
    goldens(a, vdec, adec, lat, model, emb, pos, vocab)


@torch.no_grad()
def goldens(a, vdec, adec, lat, model, emb, pos, vocab):
    os.makedirs(a.goldens, exist_ok=True)
    g = torch.Generator().manual_seed(1234)
    prompt = render("a green triangle moving up on a black background", "a tone rising in pitch")
    text = encode_text(prompt, vocab, emb, pos)
    cfg = model.cfg
    xv = torch.randn(1, cfg.c, 13, 4, 4, generator=g)
    xa = torch.randn(1, 51, cfg.ca, generator=g)
    ov, oa = model(xv, xa, text)
    st.write(os.path.join(a.goldens, "dit_io.safetensors"),
             {"video": xv[0].numpy(), "audio": xa[0].numpy(), "text": text[0].numpy(),
              "out_video": ov[0].numpy(), "out_audio": oa[0].numpy()}, {"prompt": prompt})
    zv = torch.randn(1, cfg.c, 3, 4, 4, generator=g)
    frames = decode_video(vdec, lat, zv)
    st.write(os.path.join(a.goldens, "video_decoder_io.safetensors"), {"latent": zv[0].numpy(), "frames": frames.numpy()})
    za = torch.randn(1, 11, cfg.ca, generator=g)
    ctl = decode_audio(adec, lat, za)
    wave = cd.tone_synth(ctl.numpy().astype(np.float32))
    st.write(os.path.join(a.goldens, "audio_decoder_io.safetensors"), {"latent": za[0].numpy(), "controls": ctl.numpy(), "audio": wave})
    print(time.strftime("%H:%M:%S"), f"wrote goldens to {a.goldens}", flush=True)
