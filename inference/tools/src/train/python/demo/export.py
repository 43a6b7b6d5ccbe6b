"""Writes the trained demo model as a Gallop model folder (engine format) and the parity goldens the Java tests check."""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import st   # noqa: E402
from data import token_ids   # noqa: E402
from dit import DitConfig, MagiHumanDit   # noqa: E402

SAMPLE_RATE, HOP = 16000, 640


def load(a, dit_config, bands):
    ck = torch.load(os.path.join(a.work, "dit.pt"))
    model = MagiHumanDit(DitConfig(dit_config), bands)
    model.load_state_dict(ck["ema_dit"])
    return model, ck


def encode_text(prompt, vocab, emb, pos):
    ids = token_ids(prompt, vocab, pos.shape[0])
    return (emb[ids] + pos[:len(ids)])[None]


def render(prompt_body, describe=None):
    sound = describe if describe else "No prominent background sound"
    return f"{prompt_body}\n\nBackground Sound:\n<{sound}>"


def export(a, dit_config, bands, video_c, audio_c, negative, downsample):
    model, ck = load(a, dit_config, bands)
    emb, pos, vocab = ck["ema_text"]["embedding"], ck["ema_text"]["position"], ck["vocab"]
    out = a.out
    for sub in ("dit", "text_encoder", "video_decoder", "audio_decoder"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    with open(os.path.join(out, "dit", "config.json"), "w") as f:
        json.dump(dit_config, f, indent=2)
    st.write(os.path.join(out, "dit", "model.safetensors"), {k: v.numpy() for k, v in model.state_dict().items()},
             {"format": "pt", "note": f"gallop demo model, trained from scratch on procedural clips ({ck['step']} steps)"})
    with open(os.path.join(out, "text_encoder", "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    st.write(os.path.join(out, "text_encoder", "text_encoder.safetensors"),
             {"embedding.weight": emb.numpy(), "position.weight": pos.numpy()})
    st.write(os.path.join(out, "video_decoder", "decoder.safetensors"),
             {"latent_mean": ck["vmean"].numpy(), "latent_std": ck["vstd"].numpy()})
    with open(os.path.join(out, "video_decoder", "config.json"), "w") as f:
        json.dump({"latent_channels": video_c, "spatial_downsample": downsample}, f, indent=2)
    st.write(os.path.join(out, "audio_decoder", "decoder.safetensors"),
             {"latent_mean": ck["amean"].numpy(), "latent_std": ck["astd"].numpy()})
    with open(os.path.join(out, "audio_decoder", "config.json"), "w") as f:
        json.dump({"latent_channels": audio_c, "sample_rate": SAMPLE_RATE, "hop": HOP}, f, indent=2)
    manifest = {"format": "gallop-model", "version": 1, "name": "demo", "dit": "dit",
                "text_encoder": {"kind": "words", "path": "text_encoder"},
                "video_decoder": {"kind": "demo-scene", "path": "video_decoder"},
                "audio_decoder": {"kind": "demo-tone", "path": "audio_decoder"},
                "sampler": "distill", "steps": a.steps, "shift": a.sample_shift, "spatial_downsample": downsample,
                "video_size": "128x128", "aspect_sizes": {"16:9": "448x256", "9:16": "256x448"},
                "precision": "f32", "negative_prompt": negative}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(time.strftime("%H:%M:%S"), f"wrote {out}", flush=True)
    goldens(a, model, ck, emb, pos, vocab)


@torch.no_grad()
def goldens(a, model, ck, emb, pos, vocab):
    """DiT forwards on the square and the wide token grid, and the decoders' de-standardisation."""
    os.makedirs(a.goldens, exist_ok=True)
    g = torch.Generator().manual_seed(1234)
    cfg = model.cfg
    prompt = render("a green triangle moving up on a black background", "a tone rising in pitch")
    text = encode_text(prompt, vocab, emb, pos)
    for name, (t, h, w, n) in {"dit_io": (13, 4, 4, 51), "dit_wide_io": (4, 8, 14, 13)}.items():
        xv = torch.randn(1, cfg.c, t, h, w, generator=g)
        xa = torch.randn(1, n, cfg.ca, generator=g)
        ov, oa = model(xv, xa, text)
        st.write(os.path.join(a.goldens, name + ".safetensors"),
                 {"video": xv[0].numpy(), "audio": xa[0].numpy(), "text": text[0].numpy(),
                  "out_video": ov[0].numpy(), "out_audio": oa[0].numpy()}, {"prompt": prompt})
    zv = torch.randn(cfg.c, 3, 4, 4, generator=g)
    scene = zv.mean((2, 3)).T * ck["vstd"] + ck["vmean"]                                  # [T, C] raw
    za = torch.randn(11, cfg.ca, generator=g)
    controls = za * ck["astd"] + ck["amean"]
    st.write(os.path.join(a.goldens, "decoders_io.safetensors"),
             {"video_latent": zv.numpy(), "scene": scene.numpy(), "audio_latent": za.numpy(), "controls": controls.numpy()})
    print(time.strftime("%H:%M:%S"), f"wrote goldens to {a.goldens}", flush=True)
