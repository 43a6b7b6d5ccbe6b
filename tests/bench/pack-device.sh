#!/usr/bin/env bash
# Packs what the CUDA benchmarks and the GPU test harness need on a GPU machine that has CUDA, cuDNN and PyTorch but
# no Java: .devpack/ (in .gitignore; copied there beside the checkout) with
#   runtime.tar.xz  a jlink'd JDK 25 runtime (java.base, java.logging, java.xml, jdk.incubator.vector, jdk.zipfs;
#                   no debug info, libjvm stripped)
#   lib/            the engine's jars (the CUDA backend's with the nvcc-built kernels), Jackson, JUnit's console launcher
#   test/           the GPU tests (tag "gpu") of the CUDA backend and of the tests module, and the op harness
#                   (core's backend.harness: one table of cases per operation family), as jars
# and checks that it plus this checkout's tracked files stay under 64 MiB, the most a remote GPU run takes along.
# Then, on the GPU machine, in the copied checkout:
#   bash tests/bench/gpu-tests.sh        GPU op harness (with time per case) + DiT parity on CUDA
#   bash tests/bench/cuda-vs-torch.sh    gallop bench cuda vs the PyTorch peer
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
LIMIT=$((64 * 1024 * 1024))
PACK=.devpack

command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || { echo "pack-device: nvcc is needed to build the CUDA kernels" >&2; exit 1; }
./mvnw -q -B -pl inference/tools,tests -am -DskipTests -Pnvcc package test-compile
module_jar() { ls inference/$1/target/gallop-*.jar | grep -v -e sources -e tests | head -1; }
listing=$(unzip -l "$(module_jar cuda)")
grep -q 'cuda/kernels/attention.fatbin' <<<"$listing" || { echo "pack-device: $(module_jar cuda) carries no CUDA kernels" >&2; exit 1; }

rm -rf "$PACK" && mkdir -p "$PACK/lib" "$PACK/test"
for m in core cuda api models pipeline tools; do cp "$(module_jar $m)" "$PACK/lib/"; done
./mvnw -q -B -pl inference/core dependency:copy-dependencies -DincludeGroupIds=com.fasterxml.jackson.core -DincludeScope=runtime \
  -DoutputDirectory="$ROOT/$PACK/lib"
./mvnw -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 -DoutputDirectory="$ROOT/$PACK/lib"
"$JAVA_HOME/bin/jar" --create --file "$PACK/test/core-tests.jar" -C inference/core/target/test-classes dev/gallop/engine/backend/harness
"$JAVA_HOME/bin/jar" --create --file "$PACK/test/cuda-tests.jar" -C inference/cuda/target/test-classes .
"$JAVA_HOME/bin/jar" --create --file "$PACK/test/parity-tests.jar" -C tests/target/test-classes .

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.xml,jdk.incubator.vector,jdk.zipfs --strip-debug --no-man-pages \
  --no-header-files --compress=zip-0 --output "$work/runtime" 2> >(grep -v 'incubator' >&2)
strip --strip-unneeded "$work/runtime/lib/server/libjvm.so"
tar -C "$work" -cf - runtime | xz -9 -T2 > "$PACK/runtime.tar.xz"

pack_bytes=$(du -sb "$PACK" | cut -f1)
tree_bytes=$(git ls-files -z | du --files0-from=- -cb 2>/dev/null | tail -1 | cut -f1)
total=$((pack_bytes + tree_bytes))
printf 'pack-device: %s = %.1f MiB; with the tracked tree (%.1f MiB): %.1f MiB of the 64 MiB limit\n' "$PACK" \
  "$(echo "$pack_bytes / 1048576" | bc -l)" "$(echo "$tree_bytes / 1048576" | bc -l)" "$(echo "$total / 1048576" | bc -l)"
[ "$total" -le "$LIMIT" ] || { echo "pack-device: over the 64 MiB limit" >&2; exit 1; }
