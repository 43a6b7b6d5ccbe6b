#!/usr/bin/python3
"""Writes the float64 reference golden sets under tests/fixtures/f64/, or checks the float64 implementations
against golden sets produced by the upstream reference code.

    /usr/bin/python3 tests/reference/make_goldens.py write [OUT]          # default OUT: tests/fixtures/f64
    /usr/bin/python3 tests/reference/make_goldens.py check SHARED_GOLDENS # e.g. /work/shared/goldens

The models are independent float64 implementations written from the MagiHuman model spec (§1, §3.4, §4, §5,
§11-§13), in numpy only. Each set is written in exactly the format of the corresponding shared set (config.json,
weights.safetensors, io.safetensors, same tensor names and layouts), so the same parity tests read it. Weights and
inputs are seeded random numbers; running the script twice gives byte-identical files.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dit  # noqa: E402
import oobleck as ob  # noqa: E402
import sr_latent as sr  # noqa: E402
import st  # noqa: E402
import t5gemma as t5  # noqa: E402
import turbo_vaed as tv  # noqa: E402
import wan_vae  # noqa: E402

GENERATOR = "tests/reference/make_goldens.py (numpy %s, float64)" % np.__version__
F32 = np.float32


def f32(x):
    return np.asarray(x, dtype=np.float64).astype(F32)


def batch(x):
    return f32(x)[None]


def dump_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def conv_init(rng, shape):
    fan_in = int(np.prod(shape[1:]))
    return rng.standard_normal(shape) * float(np.clip(1 / np.sqrt(fan_in), 0.02, 0.1))


# ---------------------------------------------------------------------------------------------------------------
# Turbo-VAED: window plans over a range of lengths, decodes shorter than, equal to and longer than one window


def turbo_weights(cfg, rng):
    shapes = {"conv_in.conv": (cfg.widths[-1], cfg.latent, 3, 3, 3)}
    top = cfg.widths[-1]
    for j in range(cfg.mid):
        for k in (1, 2):
            shapes["mid_block.resnets.%d.conv%d.conv" % (j, k)] = (top, top, 3, 3, 3)
    for b, bl in enumerate(cfg.blocks):
        p = "up_blocks.%d." % b
        ci, co = bl["cin"], bl["cout"]
        if ci != co:
            shapes[p + "conv_in.conv1.conv"] = (co, ci, 3, 3, 3)
            shapes[p + "conv_in.conv2.conv"] = (co, co, 3, 3, 3)
            shapes[p + "conv_in.conv_shortcut.conv"] = (co, ci, 1, 1, 1)
        if bl["up"]:
            if bl["time"]:
                shapes[p + "upsamplers.0.time_conv.conv"] = (2 * co, co, 3, 1, 1)
            shapes[p + "upsamplers.0.resample.1"] = (co, co, 3, 3)
        for j in range(bl["resnets"]):
            for k in (1, 2):
                shapes[p + "resnets.%d.conv%d.conv" % (j, k)] = (co, co, 3, 3, 3)
    shapes["conv_out.conv"] = (cfg.out * 4, cfg.widths[0], 3, 3, 3)
    w = {}
    for name in sorted(shapes):
        w[name + ".weight"] = f32(conv_init(rng, shapes[name])).astype(np.float64)
        w[name + ".bias"] = f32(rng.standard_normal(shapes[name][0]) * 0.02).astype(np.float64)
    return w


def write_turbo(out):
    cfg_json = {
        "in_channels": 3, "out_channels": 3, "latent_channels": 48,
        "decoder_block_out_channels": [6, 8, 10, 12],
        "decoder_layers_per_block": [2, 2, 2, 3, 3],
        "decoder_spatio_temporal_scaling": [False, True, True, True],
        "decoder_spatio_only": [False, True, False, False],
        "decoder_is_dw_conv": [False, False, False, False, False],
        "decoder_dw_kernel_size": 5, "decoder_causal": False,
        "patch_size": 2, "patch_size_t": 1, "resnet_norm_eps": 1e-06, "scaling_factor": 1,
        "spatial_compression_ratio": 16, "temporal_compression_ratio": 4,
        "first_chunk_size": 7, "step_size": 7, "use_unpatchify": True,
        "_note": "TurboVAED constructor arguments: the TurboV3-Wan22-TinyShallow_7_7 flags with tiny widths; written by "
                 "an independent float64 implementation of the spec (tests/reference/turbo_vaed.py)",
        "real_decoder_block_out_channels": [64, 128, 256, 512],
        "seed": 5150,
        "weight_init": "conv weight ~ N(0, clamp(1/sqrt(fan_in),0.02,0.1)), bias ~ N(0,0.02), rounded to float32; "
                       "norms have no affine params",
    }
    cfg = tv.Config(cfg_json)
    rng = np.random.default_rng(cfg_json["seed"])
    w = turbo_weights(cfg, rng)
    # (name, T, H, W, store the first window's intermediates)
    cases = [("L1", 1, 2, 2, False), ("L2", 2, 1, 2, False), ("L3", 3, 1, 1, True), ("L15", 15, 1, 1, False)]
    io = {"const.latent_mean": f32(tv.LATENT_MEAN), "const.latent_std": f32(tv.LATENT_STD)}
    cfg_json["cases"] = {}
    for name, t, h, ww, inter in cases:
        latent = f32(rng.standard_normal((48, t, h, ww))).astype(np.float64)
        taps = {}
        rgb, calls = tv.decode(cfg, w, latent, taps=taps)
        io[name + ".latent"] = batch(latent)
        io[name + ".decoded"] = batch(rgb)
        frames = tv.to_frames(f32(rgb))
        if t < 7:
            io[name + ".frames_u8"] = frames
        if inter:
            for k in ("decoder_input", "conv_in", "mid_block", "up_blocks.0", "up_blocks.1"):
                io[name + ".inter." + k] = batch(taps["window0"][k])
        cfg_json["cases"][name] = {
            "latent_shape": [1, 48, t, h, ww], "decoded_shape": [1] + list(rgb.shape),
            "frames_u8_shape": list(frames.shape),
            "padded_latent_frames": tv.window_plan(t, cfg.first, cfg.step)[0],
            "windows": [{k: c[k] for k in ("latent_frames_in", "is_first_chunk", "raw_out_frames", "latent_from")} for c in calls]}
    plans = {}
    for t in range(1, 31):
        padded, wins = tv.window_plan(t, cfg.first, cfg.step)
        s = cfg.frame_stride
        plans[str(t)] = {
            "padded_latent_frames": padded, "output_frames": 1 + s * (t - 1),
            "windows": [{"latent_from": a, "latent_frames_in": b - a, "is_first_chunk": first,
                         "raw_out_frames": 1 + s * (b - a - 1) if first else s * (b - a),
                         "kept_from": left * s, "kept_to": (1 + s * (b - a - 1) if first else s * (b - a)) - right * s}
                        for a, b, left, right, first in wins]}
    cfg_json["window_plans"] = plans
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg_json)
    st.write(os.path.join(out, "weights.safetensors"), {"decoder." + k: f32(v) for k, v in w.items()}, {"generator": GENERATOR})
    st.write(os.path.join(out, "io.safetensors"), io, {"generator": GENERATOR})


# ---------------------------------------------------------------------------------------------------------------
# Wan2.2 encoder: another base width, an image whose latent has odd sides


def write_wan(out):
    cfg = {"z_dim": 48, "c_dim": 2, "real_c_dim": 160, "dim_mult": [1, 2, 4, 4], "num_res_blocks": 2, "attn_scales": [],
           "temperal_downsample": [False, True, True], "patch_size": 2, "seed": 6061, "image_shape": [1, 3, 1, 48, 80],
           "_note": "Wan2_2_VAE encoder path, single image; written by an independent float64 implementation of the spec "
                    "(tests/reference/wan_vae.py)",
           "weight_init": "conv weight ~ N(0, clamp(1/sqrt(fan_in),0.02,0.1)), bias ~ N(0,0.02), RMS gamma ~ 1+N(0,0.1); "
                          "rounded to float32"}
    dims = [cfg["c_dim"] * m for m in [1] + cfg["dim_mult"]]
    cfg["encoder_dims"] = dims
    cfg["encoder_out_channels"] = 2 * cfg["z_dim"]
    shapes, gammas = {}, {}

    def res(p, ci, co):
        gammas[p + "residual.0.gamma"] = (ci, 1, 1, 1)
        shapes[p + "residual.2"] = (co, ci, 3, 3, 3)
        gammas[p + "residual.3.gamma"] = (co, 1, 1, 1)
        shapes[p + "residual.6"] = (co, co, 3, 3, 3)
        if ci != co:
            shapes[p + "shortcut"] = (co, ci, 1, 1, 1)

    shapes["encoder.conv1"] = (dims[0], 12, 3, 3, 3)
    for i in range(4):
        p = "encoder.downsamples.%d." % i
        ci, co = dims[i], dims[i + 1]
        res(p + "downsamples.0.", ci, co)
        res(p + "downsamples.1.", co, co)
        if i < 3:
            shapes[p + "downsamples.2.resample.1"] = (co, co, 3, 3)
            if cfg["temperal_downsample"][i]:
                shapes[p + "downsamples.2.time_conv"] = (co, co, 3, 1, 1)
    top = dims[-1]
    res("encoder.middle.0.", top, top)
    gammas["encoder.middle.1.norm.gamma"] = (top, 1, 1)
    shapes["encoder.middle.1.to_qkv"] = (3 * top, top, 1, 1)
    shapes["encoder.middle.1.proj"] = (top, top, 1, 1)
    res("encoder.middle.2.", top, top)
    gammas["encoder.head.0.gamma"] = (top, 1, 1, 1)
    shapes["encoder.head.2"] = (96, top, 3, 3, 3)
    shapes["conv1"] = (96, 96, 1, 1, 1)
    rng = np.random.default_rng(cfg["seed"])
    w = {}
    for name in sorted(set(shapes) | set(gammas)):
        if name in gammas:
            w[name] = f32(1 + 0.1 * rng.standard_normal(gammas[name])).astype(np.float64)
        else:
            w[name + ".weight"] = f32(conv_init(rng, shapes[name])).astype(np.float64)
            w[name + ".bias"] = f32(rng.standard_normal(shapes[name][0]) * 0.02).astype(np.float64)
    image = f32(np.tanh(rng.standard_normal((3, 1, 48, 80)))).astype(np.float64)
    taps = {}
    lat = wan_vae.encode(cfg, w, image, taps=taps)
    cfg["latent_shape"] = [1] + list(lat.shape)
    io = {"image": batch(image), "latent_mu_normalised": batch(lat),
          "const.latent_mean": f32(tv.LATENT_MEAN), "const.latent_std": f32(tv.LATENT_STD)}
    for k, v in taps.items():
        if k != "latent_mu_normalised":
            io["inter." + k] = batch(v)
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg)
    st.write(os.path.join(out, "weights.safetensors"), {k: f32(v) for k, v in w.items()}, {"generator": GENERATOR})
    st.write(os.path.join(out, "io.safetensors"), io, {"generator": GENERATOR})


# ---------------------------------------------------------------------------------------------------------------
# Oobleck: base width 2, odd latent lengths, the resample on another length


def write_oobleck(out):
    ch = 2
    part = {"channels": ch, "c_mults": [1, 2, 4, 8, 16], "strides": [2, 4, 4, 8, 8], "use_snake": True}
    cfg = {"_note": "Stable-Audio-Open Oobleck autoencoder (pretransform), base width 2, the real strides; written by an "
                    "independent float64 implementation of the spec (tests/reference/oobleck.py)",
           "model_config_pretransform": {"type": "autoencoder", "iterate_batch": True, "config": {
               "encoder": {"type": "oobleck", "requires_grad": False, "config": dict(part, in_channels=2, latent_dim=128)},
               "decoder": {"type": "oobleck", "config": dict(part, out_channels=2, latent_dim=64, final_tanh=False)},
               "bottleneck": {"type": "vae"}, "latent_dim": 64, "downsampling_ratio": 2048, "io_channels": 2}},
           "real_channels": 128, "seed": 4242, "decoder_latent_frames": 3, "encoder_latent_frames": 2,
           "waveform_rate_convention_hz": 51200, "resample_ratio": "441/512", "resample_latent_frames": 1,
           "weight_init": "weight_v ~ N(0,1); weight_g = gain*sqrt(numel per slice / fan_in)*(1+0.1 N), gain 0.8 (decoder) or 0.6 (encoder); "
                          "bias ~ N(0,0.02); SnakeBeta alpha,beta (log-scale) ~ N(0,0.4); rounded to float32"}
    mults = [1] + part["c_mults"]
    strides = part["strides"]
    depth = len(strides)
    shapes, snakes, nobias, bias = {}, {}, set(), {}

    def unit(p, c):
        snakes[p + "layers.0."] = c
        shapes[p + "layers.1."] = (c, c, 7)
        snakes[p + "layers.2."] = c
        shapes[p + "layers.3."] = (c, c, 1)

    shapes["decoder.layers.0."] = (ch * mults[-1], 64, 7)
    for b in range(depth):
        ci, co, s = ch * mults[depth - b], ch * mults[depth - b - 1], strides[depth - 1 - b]
        q = "decoder.layers.%d.layers." % (b + 1)
        snakes[q + "0."] = ci
        shapes[q + "1."] = (ci, co, 2 * s)          # transposed conv: [Cin, Cout, K]
        bias[q + "1."] = co
        for u in range(3):
            unit(q + "%d." % (u + 2), co)
    snakes["decoder.layers.%d." % (depth + 1)] = ch
    shapes["decoder.layers.%d." % (depth + 2)] = (2, ch, 7)
    nobias.add("decoder.layers.%d." % (depth + 2))
    shapes["encoder.layers.0."] = (ch, 2, 7)
    for b in range(depth):
        ci, co, s = ch * mults[b], ch * mults[b + 1], strides[b]
        q = "encoder.layers.%d.layers." % (b + 1)
        for u in range(3):
            unit(q + "%d." % u, ci)
        snakes[q + "3."] = ci
        shapes[q + "4."] = (co, ci, 2 * s)
    snakes["encoder.layers.%d." % (depth + 1)] = ch * mults[-1]
    shapes["encoder.layers.%d." % (depth + 2)] = (128, ch * mults[-1], 3)
    rng = np.random.default_rng(cfg["seed"])
    w = {}
    for p in sorted(set(shapes) | set(snakes)):
        if p in snakes:
            w[p + "alpha"] = f32(0.4 * rng.standard_normal(snakes[p])).astype(np.float64)
            w[p + "beta"] = f32(0.4 * rng.standard_normal(snakes[p])).astype(np.float64)
            continue
        shp = shapes[p]
        v = rng.standard_normal(shp)
        fan_in = shp[0] * shp[2] if p in bias else shp[1] * shp[2]
        per_slice = int(np.prod(shp[1:]))
        g = (0.8 if p.startswith("decoder") else 0.6) * np.sqrt(per_slice / fan_in) * (1 + 0.1 * rng.standard_normal((shp[0], 1, 1)))
        w[p + "weight_v"] = f32(v).astype(np.float64)
        w[p + "weight_g"] = f32(g).astype(np.float64)
        if p not in nobias:
            w[p + "bias"] = f32(0.02 * rng.standard_normal(bias.get(p, shp[0]))).astype(np.float64)
    io = {}
    dec = cfg["model_config_pretransform"]["config"]["decoder"]["config"]
    enc = cfg["model_config_pretransform"]["config"]["encoder"]["config"]
    latent = f32(rng.standard_normal((64, cfg["decoder_latent_frames"]))).astype(np.float64)
    taps = {}
    wave = ob.decode(dec, w, latent, taps)
    io["decoder.latent"], io["decoder.wave"] = batch(latent), batch(wave)
    for k in ("layers.0", "layers.1", "layers.3"):
        io["decoder.inter." + k] = batch(taps[k])
    n = 2048 * cfg["encoder_latent_frames"]
    t = np.arange(n) / 51200.0
    x = 0.4 * np.sin(2 * np.pi * np.array([[330.0], [523.0]]) * t) + 0.1 * rng.standard_normal((2, n))
    x = f32(x).astype(np.float64)
    taps = {}
    mean, scale = ob.encode_moments(enc, w, x, taps)
    eps = f32(rng.standard_normal(mean.shape)).astype(np.float64)
    sampled, stdev = ob.sample(mean, scale, eps)
    io.update({"encoder.wave": batch(x), "encoder.mean": batch(mean), "encoder.scale": batch(scale),
               "encoder.stdev": batch(stdev), "encoder.noise": batch(eps), "encoder.latent_sampled": batch(sampled)})
    for k in ("layers.1", "layers.2", "layers.5"):
        io["encoder.inter." + k] = batch(taps[k])
    m = 2048 * cfg["resample_latent_frames"]
    tt = np.arange(m) / 51200.0
    rs_in = f32(np.stack([0.5 * np.sin(2 * np.pi * 440 * tt), 0.3 * np.sin(2 * np.pi * 1250 * tt + 0.5)], axis=1)
                + 0.05 * rng.standard_normal((m, 2))).astype(np.float64)
    rs = ob.resample_441(rs_in)
    io.update({"resample.input_51200": f32(rs_in), "resample.output_44100": f32(rs), "resample.output_44100_f64ref": rs})
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg)
    st.write(os.path.join(out, "weights.safetensors"), {"pretransform.model." + k: f32(v) for k, v in w.items()},
             {"generator": GENERATOR})
    st.write(os.path.join(out, "io.safetensors"), io, {"generator": GENERATOR})


# ---------------------------------------------------------------------------------------------------------------
# SR latent: a one-frame latent with size-1 sides, an odd upsample ratio, another audio length


def write_sr(out):
    table = sr.sqrt_alpha_bar()
    s = float(F32(table[sr.NOISE_VALUE]))
    n = float(F32(np.sqrt(1.0 - table[sr.NOISE_VALUE] ** 2)))
    cfg = {"_note": "SR stage latent path: trilinear(align_corners=True) upsample + VP re-noise; SR audio-token mix; written "
                    "by an independent float64 implementation of the spec (tests/reference/sr_latent.py)",
           "noise_value": sr.NOISE_VALUE, "signal_scale": s, "noise_scale": n,
           "signal_scale_f32_hex": "%08x" % F32(s).view(np.uint32), "noise_scale_f32_hex": "%08x" % F32(n).view(np.uint32),
           "ddpm": {"linear_start": 0.00085, "linear_end": 0.012, "num_timesteps": 1000, "beta_schedule": "sqrt-linear, float64",
                    "zero_terminal_snr_rescale": "on sqrt(alphas_cumprod) in float64"},
           "sr_audio_noise_scale": sr.AUDIO_NOISE_SCALE, "seed": 7373,
           "cases": {"one": {"in": [1, 48, 1, 1, 2], "size": [1, 3, 5]}, "odd": {"in": [1, 48, 2, 3, 5], "size": [2, 7, 13]}}}
    rng = np.random.default_rng(cfg["seed"])
    io = {"const.sigmas_1000": f32(table), "const.signal_scale": f32([s]), "const.noise_scale": f32([n]),
          "const.noise_value_index": np.array([sr.NOISE_VALUE], dtype=np.int64)}
    for c, v in cfg["cases"].items():
        lat = f32(rng.standard_normal(v["in"][1:])).astype(np.float64)
        up = sr.trilinear(lat, v["size"])
        noise = f32(rng.standard_normal(up.shape))
        io[c + ".latent_in"], io[c + ".upsampled"], io[c + ".noise"] = batch(lat), batch(up), noise[None]
        io[c + ".renoised"] = sr.renoise(f32(up), noise, s, n)[None]
    a_lat, a_noise = f32(rng.standard_normal((18, 64))), f32(rng.standard_normal((18, 64)))
    io["audio.latent_in"], io["audio.noise"] = a_lat[None], a_noise[None]
    io["audio.mixed"] = sr.audio_mix(a_lat, a_noise)[None]
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg)
    st.write(os.path.join(out, "weights.safetensors"), {}, {"generator": GENERATOR})
    st.write(os.path.join(out, "io.safetensors"), io, {"generator": GENERATOR})


# ---------------------------------------------------------------------------------------------------------------
# T5Gemma: another width and head layout, an odd layer count, text shorter and longer than the 640-row trim


def write_t5(out):
    cfg = {"name": "t5gemma-encoder-f64",
           "what": "T5Gemma encoder (MagiHuman's text encoder), scaled down, random weights; written by an independent "
                   "float64 implementation of the spec (tests/reference/t5gemma.py)",
           "hidden_size": 40, "num_hidden_layers": 3, "num_attention_heads": 6, "num_key_value_heads": 2, "head_dim": 12,
           "intermediate_size": 80, "vocab_size": 48, "q_proj_out": 72, "kv_proj_out": 24,
           "kv_head_of_q_head": [0, 0, 0, 1, 1, 1],
           "layer_types": ["sliding_attention", "full_attention", "sliding_attention"], "sliding_window": 5,
           "sliding_rule_reference": "key j visible from query i iff |i - j| < sliding_window (transformers 4.5x T5Gemma)",
           "attn_logit_softcapping": 50.0, "query_pre_attn_scalar": 12, "rms_norm_eps": 1e-06,
           "norm_scale": "1 + weight (weights stored zero-centred)", "rope_theta": 10000.0, "rope_dims": 12,
           "rope_style": "rotate-half (pairs d and d+head_dim/2), positions 0..L-1; inv_freq and angles in float32",
           "hidden_activation": "gelu_pytorch_tanh", "ffn": "down( gelu_tanh(gate(x)) * up(x) )",
           "embed_scale": "float32(sqrt(hidden_size))", "pad_token_id": 0, "bos_token_id": 2, "eos_token_id": 1, "bias": False,
           "magihuman_postprocess": "magi_fp16 = float32(float16(last_hidden_state)); MagiHuman then zero-pads or trims rows to 640"}
    cfg["rope_inv_freq_fp32"] = [float(v) for v in t5.inv_freq(cfg["head_dim"], cfg["rope_theta"])]
    h, q, kv, ff, vocab = 40, 72, 24, 80, cfg["vocab_size"]
    std = {"embed_tokens": 0.5, "q_proj": 0.3, "k_proj": 0.3, "v_proj": 0.15, "o_proj": 0.1, "gate_proj": 0.2,
           "up_proj": 0.15, "down_proj": 0.1, "norm": 0.3}
    cfg["init"] = {"generator": "numpy default_rng(seed).standard_normal(shape) * std per tensor, tensors in sorted key order; "
                                "rounded to bf16, stored as F32", "seed": 880, "std": std}
    shapes = {"model.encoder.embed_tokens.weight": (vocab, h), "model.encoder.norm.weight": (h,)}
    for i in range(cfg["num_hidden_layers"]):
        p = "model.encoder.layers.%d." % i
        shapes.update({p + "self_attn.q_proj.weight": (q, h), p + "self_attn.k_proj.weight": (kv, h),
                       p + "self_attn.v_proj.weight": (kv, h), p + "self_attn.o_proj.weight": (h, q),
                       p + "mlp.gate_proj.weight": (ff, h), p + "mlp.up_proj.weight": (ff, h), p + "mlp.down_proj.weight": (h, ff)})
        for n_ in ("pre_self_attn_layernorm", "post_self_attn_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm"):
            shapes[p + n_ + ".weight"] = (h,)
    rng = np.random.default_rng(cfg["init"]["seed"])
    w = {}
    for k in sorted(shapes):
        key = "norm" if k.endswith("layernorm.weight") or k.endswith("encoder.norm.weight") else k.split(".")[-2]
        w[k] = st.bf16_round(rng.standard_normal(shapes[k]) * std[key]).astype(np.float64)
    cfg["weights"] = {k: list(v) for k, v in sorted(shapes.items())}
    inputs = {"a": 13, "b": 2, "c": 645}
    ids = {c: rng.integers(3, vocab, size=n) for c, n in inputs.items()}
    cfg["inputs"] = {c: {"input_ids": [int(i) for i in ids[c]] if len(ids[c]) < 50 else "see io.safetensors", "length": len(ids[c])}
                     for c in inputs}
    cfg["inputs"].update({"id_range": [3, vocab - 1], "attention_mask": "all ones"})
    cfg["runs"] = {
        "a / b": {"role": "REFERENCE", "softcap": 50.0, "window_rule": "<", "dtype": "float32"},
        "a_nocap / b_nocap / c_nocap": {"role": "no soft-cap = what MagiHuman's default (SDPA) path computes; c is longer "
                                                "than the 640-row trim", "softcap": None, "window_rule": "<", "dtype": "float32"}}
    io = {}
    for c in inputs:
        io[c + ".input_ids"] = ids[c].astype(np.int64)
        io[c + ".attention_mask"] = np.ones(len(ids[c]), dtype=np.int64)
    for run, case, cap in (("a", "a", 50.0), ("b", "b", 50.0), ("a_nocap", "a", None), ("b_nocap", "b", None),
                           ("c_nocap", "c", None)):
        taps = {}
        y = t5.forward(cfg, w, ids[case], cap, "<", taps)
        if case != "c":
            io[run + ".last_hidden_state"] = f32(y)
        fp16 = t5.magi_fp16(y)
        if run == "a":
            for k, v in taps.items():
                if k != "last_hidden_state":
                    io[run + "." + k] = f32(v)
        elif case != "c":
            for i in range(cfg["num_hidden_layers"]):
                io[run + ".layer%d.out" % i] = f32(taps["layer%d.out" % i])
            io[run + ".embed_scaled"] = f32(taps["embed_scaled"])
        if case != "c":
            io[run + ".magi_fp16"] = fp16
        if run == "c_nocap":
            padded = np.zeros((640, h), dtype=F32)
            padded[:min(640, len(fp16))] = fp16[:640]
            io[run + ".magi_padded640"] = padded
    cfg["io"] = {k: [str(v.dtype), list(v.shape)] for k, v in sorted(io.items())}
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg)
    st.write(os.path.join(out, "weights.safetensors"), {k: f32(v) for k, v in w.items()}, {"generator": GENERATOR})
    st.write(os.path.join(out, "io.safetensors"), io, {"generator": GENERATOR})


# ---------------------------------------------------------------------------------------------------------------
# DiT: one attention head, explicit MLP widths, an odd frame count with a one-patch-high grid, audio of n = 25·s + 1
# style (not 4(T − 1) + 1), and frame-window local attention as in the 1080p super-resolution model


def write_dit(out):
    d = 128
    cfg = {"name": "magihuman-dit-f64",
           "what": "MagiHuman DiT, one head, a 16-channel video latent and 8-channel audio latent (the demo model's latent spaces), frame-window local attention; written by an independent float64 implementation "
                   "of the spec (tests/reference/dit.py)",
           "hidden_size": d, "num_layers": 2, "head_dim": 128, "num_heads_q": 1, "num_heads_kv": 1, "kv_head_of_q_head": [0],
           "mm_layers": [], "shared_layers": [0, 1], "num_experts_in_mm_layers": 3,
           "expert_index": {"video": 0, "audio": 1, "text": 2},
           "gelu7_layers": [0], "swiglu7_layers": [1], "gelu7_intermediate_size": 24, "swiglu7_intermediate_size": 20,
           "swiglu7_up_proj_width": 40, "qkv_width_per_expert": 385, "qkv_split_q_k_v_gate": [128, 128, 128, 1],
           "attention_gating": True, "activation_alpha": 1.702, "activation_clamp": 7.0, "norm_eps": 1e-06,
           "norm_weight_is_zero_centred": True, "post_norm_layers": [],
           "local_attn_layers": [0], "frame_receptive_field": 1,
           "rope_rotary_dims": 96, "rope_bands_per_axis": 16, "rope_axes": ["t", "h", "w"],
           "latent_channels": 16, "video_in_channels": 64, "audio_in_channels": 8, "text_in_channels": 24,
           "params_dtype": "float32", "token_order": "video, audio, text",
           "coords_styles": {"v2": "base/distill (text rotation angle 0)", "v1": "super-resolution model (text time spread over [0,1])"},
           "_note": "the MLP widths are set explicitly (not 4h and floor(8h/3)) and the text width is not 3584, so a port must "
                    "read them from this file; layer 0 uses the 1080p-SR frame-window attention with a receptive field of 1 "
                    "latent frame, layer 1 full attention; no layer has modality experts (the shared set covers them)",
           "weight_init": {"seed": 31337, "norm_weights_and_biases_std": 0.1, "up_gate_proj_std": "4/sqrt(hidden)",
                           "linear_proj_std": "8/sqrt(hidden)", "other_2d_weights_std": 0.02,
                           "rope_bands": "1/10000^(k/16) computed in float32"},
           "input_seed": 31338}
    bands = (F32(1.0) / np.power(F32(10000.0), np.arange(16, dtype=F32) / F32(16))).astype(F32)
    cfg["rope_bands"] = [float(b) for b in bands]
    qkv = 385
    shapes = {"adapter.video_embedder.weight": (d, 64), "adapter.video_embedder.bias": (d,),
              "adapter.audio_embedder.weight": (d, 8), "adapter.audio_embedder.bias": (d,),
              "adapter.text_embedder.weight": (d, 24), "adapter.text_embedder.bias": (d,),
              "final_norm_video.weight": (d,), "final_norm_audio.weight": (d,),
              "final_linear_video.weight": (64, d), "final_linear_audio.weight": (8, d)}
    for i in range(cfg["num_layers"]):
        m = 3 if i in cfg["mm_layers"] else 1
        p = "block.layers.%d." % i
        up = cfg["gelu7_intermediate_size"] if i in cfg["gelu7_layers"] else 2 * cfg["swiglu7_intermediate_size"]
        inter = cfg["gelu7_intermediate_size"] if i in cfg["gelu7_layers"] else cfg["swiglu7_intermediate_size"]
        shapes.update({p + "attention.pre_norm.weight": (d * m,), p + "attention.linear_qkv.weight": (qkv * m, d),
                       p + "attention.q_norm.weight": (128 * m,), p + "attention.k_norm.weight": (128 * m,),
                       p + "attention.linear_proj.weight": (d * m, d), p + "mlp.pre_norm.weight": (d * m,),
                       p + "mlp.up_gate_proj.weight": (up * m, d), p + "mlp.down_proj.weight": (d * m, inter)})
    rng = np.random.default_rng(cfg["weight_init"]["seed"])
    w, two_d = {}, set()
    for k in sorted(shapes):
        shp = shapes[k]
        if len(shp) == 1:
            w[k] = f32(0.1 * rng.standard_normal(shp)).astype(np.float64)
        else:
            sd = 4 / np.sqrt(d) if "up_gate_proj" in k else 8 / np.sqrt(d) if "linear_proj" in k else 0.02
            w[k] = st.bf16_round(sd * rng.standard_normal(shp)).astype(np.float64)
            two_d.add(k)
    w["adapter.rope.bands"] = bands.astype(np.float64)
    rng = np.random.default_rng(cfg["input_seed"])
    video = f32(rng.standard_normal((16, 5, 2, 4))).astype(np.float64)
    audio = f32(rng.standard_normal((18, 8))).astype(np.float64)
    text = f32(rng.standard_normal((3, 24))).astype(np.float64)
    cfg.update({"input_video_latent_shape": [16, 5, 2, 4], "input_audio_latent_shape": [18, 8],
                "input_text_features_shape": [3, 24], "tokens_video": 10, "tokens_audio": 18, "tokens_text": 3, "tokens_total": 31,
                "audio_reference_frames": (18 - 1) // 4 + 1})
    model = dit.Model(cfg, w)
    io = {"input.video_latent": f32(video), "input.audio_latent": f32(audio), "input.text_features": f32(text)}
    keep = {"v2": ("packed_video_tokens", "coords", "rope", "adapter_out", "final_norm_video", "final_norm_audio",
                   "head_video_tokens", "head_audio_tokens", "out_video", "out_audio",
                   "layer0.k_rope", "layer0.attn_core", "layer0.mlp_act"),
            "v1": ("coords", "rope", "out_video", "out_audio")}
    for style in ("v2", "v1"):
        taps = {}
        model.forward(video, audio, text, style, taps)
        for k, v in taps.items():
            if k in keep[style] or (k.startswith("layer") and k.endswith(".out")):
                io[style + "." + k] = f32(v)
    cfg["files"] = {"weights.safetensors": "2-D weights BF16 (bf16-exact values), 1-D tensors F32",
                    "io-fp32.safetensors": {"precision": "float64 reference rounded to float32", "styles": ["v2", "v1"],
                                            "per_layer_detail_styles": ["v2"], "per_layer_detail_layers": [0],
                                            "per_layer_detail_tensors": ["k_rope", "attn_core", "mlp_act"]}}
    os.makedirs(out, exist_ok=True)
    dump_json(os.path.join(out, "config.json"), cfg)
    st.write(os.path.join(out, "weights.safetensors"), {k: f32(v) for k, v in w.items()}, {"generator": GENERATOR}, bf16=two_d)
    st.write(os.path.join(out, "io-fp32.safetensors"), io, {"generator": GENERATOR, "precision": "fp32"})


WRITERS = {"turbo_vaed": write_turbo, "wan_vae_encoder": write_wan, "oobleck": write_oobleck, "sr_latent": write_sr,
           "t5gemma-encoder": write_t5, "magihuman-dit": write_dit}


def main(argv):
    if len(argv) >= 2 and argv[1] == "write":
        root = argv[2] if len(argv) > 2 else os.path.join(HERE, "..", "fixtures", "f64")
        only = argv[3:] or list(WRITERS)
        for name in only:
            WRITERS[name](os.path.join(root, name))
            print("wrote", os.path.normpath(os.path.join(root, name)))
        return 0
    if len(argv) == 3 and argv[1] == "check":
        import check_shared
        return check_shared.run(argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
