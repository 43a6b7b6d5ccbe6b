#!/usr/bin/env bash
# On a GPU machine without Java (with .devpack from pack-device.sh beside the checkout): the 15B DiT at 256p under memory
# budgets, Gallop beside PyTorch. Uncapped: Gallop bf16 and fp8, PyTorch bf16. Capped at 24G and 16G: Gallop fp8 with the
# layers the memory planner streams from host memory, PyTorch bf16 with the fewest layers offloaded to pinned host memory
# that fit. One markdown table: per-forward time, measured peak, and Gallop's predicted peak.
# Usage: tests/bench/memory-caps.sh [caps, default "24G 16G"]; RUNS (default 5), LAYERS (default 40), RES (default 256p) and
# STEP_TIMEOUT (seconds per run, default 240)
# from the environment. Raw outputs go to $OUT (or a temporary folder).
set -euo pipefail
source "$(dirname "$0")/devpack-env.sh"
DIR=${OUT:-$(mktemp -d)}
mkdir -p "$DIR"
CAPS=${*:-24G 16G}
COMMON=(--what dit --res "${RES:-256p}" --runs "${RUNS:-5}" --layers "${LAYERS:-40}")
gallop() {
  echo "CAP $1" >> "$DIR/gallop.txt"
  timeout "${STEP_TIMEOUT:-240}" "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.gallop.engine.bench.CudaBench "${COMMON[@]}" "${@:2}" 2> >(grep -v 'incubator' >&2) \
    | tee -a "$DIR/gallop.txt" || echo "gallop run with cap $1 failed: $?" | tee -a "$DIR/gallop.txt"
}
torch() {
  echo "CAP $1" >> "$DIR/torch.txt"
  PYTHONUNBUFFERED=1 timeout "${STEP_TIMEOUT:-240}" python3 tests/bench/dit_cuda_torch.py "${COMMON[@]}" "${@:2}" | tee -a "$DIR/torch.txt" \
    || echo "torch run with cap $1 failed: $?" | tee -a "$DIR/torch.txt"
}
gallop none --dtype both
torch none
for cap in $CAPS; do
  gallop "$cap" --dtype fp8 --vram "$cap" --stream auto
  torch "$cap" --vram "$cap" --offload auto
done
python3 - "$DIR/gallop.txt" "$DIR/torch.txt" <<'PYEOF'
import re, sys
rows = []
for path, engine in ((sys.argv[1], "Gallop"), (sys.argv[2], "PyTorch")):
    cap, pending = "none", None
    for line in open(path):
        if line.startswith("CAP "):
            cap = line.split()[1]
        m = re.match(r"RESULT (dit forward[^|]*) \| (\S+) \| tokens=(\d+) ms=([\d.]+)", line)
        if m:
            pending = m.groups()
        m = re.match(r"MEMORY (?:dit|torch) (\S+) tokens=(\d+) (?:streamed|offloaded)=(\d+) (?:predicted=(\d+) measured=(\d+)|peak=(\d+))", line)
        if m and pending:
            dt, n, layers, pred, meas, peak = m.groups()
            meas = int(meas or peak)
            rows.append((cap, engine, pending[0], dt, int(n), float(pending[3]), int(layers), meas / 2**30,
                         int(pred) / 2**30 if pred else None))
            pending = None
print("\n| cap | engine | what | dtype | tokens | ms per forward | layers streamed | measured peak GiB | predicted GiB | measured / predicted |")
print("|---|---|---|---|---:|---:|---:|---:|---:|---:|")
for cap, eng, what, dt, n, ms, layers, meas, pred in rows:
    ratio = f"{meas / pred:.3f}" if pred else "-"
    print(f"| {cap} | {eng} | {what} | {dt} | {n} | {ms:.1f} | {layers} | {meas:.2f} | {pred:.2f} | {ratio} |" if pred else
          f"| {cap} | {eng} | {what} | {dt} | {n} | {ms:.1f} | {layers} | {meas:.2f} | - | - |")
PYEOF
