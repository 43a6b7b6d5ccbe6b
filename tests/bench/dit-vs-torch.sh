#!/usr/bin/env bash
# Tiny-DiT forward (dev.gallop.engine.bench.DitBench, f32) vs a PyTorch CPU peer (tests/bench/dit_torch.py, Debian's
# python3-torch, f32) on the same random model folder, same token counts, same thread count.
# Usage: tests/bench/dit-vs-torch.sh     (env: THREADS=2, ROUNDS=3, RUNS=5, JAVA_HOME)
# Prints the machine, a parity check (the same inputs through both forwards, rel-L2 of the outputs), then one table:
# per size, the median forward time of each side (best round), GFLOP/s by DitBench's FLOP count, and Java/torch.
# The programs alternate ROUNDS times; each keeps its best median per size, so a burst of noise on the shared
# machine hurts neither side alone. torch runs twice per round: with libgomp's default wait policy and with
# OMP_WAIT_POLICY=PASSIVE (spinning OpenMP workers collapse when another process takes a core); the peer's number
# is the better of the two.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=/usr/bin/python3   # Debian's python with Debian's torch and numpy (not the pyenv python on PATH)
# Let OpenBLAS (torch's BLAS here) pick its kernels for this CPU itself; a preset Haswell core would weaken the peer.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OPENBLAS_NUM_THREADS=$THREADS
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. torch + numpy from Debian.
if ! $PY -c 'import torch, numpy' 2>/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch python3-numpy
fi
TORCH_INFO=$($PY - <<'PYEOF'
import torch, numpy
a = torch.ones(64, 64); a @ a
libs = sorted({l.split()[-1].rsplit("/", 1)[-1] for l in open("/proc/self/maps") if ".so" in l
               and any(s in l for s in ("blas", "gomp", "dnnl"))})
print(f"torch {torch.__version__} (BLAS_INFO={torch.__config__.show().split('BLAS_INFO=')[1].split(',')[0]}, "
      f"sdpa {'yes' if hasattr(torch.nn.functional, 'scaled_dot_product_attention') else 'no'}); numpy {numpy.__version__}; "
      f"loaded {', '.join(libs)}")
PYEOF
)
TORCH_DEB=$(dpkg-query -W -f='${Version}' python3-torch 2>/dev/null || echo "?")

# 2. The engine jar, its runtime classpath, one random tiny model for both sides.
./mvnw -q -B -pl inference/tools -am -DskipTests -Dmdep.outputFile=target/classpath.txt package dependency:build-classpath
CP="$(ls inference/tools/target/gallop-tools-*.jar | grep -v -e sources -e tests | head -1):$(cat inference/tools/target/classpath.txt)"
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dgallop.threads="$THREADS" -cp "$CP")
"${JAVA[@]}" dev.gallop.engine.cli.GallopCli random-model --out "$WORK/model" --seed 7 2> >(grep -v 'incubator' >&2) >/dev/null

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; L2 $(lscpu | sed -n 's/^L2 cache: *//p')"
echo "# jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "# torch: $TORCH_INFO; python3-torch $TORCH_DEB"
echo "# threads: $THREADS (torch.set_num_threads + OPENBLAS_NUM_THREADS, -Dgallop.threads); rounds $ROUNDS x $RUNS runs"

# 3. Parity: Java writes its inputs and outputs of one forward, torch runs the same inputs.
"${JAVA[@]}" dev.gallop.engine.bench.DitBench --model "$WORK/model" --dump "$WORK/dump.safetensors" --runs 1 \
  2> >(grep -v 'incubator' >&2) >/dev/null
echo "# parity (990 tokens, f32): $($PY tests/bench/dit_torch.py --model "$WORK/model" --check "$WORK/dump.safetensors" \
  --threads "$THREADS" --runs 1 --warmup 0 | grep '^check')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 4. Alternate the two sides, both sizes per round.
SIZES=("--frames 8 --height 16 --width 28 --text 64" "--frames 8 --height 32 --width 56 --text 128")
parse() { sed -n 's/.* \([0-9]*\) tokens .*median \([0-9.]*\) ms, best \([0-9.]*\) ms, \([0-9.]*\) GFLOP\/s.*/\1 \2 \3 \4/p'; }
for r in $(seq "$ROUNDS"); do
  for s in "${SIZES[@]}"; do
    # shellcheck disable=SC2086
    "${JAVA[@]}" dev.gallop.engine.bench.DitBench --model "$WORK/model" $s --runs "$RUNS" \
      2> >(grep -v 'incubator' >&2) | parse | sed 's/^/java /' >> "$WORK/results.txt"
    # shellcheck disable=SC2086
    $PY tests/bench/dit_torch.py --model "$WORK/model" $s --runs "$RUNS" --threads "$THREADS" \
      | parse | sed 's/^/torch /' >> "$WORK/results.txt"
    # shellcheck disable=SC2086
    OMP_WAIT_POLICY=PASSIVE $PY tests/bench/dit_torch.py --model "$WORK/model" $s --runs "$RUNS" --threads "$THREADS" \
      | parse | sed 's/^/torch-passive /' >> "$WORK/results.txt"
  done
  echo "# round $r done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 5. One table.
$PY - "$WORK/results.txt" <<'PYEOF'
import sys, statistics
runs = {}
for line in open(sys.argv[1]):
    side, tokens, med, best, gf = line.split()
    runs.setdefault((side, int(tokens)), []).append((float(med), float(best), float(gf)))
sides = ["java", "torch", "torch-passive"]
print("| tokens | Java ms (best med / med of rounds) | Java GFLOP/s | torch ms, default wait | torch ms, PASSIVE wait "
      "| torch GFLOP/s (better) | Java/torch speed |")
print("|-------:|------:|------:|------:|------:|------:|------:|")
for tokens in sorted({t for _, t in runs}):
    cell, best = {}, {}
    for s in sides:
        r = runs.get((s, tokens), [])
        if r:
            best[s] = min(r)
            cell[s] = f"{best[s][0]:.1f} / {statistics.median(x[0] for x in r):.1f}"
        else:
            cell[s] = "-"
    peer = min((best[s] for s in sides[1:] if s in best), default=None)
    j = best.get("java")
    ratio = f"{peer[0] / j[0]:.2f}x" if j and peer else "-"
    print(f"| {tokens} | {cell['java']} | {j[2] if j else 0:.1f} | {cell['torch']} | {cell['torch-passive']} "
          f"| {peer[2] if peer else 0:.1f} | {ratio} |")
print("ms: median of the runs of one process; 'best med' = best such median over the rounds, then the median over rounds.")
print("Java/torch speed = torch ms / Java ms (better torch setting), > 1 means Java is faster.")
PYEOF
