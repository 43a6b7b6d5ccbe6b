#!/usr/bin/env bash
# On a GPU machine without Java (with .devpack from pack-device.sh beside the checkout): `gallop bench cuda` and its PyTorch peer
# (tests/bench/dit_cuda_torch.py) on the same shapes, one after the other, then one markdown table.
# Usage: tests/bench/cuda-vs-torch.sh [--what gemm,attention,dit] [--res 256p,540p] [--dtype both] [--layers 40] [--runs 10]
# Raw outputs go to $OUT (or a temporary folder) as gallop.txt and torch.txt.
set -euo pipefail
source "$(dirname "$0")/devpack-env.sh"
DIR=${OUT:-$(mktemp -d)}
mkdir -p "$DIR"
"$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.gallop.engine.bench.CudaBench "$@" 2> >(grep -v 'incubator' >&2) | tee "$DIR/gallop.txt"
PYTHONUNBUFFERED=1 python3 tests/bench/dit_cuda_torch.py "$@" | tee "$DIR/torch.txt"
python3 - "$DIR/gallop.txt" "$DIR/torch.txt" <<'PYEOF'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r"RESULT (.*?) \| (\S+) \| tokens=(\d+) ms=([\d.]+) tflops=([\d.]+)", line)
        if m:
            what, dt, n, ms, tf = m.groups()
            kind = what.split(",")[0].split(" (")[0]
            if what.startswith("attention"): kind = "attention"
            out.setdefault((kind, dt, int(n)), []).append((what, float(ms), float(tf)))
    return out
g, t = read(sys.argv[1]), read(sys.argv[2])
print("\n| what | dtype | tokens | Gallop ms | Gallop TFLOP/s | PyTorch ms | PyTorch TFLOP/s | PyTorch ms / Gallop ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for key in sorted(set(g) | set(t), key=lambda k: (k[2], k[0], k[1])):
    gs, ts = g.get(key, []), t.get(key, [])
    for i in range(max(len(gs), len(ts))):
        gw = gs[min(i, len(gs) - 1)] if gs else None
        tw = ts[0] if ts else None
        name = gw[0] if gw else tw[0]
        ratio = f"{tw[1] / gw[1]:.2f}" if gw and tw else "-"
        print(f"| {name} | {key[1]} | {key[2]} | {gw[1] if gw else '-'} | {gw[2] if gw else '-'} | "
              f"{tw[1] if tw else '-'} | {tw[2] if tw else '-'} | {ratio} |")
PYEOF
