"""The T5Gemma encoder (the encoder half used as MagiHuman's text encoder) in float64, written from the model spec
(§4 and §13). Two constants are defined in float32 by the model itself and are kept so: the embedding scale √H,
built as a tensor of the model dtype, and the RoPE inverse frequencies and angles (inv_freq in float32, angle =
position · inv_freq as a float32 product). Everything else is float64."""
import math

import numpy as np


def rms(x, w, eps):
    """Gemma RMS norm with a zero-centred weight: x / √(mean x² + eps) · (1 + w)."""
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * (1.0 + w)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def inv_freq(head_dim, theta):
    f = np.float32
    out = []
    for j in range(head_dim // 2):
        e = f(2 * j) / f(head_dim)
        out.append(f(1.0) / f(math.pow(float(f(theta)), float(e))))
    return np.array(out, dtype=np.float32)


def rope_tables(n, head_dim, theta):
    """cos and sin [L, D] (the half-width table repeated over both halves), angles as float32 products."""
    inv = inv_freq(head_dim, theta)
    ang = (np.arange(n, dtype=np.float32)[:, None] * inv[None, :]).astype(np.float64)
    cos, sin = np.cos(ang), np.sin(ang)
    return np.concatenate([cos, cos], axis=1), np.concatenate([sin, sin], axis=1)


def rotate(x, cos, sin):
    """Rotate-half RoPE on x [L, H, D]: dim j pairs with dim j + D/2."""
    half = x.shape[-1] // 2
    rot = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos[:, None, :] + rot * sin[:, None, :]


def sliding_mask(n, window):
    i = np.arange(n)
    return (np.abs(i[:, None] - i[None, :]) < window).astype(np.float64)


def forward(cfg, w, ids, softcap, window_rule="<", taps=None):
    """Token ids → last_hidden_state [L, H]. `cfg` is the golden config dict; `softcap` a number or None."""
    def tap(name, v):
        if taps is not None:
            taps[name] = v
    p = "model.encoder."
    hidden, heads, kv, d = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    eps = cfg["rms_norm_eps"]
    n = len(ids)
    e = w[p + "embed_tokens.weight"][np.asarray(ids)]
    tap("embed", e)
    x = e * float(np.float32(math.sqrt(hidden)))
    tap("embed_scaled", x)
    cos, sin = rope_tables(n, d, cfg["rope_theta"])
    tap("rope_cos", cos)
    tap("rope_sin", sin)
    window = cfg["sliding_window"] + (1 if window_rule == "<=" else 0)
    ms, mf = sliding_mask(n, window), np.ones((n, n))
    tap("mask_sliding", ms)
    tap("mask_full", mf)
    scale = cfg["query_pre_attn_scalar"] ** -0.5
    for i, kind in enumerate(cfg["layer_types"]):
        q_ = p + "layers.%d." % i
        t = "layer%d." % i
        a_in = rms(x, w[q_ + "pre_self_attn_layernorm.weight"], eps)
        tap(t + "attn_in", a_in)
        q = a_in @ w[q_ + "self_attn.q_proj.weight"].T
        k = a_in @ w[q_ + "self_attn.k_proj.weight"].T
        v = a_in @ w[q_ + "self_attn.v_proj.weight"].T
        tap(t + "q", q)
        tap(t + "k", k)
        tap(t + "v", v)
        qr = rotate(q.reshape(n, heads, d), cos, sin)
        kr = rotate(k.reshape(n, kv, d), cos, sin)
        tap(t + "q_rope", qr.reshape(n, heads * d))
        tap(t + "k_rope", kr.reshape(n, kv * d))
        vh = v.reshape(n, kv, d)
        group = heads // kv
        logits = np.stack([qr[:, h] @ kr[:, h // group].T for h in range(heads)]) * scale   # [heads, L, L]
        tap(t + "attn_logits", logits)
        capped = softcap * np.tanh(logits / softcap) if softcap else logits
        mask = ms if kind == "sliding_attention" else mf
        s = np.where(mask[None] > 0, capped, -np.inf)
        s = np.exp(s - s.max(axis=-1, keepdims=True))
        probs = s / s.sum(axis=-1, keepdims=True)
        tap(t + "attn_probs", probs)
        core = np.stack([probs[h] @ vh[:, h // group] for h in range(heads)], axis=1).reshape(n, heads * d)
        tap(t + "attn_core", core)
        a_out = core @ w[q_ + "self_attn.o_proj.weight"].T
        tap(t + "attn_out", a_out)
        a_post = rms(a_out, w[q_ + "post_self_attn_layernorm.weight"], eps)
        tap(t + "attn_post", a_post)
        x = x + a_post
        tap(t + "resid_mid", x)
        f_in = rms(x, w[q_ + "pre_feedforward_layernorm.weight"], eps)
        tap(t + "ffn_in", f_in)
        g = f_in @ w[q_ + "mlp.gate_proj.weight"].T
        u = f_in @ w[q_ + "mlp.up_proj.weight"].T
        tap(t + "gate", g)
        tap(t + "up", u)
        act = gelu_tanh(g) * u
        tap(t + "act", act)
        f_out = act @ w[q_ + "mlp.down_proj.weight"].T
        tap(t + "ffn_out", f_out)
        f_post = rms(f_out, w[q_ + "post_feedforward_layernorm.weight"], eps)
        tap(t + "ffn_post", f_post)
        x = x + f_post
        tap(t + "out", x)
    y = rms(x, w[p + "norm.weight"], eps)
    tap("last_hidden_state", y)
    return y


def magi_fp16(y):
    """MagiHuman's post-processing: the (float32) encoder output through float16 and back."""
    return y.astype(np.float32).astype(np.float16).astype(np.float32)
