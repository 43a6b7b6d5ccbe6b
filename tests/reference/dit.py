"""The MagiHuman DiT forward in float64, written from the model spec (§1), including the frame-window local
attention of the 1080p super-resolution model (§1.6). Sequence order [video | audio | text]; weights use the
checkpoint names (§1.7)."""
import numpy as np


def rms(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * (1.0 + w)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def pack(video):
    """[C, T, H, W] → tokens [T·H/2·W/2, 4C], feature c·4 + ph·2 + pw (channel-major)."""
    c, t, h, w = video.shape
    x = video.reshape(c, t, h // 2, 2, w // 2, 2)              # (c, t, h', ph, w', pw)
    return x.transpose(1, 2, 4, 0, 3, 5).reshape(t * (h // 2) * (w // 2), 4 * c)


def unpack(tokens, c, t, h, w):
    """Head output [N, 4C] with feature (ph·2 + pw)·C + c → [C, T, H, W]."""
    x = tokens.reshape(t, h // 2, w // 2, 2, 2, c)              # (t, h', w', ph, pw, c)
    return x.transpose(5, 0, 1, 3, 2, 4).reshape(c, t, h, w)


def coordinates(t, gh, gw, la, lt, style):
    rows = []
    for f in range(t):
        for y in range(gh):
            for x in range(gw):
                rows.append((f, y, x, t, gh, gw, t, gh, gw))
    ref = (la - 1) // 4 + 1
    for a in range(la):
        rows.append((a, 0, 0, la, 1, 1, ref, 1, 1))
    for s in range(lt):
        rows.append((s - lt, 0, 0, lt, 1, 1, 1, 1, 1) if style == "v2" else (s, 0, 0, lt, 1, 1, 2, 1, 1))
    return np.array(rows, dtype=np.float64)


def angles(coords, bands):
    """[N, 3·B]: angle (axis, k) = (coord − centre)·scale·b_k; scale (ref − 1)/(size − 1), 1 where size = 1; the
    centre (size − 1)/2 for h and w only."""
    out = []
    for axis in range(3):
        coord, size, ref = coords[:, axis], coords[:, 3 + axis], coords[:, 6 + axis]
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(size == 1, 1.0, (ref - 1) / (size - 1))
        centre = 0.0 if axis == 0 else (size - 1) / 2
        out.append(((coord - centre) * scale)[:, None] * bands[None, :])
    return np.concatenate(out, axis=1)


def rope(x, sin, cos):
    """x [N, heads, D]; rotate-half over the first 2·A dims (A = angles), the rest untouched."""
    a = sin.shape[1]
    y = x.copy()
    lo, hi = x[..., :a], x[..., a:2 * a]
    y[..., :a] = lo * cos[:, None] - hi * sin[:, None]
    y[..., a:2 * a] = hi * cos[:, None] + lo * sin[:, None]
    return y


def key_mask(t, tokens_per_frame, n, window):
    """None for full attention; else [N, N] booleans: video queries of frame f see video keys of frames
    [f − window, f + window] and every audio/text key; audio and text queries see everything."""
    if window is None:
        return None
    nv = t * tokens_per_frame
    m = np.ones((n, n), dtype=bool)
    frame = np.arange(nv) // tokens_per_frame
    m[:nv, :nv] = np.abs(frame[:, None] - frame[None, :]) <= window
    return m


class Model:
    def __init__(self, cfg, w):
        self.cfg, self.w = cfg, w
        self.d = cfg["hidden_size"]
        self.hd = cfg.get("head_dim", 128)
        self.hq = cfg.get("num_heads_q", self.d // self.hd)
        self.hkv = cfg["num_heads_kv"]
        self.eps = cfg.get("norm_eps", 1e-6)
        self.mm = set(cfg["mm_layers"])
        self.gelu = set(cfg["gelu7_layers"])
        self.local = set(cfg.get("local_attn_layers", []))
        self.window = cfg.get("frame_receptive_field", 11)

    def expert_slices(self, layer, segments):
        """(expert index, row range) per modality segment; shared layers use expert 0 for all."""
        return [(e if layer in self.mm else 0, s) for e, s in enumerate(segments)]

    def linear(self, name, layer, x, segments, out_width):
        w = self.w[name]
        y = np.zeros((x.shape[0], out_width))
        for e, (a, b) in self.expert_slices(layer, segments):
            if b > a:
                y[a:b] = x[a:b] @ w[e * out_width:(e + 1) * out_width].T
        return y

    def norm(self, name, layer, x, segments, width):
        w = self.w[name]
        y = np.zeros_like(x)
        for e, (a, b) in self.expert_slices(layer, segments):
            if b > a:
                y[a:b] = rms(x[a:b], w[e * width:(e + 1) * width], self.eps)
        return y

    def forward(self, video, audio, text, style, taps=None):
        def tap(name, v):
            if taps is not None:
                taps[name] = v
        w, d, hd, hq, hkv = self.w, self.d, self.hd, self.hq, self.hkv
        c, t, h, ww = video.shape
        gh, gw = h // 2, ww // 2
        packed = pack(video)
        nv, la, lt = packed.shape[0], audio.shape[0], text.shape[0]
        n = nv + la + lt
        seg = [(0, nv), (nv, nv + la), (nv + la, n)]
        tap("packed_video_tokens", packed)
        x = np.concatenate([
            packed @ w["adapter.video_embedder.weight"].T + w["adapter.video_embedder.bias"],
            audio @ w["adapter.audio_embedder.weight"].T + w["adapter.audio_embedder.bias"],
            text @ w["adapter.text_embedder.weight"].T + w["adapter.text_embedder.bias"]])
        tap("adapter_out", x)
        coords = coordinates(t, gh, gw, la, lt, style)
        tap("coords", coords)
        ang = angles(coords, w["adapter.rope.bands"])
        sin, cos = np.sin(ang), np.cos(ang)
        tap("rope", np.concatenate([sin, cos], axis=1))
        local_mask = key_mask(t, gh * gw, n, self.window)
        qkv_w = hq * hd + 2 * hkv * hd + hq
        for i in range(self.cfg["num_layers"]):
            p = "block.layers.%d." % i
            tp = "layer%d." % i
            hn = self.norm(p + "attention.pre_norm.weight", i, x, seg, d)
            qkv = self.linear(p + "attention.linear_qkv.weight", i, hn, seg, qkv_w)
            tap(tp + "qkv", qkv)
            q = qkv[:, :hq * hd].reshape(n, hq, hd)
            k = qkv[:, hq * hd:(hq + hkv) * hd].reshape(n, hkv, hd)
            v = qkv[:, (hq + hkv) * hd:(hq + 2 * hkv) * hd].reshape(n, hkv, hd)
            g = qkv[:, (hq + 2 * hkv) * hd:]
            qn, kn = np.zeros_like(q), np.zeros_like(k)
            for e, (a, b) in self.expert_slices(i, seg):
                if b > a:
                    qn[a:b] = rms(q[a:b], w[p + "attention.q_norm.weight"][e * hd:(e + 1) * hd], self.eps)
                    kn[a:b] = rms(k[a:b], w[p + "attention.k_norm.weight"][e * hd:(e + 1) * hd], self.eps)
            qr, kr = rope(qn, sin, cos), rope(kn, sin, cos)
            tap(tp + "q_rope", qr)
            tap(tp + "k_rope", kr)
            mask = local_mask if i in self.local else None
            core = np.zeros((n, hq, hd))
            for hh in range(hq):
                kv = hh // (hq // hkv)
                s = qr[:, hh] @ kr[:, kv].T / np.sqrt(hd)
                if mask is not None:
                    s = np.where(mask, s, -np.inf)
                s = np.exp(s - s.max(axis=1, keepdims=True))
                core[:, hh] = (s / s.sum(axis=1, keepdims=True)) @ v[:, kv]
            tap(tp + "attn_core", core)
            gated = (core * sigmoid(g)[:, :, None]).reshape(n, hq * hd)
            tap(tp + "attn_gated", gated)
            ao = self.linear(p + "attention.linear_proj.weight", i, gated, seg, d)
            tap(tp + "attn_out", ao)
            x = x + ao
            tap(tp + "resid_mid", x)
            hn = self.norm(p + "mlp.pre_norm.weight", i, x, seg, d)
            gelu = i in self.gelu
            inter = self.cfg["gelu7_intermediate_size"] if gelu else self.cfg["swiglu7_intermediate_size"]
            up = self.linear(p + "mlp.up_gate_proj.weight", i, hn, seg, inter if gelu else 2 * inter)
            tap(tp + "mlp_up", up)
            if gelu:
                a = np.minimum(up, 7.0)
                act = a * sigmoid(1.702 * a)
            else:
                a = np.minimum(up[:, 0::2], 7.0)
                b = np.clip(up[:, 1::2], -7.0, 7.0)
                act = a * sigmoid(1.702 * a) * (b + 1.0)
            tap(tp + "mlp_act", act)
            mo = self.linear(p + "mlp.down_proj.weight", i, act, seg, d)
            tap(tp + "mlp_out", mo)
            x = x + mo
            tap(tp + "out", x)
        fv = rms(x[:nv], w["final_norm_video.weight"], self.eps)
        fa = rms(x[nv:nv + la], w["final_norm_audio.weight"], self.eps)
        tap("final_norm_video", fv)
        tap("final_norm_audio", fa)
        hv = fv @ w["final_linear_video.weight"].T
        ha = fa @ w["final_linear_audio.weight"].T
        tap("head_video_tokens", hv)
        tap("head_audio_tokens", ha)
        out_v = unpack(hv, c, t, h, ww)
        tap("out_video", out_v)
        tap("out_audio", ha)
        return out_v, ha
