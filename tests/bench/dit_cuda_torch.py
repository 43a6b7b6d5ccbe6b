#!/usr/bin/env python3
"""PyTorch GPU peer of `gallop bench cuda`: the same MagiHuman DiT layer stack (real 15B config, seeded random bf16
weights made on the GPU) in bf16 with torch.nn.functional.scaled_dot_product_attention, plus the same GEMM and
attention shapes, timed with CUDA events (median of --runs after 3 warm-ups). Written from docs/models/magihuman.md
and Gallop's DitStep: per-modality experts in the sandwich layers, RMS norms with unit gains in f32, q/k per-head RMS
norm and 3-axis RoPE on 96 of 128 dims in f32, GQA 40:8, per-head sigmoid gate, SwiGLU7 / GELU7 in f32, f32 residual
stream.

Usage: dit_cuda_torch.py [--what gemm,attention,dit] [--res 256p,540p] [--dtype bf16|fp8|both] [--layers 40]
                         [--runs 10] [--compile]
Prints `RESULT <what> | <dtype> | tokens=<n> ms=<median> tflops=<rate>` lines in CudaBench's words.
fp8: GEMMs only (torch._scaled_mm with row-wise scales); the layer stack runs in bf16.
"""
import argparse
import math

import torch
import torch.nn.functional as F

D, HQ, HKV, DH, LAYERS = 5120, 40, 8, 128, 40
SWIGLU, GELU = (5120 * 8 // 3) // 4 * 4, 4 * 5120          # 13652, 20480
QKV = HQ * DH + 2 * HKV * DH + HQ                           # 7208
BANDS = 16
RES = {"256p": (32, 8, 14), "540p": (32, 16, 28)}           # latent frames, patch rows, patch columns
AUDIO, TEXT = 126, 350


def layout(res):
    t, h, w = RES[res]
    video = t * h * w
    return (t, h, w), [(0, video), (video, video + AUDIO), (video + AUDIO, video + AUDIO + TEXT)]


def config(layers):
    mm = set(range(min(4, layers))) | set(range(max(4, layers - 4), layers))
    gelu = set(range(min(4, layers)))
    return mm, gelu


def rope_tables(res, device):
    (t, h, w), ranges = layout(res)
    bands = torch.tensor([10 ** (-k / 4) for k in range(BANDS)], dtype=torch.float32)
    rows = []
    for ti in range(t):
        for y in range(h):
            for x in range(w):
                rows.append((ti, y, x, t, h, w, t, h, w))
    la = AUDIO
    ref = (la - 1) // 4 + 1
    rows += [(a, 0, 0, la, 1, 1, ref, 1, 1) for a in range(la)]
    rows += [(s - TEXT, 0, 0, TEXT, 1, 1, 1, 1, 1) for s in range(TEXT)]
    c = torch.tensor(rows, dtype=torch.float32)
    angles = []
    for axis in range(3):
        coord, size, refc = c[:, axis], c[:, 3 + axis], c[:, 6 + axis]
        scale = torch.where(size == 1, torch.ones_like(size), (refc - 1) / (size - 1).clamp(min=1))
        centre = torch.zeros_like(size) if axis == 0 else (size - 1) / 2
        angles.append(((coord - centre) * scale)[:, None] * bands[None, :])
    a = torch.cat(angles, 1)
    return torch.sin(a).to(device), torch.cos(a).to(device)


def rand(shape, seed, scale=0.03, device="cuda"):
    g = torch.Generator(device=device).manual_seed(seed)
    return (torch.rand(shape, generator=g, device=device, dtype=torch.float32) * 2 - 1).mul_(scale).to(torch.bfloat16)


def make_weights(layers, device, offload=()):
    """Per layer (is_gelu, experts, offloaded); offloaded layers live in pinned host memory."""
    mm, gelu = config(layers)
    ws = []
    for l in range(layers):
        up = GELU if l in gelu else 2 * SWIGLU
        inter = GELU if l in gelu else SWIGLU
        experts = []
        for e in range(3 if l in mm else 1):
            s = 1_000_003 * 7 + l * 16 + e * 4
            w = dict(qkv=rand((QKV, D), s), proj=rand((D, D), s + 1), up=rand((up, D), s + 2), down=rand((D, inter), s + 3))
            if l in offload:
                w = {k: v.cpu().pin_memory() for k, v in w.items()}
            experts.append(w)
        ws.append((l in gelu, experts, l in offload))
    return ws


def offload_order(layers):
    """The layers offloaded first: shared layers from the middle outwards, then expert layers (as Gallop streams)."""
    mm, _ = config(layers)
    mid = (layers - 1) / 2
    return sorted(range(layers), key=lambda l: (l in mm, abs(l - mid), l))


def layer_bytes(l, layers):
    mm, gelu = config(layers)
    up, inter = (GELU, GELU) if l in gelu else (2 * SWIGLU, SWIGLU)
    return (3 if l in mm else 1) * 2 * (QKV * D + D * D + up * D + D * inter)


def least_offload(layers, budget, activations):
    """The fewest offloaded layers whose resident weights, two in-flight copies and activations fit the budget."""
    order = offload_order(layers)
    total = sum(layer_bytes(l, layers) for l in range(layers))
    for k in range(layers + 1):
        off = order[:k]
        biggest = max((layer_bytes(l, layers) for l in off), default=0)
        if total - sum(layer_bytes(l, layers) for l in off) + 2 * biggest + activations <= budget:
            return off
    return order


def rms(x, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)


def rope(x, sin, cos):
    half = sin.shape[-1]
    a, b, rest = x[..., :half], x[..., half:2 * half], x[..., 2 * half:]
    s, c = sin[:, None, :], cos[:, None, :]
    return torch.cat([a * c - b * s, b * c + a * s, rest], -1)


def fetch(layer, copies):
    """Starts copying an offloaded layer's weights to the GPU on the copy stream; returns them and their event."""
    with torch.cuda.stream(copies):
        g = [{k: v.to("cuda", non_blocking=True) for k, v in e.items()} for e in layer[1]]
        ev = torch.cuda.Event()
        ev.record(copies)
    return g, ev


def forward(x, weights, ranges, sin, cos, copies=None):
    n = x.shape[0]
    offloaded = [i for i, w in enumerate(weights) if w[2]]
    ahead = {offloaded[0]: fetch(weights[offloaded[0]], copies)} if offloaded else {}
    for i, (is_gelu, experts, off) in enumerate(weights):
        if off:
            experts, ev = ahead.pop(i)
            torch.cuda.current_stream().wait_event(ev)
            for e in experts:
                for t in e.values():
                    t.record_stream(torch.cuda.current_stream())
            later = [j for j in offloaded if j > i]
            if later:
                ahead[later[0]] = fetch(weights[later[0]], copies)
        rs = ranges if len(experts) > 1 else [(0, n)]
        qkv = torch.cat([(rms(x[s:e]).to(torch.bfloat16) @ w["qkv"].T) for (s, e), w in zip(rs, experts)], 0)
        q = qkv[:, :HQ * DH].float().reshape(n, HQ, DH)
        k = qkv[:, HQ * DH:(HQ + HKV) * DH].float().reshape(n, HKV, DH)
        v = qkv[:, (HQ + HKV) * DH:(HQ + 2 * HKV) * DH].reshape(n, HKV, DH)
        g = qkv[:, (HQ + 2 * HKV) * DH:].float()
        q = rope(rms(q), sin, cos).to(torch.bfloat16)
        k = rope(rms(k), sin, cos).to(torch.bfloat16)
        o = F.scaled_dot_product_attention(q.transpose(0, 1)[None], k.transpose(0, 1)[None], v.transpose(0, 1)[None],
                                           enable_gqa=True)[0].transpose(0, 1)
        gated = (o.float() * torch.sigmoid(g)[:, :, None]).to(torch.bfloat16).reshape(n, D)
        for (s, e), w in zip(rs, experts):
            x[s:e] += (gated[s:e] @ w["proj"].T).float()
        for (s, e), w in zip(rs, experts):
            u = (rms(x[s:e]).to(torch.bfloat16) @ w["up"].T).float()
            if is_gelu:
                a = u.clamp(max=7)
                act = a * torch.sigmoid(1.702 * a)
            else:
                a, b = u[:, 0::2].clamp(max=7), u[:, 1::2].clamp(-7, 7)
                act = a * torch.sigmoid(1.702 * a) * (b + 1)
            x[s:e] += (act.to(torch.bfloat16) @ w["down"].T).float()
    return x


def time_ms(fn, runs):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    ms = []
    for _ in range(runs):
        start.record()
        fn()
        end.record()
        end.synchronize()
        ms.append(start.elapsed_time(end))
    ms.sort()
    return ms[len(ms) // 2]


def report(what, dtype, tokens, ms, flops):
    print(f"RESULT {what} | {dtype} | tokens={tokens} ms={ms:.3f} tflops={flops / ms / 1e9:.1f}", flush=True)


def gemms(m, fp8, runs):
    shapes = [("qkv", D, QKV), ("proj", D, D), ("up (swiglu7)", D, 2 * SWIGLU), ("down K=13652", SWIGLU, D),
              ("down K=13696 (padded)", 13696, D), ("up (gelu7)", D, GELU), ("down (gelu7)", GELU, D)]
    for name, k, n in shapes:
        if fp8 and k % 16:
            continue
        if fp8:
            n = -(-n // 16) * 16        # torch._scaled_mm, like Gallop's fp8 path, needs N % 16 == 0
        x, w = rand((m, k), 1, 1.0), rand((n, k), 2, 1.0)
        if fp8:
            xs = x.float().abs().amax(1, keepdim=True).clamp(min=1e-12) / 448
            ws = w.float().abs().amax(1, keepdim=True).clamp(min=1e-12) / 448
            xq, wq = (x.float() / xs).to(torch.float8_e4m3fn), (w.float() / ws).to(torch.float8_e4m3fn)
            fn = lambda: torch._scaled_mm(xq, wq.T, scale_a=xs, scale_b=ws.T, out_dtype=torch.bfloat16)   # row-wise: bf16 out
        else:
            fn = lambda: torch.matmul(x, w.T)
        report(f"gemm {name} {n}x{k}", "fp8" if fp8 else "bf16", m, time_ms(fn, runs), 2.0 * m * n * k)


def attention(n, runs):
    q, k, v = rand((1, HQ, n, DH), 3, 1.0), rand((1, HKV, n, DH), 4, 1.0), rand((1, HKV, n, DH), 5, 1.0)
    ms = time_ms(lambda: F.scaled_dot_product_attention(q, k, v, enable_gqa=True), runs)
    report("attention torch SDPA", "bf16", n, ms, 4.0 * n * n * DH * HQ)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--what", default="gemm,attention,dit")
    p.add_argument("--res", default="256p,540p")
    p.add_argument("--dtype", default="both")
    p.add_argument("--layers", type=int, default=LAYERS)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--compile", action="store_true")
    p.add_argument("--vram", default="auto", help="cap the caching allocator, e.g. 24G")
    p.add_argument("--offload", default="0", help="layers kept in pinned host memory: a count, or auto for the fewest that fit --vram")
    a = p.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    print(f"# torch {torch.__version__}, {torch.cuda.get_device_name()}, cuDNN {torch.backends.cudnn.version()}")
    fp8_ok = torch.cuda.get_device_capability() >= (8, 9)
    dtypes = {"both": ["bf16"] + (["fp8"] if fp8_ok else []), "bf16": ["bf16"], "fp8": ["fp8"]}[a.dtype]
    what, ress = set(a.what.split(",")), a.res.split(",")
    with torch.inference_mode():
        for res in ress:
            n = layout(res)[1][-1][1]
            if "gemm" in what:
                for dt in dtypes:
                    gemms(n, dt == "fp8", a.runs)
            if "attention" in what:
                attention(n, a.runs)
        if "dit" in what:
            total = torch.cuda.get_device_properties(0).total_memory
            cap = total
            if a.vram != "auto":
                cap = int(float(a.vram.rstrip("GgBb").rstrip("i")) * (1 << 30))
                torch.cuda.set_per_process_memory_fraction(min(1.0, cap / total))
            n_max = max(layout(r)[1][-1][1] for r in ress)
            acts = 4 * n_max * D * 12 + 2 * n_max * (QKV + 2 * GELU)
            offload = (least_offload(a.layers, int(cap * 0.94), acts) if a.offload == "auto"
                       else offload_order(a.layers)[:int(a.offload)])
            weights = make_weights(a.layers, "cuda", set(offload))
            torch.cuda.synchronize()
            print(f"# bf16 weights, {len(offload)} of {a.layers} layers offloaded to pinned host memory, cap {cap / 2**30:.1f} GiB", flush=True)
            copies = torch.cuda.Stream()
            fwd = torch.compile(forward) if a.compile else forward
            for res in ress:
                _, ranges = layout(res)
                n = ranges[-1][1]
                sin, cos = rope_tables(res, "cuda")
                x0 = torch.rand((n, D), device="cuda") * 2 - 1
                x = x0.clone()
                torch.cuda.reset_peak_memory_stats()
                ms = time_ms(lambda: fwd(x.copy_(x0), weights, ranges, sin, cos, copies), a.runs)
                peak = torch.cuda.max_memory_allocated()
                linear = 0.0
                mm, gelu = config(a.layers)
                for l in range(a.layers):
                    up, inter = (GELU, GELU) if l in gelu else (2 * SWIGLU, SWIGLU)
                    linear += 2.0 * n * (QKV * D + D * D + up * D + D * inter)
                flops = linear + 4.0 * D * n * n * a.layers
                streamed = f", {len(offload)} offloaded" if offload else ""
                report(f"dit forward, torch eager{' + compile' if a.compile else ''} ({a.layers} layers{streamed})", "bf16", n, ms, flops)
                print(f"MEMORY torch bf16 tokens={n} offloaded={len(offload)} peak={peak}", flush=True)


if __name__ == "__main__":
    main()
