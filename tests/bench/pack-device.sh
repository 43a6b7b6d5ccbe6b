#!/usr/bin/env bash
# Packs what the CUDA benchmarks and the GPU test harness need on a GPU machine that has CUDA, cuDNN and PyTorch but
# no Java: .devpack/pack.tar.xz (in .gitignore; copied beside the checkout on the GPU machine), one xz stream of
#   runtime/   a jlink'd JDK 25 runtime (java.base, java.logging, jdk.incubator.vector, jdk.zipfs; no debug info,
#              libjvm stripped)
#   lib/       the engine's jars (the CUDA backend's with the nvcc-built kernels), Jackson, JUnit's console launcher
#   test/      the GPU tests (tag "gpu") of the CUDA backend and of the tests module, and the op harness (core's
#              backend.harness: one table of cases per operation family)
# The jars are stored uncompressed inside the tar so that xz compresses the classes together (a third smaller than
# deflated jars). The kernels are built for PACK_CUDA_ARCHS (default "90a": H100 / H200; e.g. "80 86 89 90a" for
# other cards). Checks that the pack plus this checkout's tracked files stay under 64 MiB.
# Then, on the GPU machine, in the copied checkout:
#   bash tests/bench/gpu-tests.sh        GPU op harness (with time per case) + DiT parity on CUDA
#   bash tests/bench/cuda-vs-torch.sh    gallop bench cuda vs the PyTorch peer
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export GALLOP_CUDA_ARCHS=${PACK_CUDA_ARCHS:-90a}
LIMIT=$((64 * 1024 * 1024))
PACK=.devpack

command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || { echo "pack-device: nvcc is needed to build the CUDA kernels" >&2; exit 1; }
./mvnw -q -B -pl inference/tools,tests -am -DskipTests -Pnvcc package test-compile
module_jar() { ls inference/$1/target/gallop-*.jar | grep -v -e sources -e tests | head -1; }
listing=$(unzip -l "$(module_jar cuda)")
grep -q 'cuda/kernels/attention.fatbin' <<<"$listing" || { echo "pack-device: $(module_jar cuda) carries no CUDA kernels" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/pack"
mkdir -p "$stage/lib" "$stage/test" "$work/deps"
for m in core cuda api models pipeline tools; do cp "$(module_jar $m)" "$work/deps/"; done
./mvnw -q -B -pl inference/core dependency:copy-dependencies -DincludeGroupIds=com.fasterxml.jackson.core -DincludeScope=runtime \
  -DoutputDirectory="$work/deps"
./mvnw -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 -DoutputDirectory="$work/deps"
stored() {  # stored OUT_JAR DIR: a jar of DIR's files without compression (keeping DIR's manifest)
  local manifest=()
  [ -f "$2/META-INF/MANIFEST.MF" ] && manifest=(--manifest "$2/META-INF/MANIFEST.MF")
  "$JAVA_HOME/bin/jar" --create --no-compress --file "$1" "${manifest[@]}" -C "$2" .
}
for j in "$work"/deps/*.jar; do
  d="$work/x" && rm -rf "$d" && mkdir "$d" && (cd "$d" && unzip -q "$j")
  stored "$stage/lib/$(basename "$j")" "$d"
done
stored "$stage/test/core-tests.jar" inference/core/target/test-classes
stored "$stage/test/cuda-tests.jar" inference/cuda/target/test-classes
stored "$stage/test/parity-tests.jar" tests/target/test-classes
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,jdk.incubator.vector,jdk.zipfs --strip-debug --no-man-pages \
  --no-header-files --compress=zip-0 --output "$stage/runtime" 2> >(grep -v 'incubator' >&2)
strip --strip-unneeded "$stage/runtime/lib/server/libjvm.so"

rm -rf "$PACK" && mkdir -p "$PACK"
tar -C "$stage" -cf - . | xz -9e -T2 > "$PACK/pack.tar.xz"
pack_bytes=$(du -sb "$PACK" | cut -f1)
tree_bytes=$(git ls-files -z | du --files0-from=- -cb 2>/dev/null | tail -1 | cut -f1)
total=$((pack_bytes + tree_bytes))
printf 'pack-device: %s = %.1f MiB (kernels for sm_%s); with the tracked tree (%.1f MiB): %.1f MiB of the 64 MiB limit\n' "$PACK" \
  "$(echo "$pack_bytes / 1048576" | bc -l)" "$GALLOP_CUDA_ARCHS" "$(echo "$tree_bytes / 1048576" | bc -l)" "$(echo "$total / 1048576" | bc -l)"
[ "$total" -le "$LIMIT" ] || { echo "pack-device: over the 64 MiB limit" >&2; exit 1; }
