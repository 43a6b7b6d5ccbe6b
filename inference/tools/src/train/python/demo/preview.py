#!/usr/bin/env python3
"""Samples the demo model being trained (the --work folder of train.py) with the engine's distilled sampler and saves
a contact sheet: one row per prompt, every 6th frame. For a quick look during and after training.

  /usr/bin/python3 preview.py --work WORK --out sheet.png [--steps 8] [--shift 3] ["a red circle bouncing on a blue background" ...]
"""
import argparse
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import numpy as np   # noqa: E402
import torch   # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export as ex   # noqa: E402
import train as tr   # noqa: E402

DEFAULT = ["a red circle bouncing on a blue background", "a yellow square moving from left to right on a black background",
           "a green triangle moving up on a white background", "a white square spinning on a gray background",
           "a purple circle growing on a yellow background", "an orange triangle moving down on a blue background"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--shift", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("prompts", nargs="*")
    a = ap.parse_args()
    torch.set_num_threads(1)
    from PIL import Image
    vdec, adec, lat, model, emb, pos, vocab = ex.load(a, tr.DIT_CONFIG, tr.ROPE_BANDS, tr.VIDEO_C, tr.AUDIO_C)
    rows = []
    g = torch.Generator().manual_seed(a.seed)
    for p in a.prompts or DEFAULT:
        text = ex.encode_text(ex.render(p), vocab, emb, pos)
        with torch.no_grad():
            zv, za = ex.distill_sample(model, text, 13, 51, a.steps, a.shift, g)
            fr = ex.decode_video(vdec, lat, zv).numpy()
            ctl = ex.decode_audio(adec, lat, za).numpy()
        rows.append(np.concatenate([(fr[f] * 255).clip(0, 255).astype(np.uint8) for f in range(0, 49, 6)], 1))
        clicks = [i for i in range(ctl.shape[0]) if ctl[i, 2] > 0.5]
        print(f"{p}: pitch {ctl[0, 0]:.2f} -> {ctl[-1, 0]:.2f}, clicks at {clicks}")
    img = np.concatenate(rows, 0)
    Image.fromarray(img).resize((img.shape[1] * 2, img.shape[0] * 2), Image.NEAREST).save(a.out)


if __name__ == "__main__":
    main()
