"""Runs every float64 implementation of this folder on golden sets produced by the upstream reference code and
prints how far each stored tensor is from it: the check that the implementations follow the reference before their
own sets are trusted. Expected: max-abs differences of a few 1e-6 to 1e-5 (float32 rounding in those sets)."""
import json
import os

import numpy as np

import dit
import oobleck as ob
import sr_latent as sr
import st
import t5gemma as t5
import turbo_vaed as tv
import wan_vae


def _f64(d):
    return {k: v.astype(np.float64) for k, v in d.items()}


def _line(name, value, golden):
    value = np.asarray(value, dtype=np.float64).reshape(np.shape(golden))
    golden = np.asarray(golden, dtype=np.float64)
    diff = np.abs(value - golden).max() if golden.size else 0.0
    den = np.linalg.norm(golden)
    rel = np.linalg.norm(value - golden) / den if den > 0 else 0.0
    print("  %-44s max-abs %.2e  rel-L2 %.2e  (peak %.2e)" % (name, diff, rel, np.abs(golden).max() if golden.size else 0))
    return diff


def turbo(root):
    d = os.path.join(root, "magihuman-decoders", "turbo_vaed")
    cfg = tv.Config(json.load(open(os.path.join(d, "config.json"))))
    w = {k[len("decoder."):]: v for k, v in _f64(st.read(os.path.join(d, "weights.safetensors"))[0]).items()}
    io, _ = st.read(os.path.join(d, "io.safetensors"))
    print("turbo_vaed")
    for c in sorted({k.split(".")[0] for k in io if k.endswith(".latent")}):
        taps = {}
        out, _ = tv.decode(cfg, w, io[c + ".latent"][0].astype(np.float64), taps=taps)
        _line(c + ".decoded", out, io[c + ".decoded"][0])
        u8 = tv.to_frames(out.astype(np.float32))
        print("  %-44s %d of %d bytes differ" % (c + ".frames_u8", np.count_nonzero(u8 != io[c + ".frames_u8"]), u8.size))
        for k in sorted(io):
            if k.startswith(c + ".inter."):
                _line(k, taps["window0"][k[len(c) + 7:]], io[k][0])
            elif k.startswith(c + ".window"):
                win, name = k[len(c) + 1:].split(".", 1)
                _line(k, taps[win][name], io[k][0])


def wan(root):
    d = os.path.join(root, "magihuman-decoders", "wan_vae_encoder")
    cfg = json.load(open(os.path.join(d, "config.json")))
    w = _f64(st.read(os.path.join(d, "weights.safetensors"))[0])
    io, _ = st.read(os.path.join(d, "io.safetensors"))
    print("wan_vae_encoder")
    taps = {}
    wan_vae.encode(cfg, w, io["image"][0].astype(np.float64), taps=taps)
    for k, v in taps.items():
        key = "inter." + k if "inter." + k in io else k
        _line(key, v, io[key][0])


def oobleck(root):
    d = os.path.join(root, "magihuman-decoders", "oobleck")
    cfg = json.load(open(os.path.join(d, "config.json")))["model_config_pretransform"]["config"]
    w = {k[len("pretransform.model."):]: v for k, v in _f64(st.read(os.path.join(d, "weights.safetensors"))[0]).items()}
    io, _ = st.read(os.path.join(d, "io.safetensors"))
    print("oobleck")
    taps = {}
    wave = ob.decode(cfg["decoder"]["config"], w, io["decoder.latent"][0].astype(np.float64), taps)
    for k in sorted(io):
        if k.startswith("decoder.inter."):
            _line(k, taps[k[len("decoder.inter."):]], io[k][0])
    _line("decoder.wave", wave, io["decoder.wave"][0])
    taps = {}
    mean, scale = ob.encode_moments(cfg["encoder"]["config"], w, io["encoder.wave"][0].astype(np.float64), taps)
    for k in sorted(io):
        if k.startswith("encoder.inter."):
            _line(k, taps[k[len("encoder.inter."):]], io[k][0])
    _line("encoder.mean", mean, io["encoder.mean"][0])
    _line("encoder.scale", scale, io["encoder.scale"][0])
    sampled, stdev = ob.sample(mean, scale, io["encoder.noise"][0].astype(np.float64))
    _line("encoder.stdev", stdev, io["encoder.stdev"][0])
    _line("encoder.latent_sampled", sampled, io["encoder.latent_sampled"][0])
    r = ob.resample_441(io["resample.input_51200"].astype(np.float64))
    _line("resample.output_44100", r, io["resample.output_44100"])
    _line("resample.output_44100_f64ref", r, io["resample.output_44100_f64ref"])


def sr_latent(root):
    d = os.path.join(root, "magihuman-decoders", "sr_latent")
    cfg = json.load(open(os.path.join(d, "config.json")))
    io, _ = st.read(os.path.join(d, "io.safetensors"))
    print("sr_latent")
    table = sr.sqrt_alpha_bar()
    _line("const.sigmas_1000", table, io["const.sigmas_1000"])
    _line("const.signal_scale (as float32)", [np.float32(table[sr.NOISE_VALUE])], io["const.signal_scale"])
    for c, v in cfg["cases"].items():
        _line(c + ".upsampled", sr.trilinear(io[c + ".latent_in"][0].astype(np.float64), v["size"]), io[c + ".upsampled"][0])
        rn = sr.renoise(io[c + ".upsampled"], io[c + ".noise"], io["const.signal_scale"][0], io["const.noise_scale"][0])
        print("  %-44s bit-exact: %s" % (c + ".renoised", np.array_equal(rn, io[c + ".renoised"])))
    mixed = sr.audio_mix(io["audio.latent_in"], io["audio.noise"])
    print("  %-44s bit-exact: %s" % ("audio.mixed", np.array_equal(mixed, io["audio.mixed"])))


def t5gemma(root):
    d = os.path.join(root, "t5gemma-encoder-tiny")
    cfg = json.load(open(os.path.join(d, "config.json")))
    w = _f64(st.read(os.path.join(d, "weights.safetensors"))[0])
    io, _ = st.read(os.path.join(d, "io.safetensors"))
    print("t5gemma-encoder-tiny (fp32 runs)")
    for spec, s in cfg["runs"].items():
        if s.get("dtype") != "float32":
            continue
        for run in (r.strip() for r in spec.split("/")):
            taps = {}
            case = run.split("_")[0]
            y = t5.forward(cfg, w, io[case + ".input_ids"], s["softcap"], s["window_rule"], taps)
            worst = max(np.abs(v.reshape(io[run + "." + k].shape) - io[run + "." + k]).max()
                        for k, v in taps.items() if run + "." + k in io)
            flips = np.count_nonzero(t5.magi_fp16(y) != io[run + ".magi_fp16"])
            print("  %-44s worst max-abs %.2e over %d tensors; magi_fp16: %d elements on the other side of an fp16 "
                  "rounding boundary" % (run, worst, sum(1 for k in taps if run + "." + k in io), flips))


def magihuman_dit(root):
    d = os.path.join(root, "magihuman-dit-tiny")
    cfg = json.load(open(os.path.join(d, "config.json")))
    w = _f64(st.read(os.path.join(d, "weights.safetensors"))[0])
    io, _ = st.read(os.path.join(d, "io-fp32.safetensors"))
    print("magihuman-dit-tiny (io-fp32)")
    model = dit.Model(cfg, w)
    for style in ("v2", "v1"):
        taps = {}
        model.forward(io["input.video_latent"].astype(np.float64), io["input.audio_latent"].astype(np.float64),
                      io["input.text_features"].astype(np.float64), style, taps)
        worst = max((np.linalg.norm(v.reshape(io[style + "." + k].shape) - io[style + "." + k])
                     / max(np.linalg.norm(io[style + "." + k]), 1e-30), k) for k, v in taps.items() if style + "." + k in io)
        print("  %-44s worst rel-L2 %.2e (%s)" % (style, worst[0], worst[1]))


def run(root):
    for f in (turbo, wan, oobleck, sr_latent, t5gemma, magihuman_dit):
        f(root)
    return 0
