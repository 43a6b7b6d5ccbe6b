#!/usr/bin/env bash
# The CPU benchmarks of two revisions of the engine in one run: `gallop bench gemm` (f32 and bf16-weight GEMMs),
# `gallop bench dit` (the tiny DiT forward, f32 and mixed bf16, on one random model folder for both) and
# `gallop bench memory --xmx 512m` (peak resident memory of a generation with a mid-size random model).
# Usage: tests/bench/cpu-before-after.sh BEFORE_REV       (AFTER = this working tree; env: ROUNDS=3, THREADS=2)
# Both revisions are built without the CUDA kernels. The two sides alternate in every round (before, after, before,
# ...), so a burst of load on a shared machine hurts neither alone; each side keeps its best median per case over
# the rounds. Prints the machine, the load averages, then one table with after/before ratios.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BEFORE_REV=${1:?usage: tests/bench/cpu-before-after.sh BEFORE_REV}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d)
cleanup() { git worktree remove --force "$WORK/before" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

build() {   # build DIR: prints the tools jar and its runtime class path
  (cd "$1" && ./mvnw -q -B -pl inference/tools -am -DskipTests -P '!nvcc,!nvcc-cuda-home' \
     -Dmdep.outputFile=target/classpath.txt package dependency:build-classpath >&2)
  echo "$(ls "$1"/inference/tools/target/gallop-tools-*.jar | grep -v -e sources -e tests | head -1):$(cat "$1/inference/tools/target/classpath.txt")"
}
git worktree add -q --detach "$WORK/before" "$BEFORE_REV"
CP_BEFORE=$(build "$WORK/before")
CP_AFTER=$(build "$ROOT")
gallop() {  # gallop SIDE ARGS...
  local cp=$CP_AFTER; [ "$1" = before ] && cp=$CP_BEFORE; shift
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m \
    -Dgallop.threads="$THREADS" -Dgallop.device=cpu -cp "$cp" dev.gallop.engine.cli.GallopCli "$@" 2> >(grep -v incubator >&2)
}
gallop after random-model --out "$WORK/model" --seed 7 >/dev/null

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; L2 $(lscpu | sed -n 's/^L2 cache: *//p')"
echo "# jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "# before: $(git log -1 --format='%h %s' "$BEFORE_REV" | cut -c1-100)"
echo "# after:  $(git log -1 --format='%h' HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')"
echo "# threads: $THREADS; rounds: $ROUNDS"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RES="$WORK/results.txt"   # lines: side case value unit better(lower|higher)
for r in $(seq "$ROUNDS"); do
  for side in before after; do
    gallop "$side" bench gemm --m 512,2048 --n 1024,4096 --k 1024 | awk -v s="$side" \
      '!/^#/ && NF == 6 { printf "%s gemm_%s_%sx%sx%s %s GFLOP/s higher\n", s, $1, $2, $3, $4, $6 }' >> "$RES"
    for p in f32 mixed; do
      gallop "$side" bench dit --model "$WORK/model" --runs 7 --precision "$p" | sed -n \
        "s/.*median \([0-9.]*\) ms.*/$side dit_${p}_990_tokens \1 ms lower/p" >> "$RES"
    done
    gallop "$side" bench memory --xmx 512m | sed -n \
      "s/^peak resident (VmHWM) \([0-9.]*\) MB.*/$side memory_peak_resident \1 MB lower/p" >> "$RES"
  done
  echo "# round $r done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
python3 - "$RES" <<'PYEOF'
import sys, collections
best = collections.defaultdict(dict); unit = {}; better = {}
for line in open(sys.argv[1]):
    side, case, value, u, b = line.split()
    v = float(value); unit[case] = u; better[case] = b
    old = best[case].get(side)
    best[case][side] = v if old is None else (max(old, v) if b == "higher" else min(old, v))
print(f"| {'case':28} | {'before':>10} | {'after':>10} | unit    | after/before |")
print(f"|{'-'*30}|{'-'*12}|{'-'*12}|---------|--------------|")
for case, sides in best.items():
    if len(sides) < 2:
        print(f"| {case:28} | {sides.get('before', float('nan')):10.1f} | {sides.get('after', float('nan')):10.1f} | {unit[case]:7} | missing      |")
        continue
    print(f"| {case:28} | {sides['before']:10.1f} | {sides['after']:10.1f} | {unit[case]:7} | {sides['after'] / sides['before']:11.3f}x |")
print("(GEMM: best median over the rounds, higher is better; DiT ms and memory MB: lowest median / peak, lower is better)")
PYEOF
