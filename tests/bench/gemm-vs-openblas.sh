#!/usr/bin/env bash
# CPU GEMM (dev.gallop.engine.bench.GemmBench) vs numpy on Debian's OpenBLAS, same shapes, same thread count.
# Usage: tests/bench/gemm-vs-openblas.sh     (env: THREADS=2, ROUNDS=2, RUNS=7, JAVA_HOME)
# Prints the machine, then one table: per shape and weight dtype, Java GFLOP/s, OpenBLAS f32 GFLOP/s and the ratio.
# GFLOP/s is the median of RUNS timed calls after warm-up; the two programs alternate ROUNDS times and each
# shape keeps its best median, so a burst of noise on the (shared, virtual) machine hurts neither side alone.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
RUNS=${RUNS:-7}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=/usr/bin/python3   # Debian's python, whose numpy links Debian's BLAS (not the pyenv python on PATH)
# Let OpenBLAS pick its kernels for this CPU itself (a preset OPENBLAS_CORETYPE, e.g. Haswell, would weaken the peer).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. numpy + OpenBLAS from Debian.
if ! $PY -c 'import numpy' 2>/dev/null || ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas*.so* >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-numpy libopenblas0
fi
BLAS_INFO=$($PY - <<'PYEOF'
import ctypes, numpy as np
a = np.ones((64, 64), np.float32); a @ a
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l and ".so" in l})
if not libs:
    raise SystemExit("numpy did not load OpenBLAS; check update-alternatives --display libblas.so.3-x86_64-linux-gnu")
lib = ctypes.CDLL(next(l for l in libs if "libopenblas" in l))
lib.openblas_get_config.restype = ctypes.c_char_p
lib.openblas_get_corename.restype = ctypes.c_char_p
print(f"numpy {np.__version__}; {lib.openblas_get_config().decode()}; core {lib.openblas_get_corename().decode()}; {', '.join(libs)}")
PYEOF
)

# 2. The engine jar and its runtime classpath.
./mvnw -q -B -pl inference/tools -am -DskipTests -Dmdep.outputFile=target/classpath.txt package dependency:build-classpath
CP="$(ls inference/tools/target/gallop-tools-*.jar | grep -v -e sources -e tests | head -1):$(cat inference/tools/target/classpath.txt)"

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; L2 $(lscpu | sed -n 's/^L2 cache: *//p')"
echo "# jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "# blas: $BLAS_INFO"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# threads: $THREADS (OPENBLAS_NUM_THREADS, -Dgallop.threads); rounds $ROUNDS x $RUNS runs"

# 3. Alternate the two benchmarks.
for r in $(seq "$ROUNDS"); do
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Dgallop.threads="$THREADS" -cp "$CP" dev.gallop.engine.bench.GemmBench --runs "$RUNS" \
    2> >(grep -v 'incubator' >&2) | grep -v '^#' >> "$WORK/java.txt"
  OPENBLAS_NUM_THREADS=$THREADS $PY tests/bench/gemm_numpy.py --runs "$RUNS" | grep -v '^#' >> "$WORK/numpy.txt"
done

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 4. One table.
$PY - "$WORK/java.txt" "$WORK/numpy.txt" <<'PYEOF'
import sys
def load(path):
    best = {}
    for line in open(path):
        dt, m, n, k, _, med = line.split()
        key = (dt, int(m), int(n), int(k))
        best[key] = max(best.get(key, 0.0), float(med))
    return best
java, blas = load(sys.argv[1]), load(sys.argv[2])
print(f"| {'M':>5} | {'N':>5} | {'K':>5} | {'Java f32':>9} | {'Java bf16w':>10} | {'OpenBLAS f32':>12} | {'f32 ratio':>9} | {'bf16w ratio':>11} |")
print(f"|{'-'*7}|{'-'*7}|{'-'*7}|{'-'*11}|{'-'*12}|{'-'*14}|{'-'*11}|{'-'*13}|")
ratios = []
for (dt, m, n, k), ob in sorted(blas.items(), key=lambda e: (e[0][3], e[0][2], e[0][1])):
    jf, jb = java.get(("f32", m, n, k), 0.0), java.get(("bf16", m, n, k), 0.0)
    ratios.append(jf / ob)
    print(f"| {m:>5} | {n:>5} | {k:>5} | {jf:>9.1f} | {jb:>10.1f} | {ob:>12.1f} | {jf/ob:>8.2f}x | {jb/ob:>10.2f}x |")
geo = 1.0
for r in ratios: geo *= r
print(f"GFLOP/s (median of runs, best round). f32 ratio Java/OpenBLAS: min {min(ratios):.2f}x, geomean {geo ** (1/len(ratios)):.2f}x")
PYEOF
