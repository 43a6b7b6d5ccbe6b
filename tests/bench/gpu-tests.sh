#!/usr/bin/env bash
# On a GPU machine without Java (with .devpack from pack-device.sh beside the checkout): the GPU harness without Maven. Runs every test tagged
# "gpu" (every op-harness case vs the CPU backend's scalar twins, timed with -Dgallop.ops.perf, graph capture, DiT parity goldens on CUDA) and the header
# checks of the bindings against cuda.h, cublasLt.h and cudnn_graph.h, with JUnit's console launcher. Exit code:
# non-zero when a test fails, and when the GPU tests were skipped (on this machine that means the GPU or a library was
# not usable: the skip reason is printed). Reports go to $OUT (or ./gpu-test-reports).
set -euo pipefail
source "$(dirname "$0")/devpack-env.sh"
REPORTS=${OUT:-$ROOT/gpu-test-reports}
mkdir -p "$REPORTS"
TEST_CP="$CP$PACKDIR/test/core-tests.jar:$PACKDIR/test/cuda-tests.jar:$PACKDIR/test/parity-tests.jar"
LAUNCHER=$(ls "$PACKDIR"/lib/junit-platform-console-standalone-*.jar)
run() {
  "$JAVA" "${JVM_FLAGS[@]}" -Dgallop.ops.perf=true -Dgallop.goldens.dit=tests/fixtures/magihuman-dit-tiny,tests/fixtures/f64/magihuman-dit -Dgallop.cuda.include="$CUDA_INCLUDES:/usr/local/cuda/include" \
    -jar "$LAUNCHER" execute --class-path "$TEST_CP" --details=tree --disable-banner --fail-if-no-tests "$@"
}
status=0
run --scan-class-path "$PACKDIR/test/cuda-tests.jar:$PACKDIR/test/parity-tests.jar" --include-tag gpu | tee "$REPORTS/gpu-tests.txt" || status=$?
aborted=$(sed -n 's/.*\[ *\([0-9]*\) tests aborted.*/\1/p' "$REPORTS/gpu-tests.txt" | tail -1)
if [ "${aborted:-0}" != 0 ]; then
  echo "gpu-tests: $aborted GPU tests were skipped; on a GPU machine that is a failure (see the reasons above)" >&2
  status=2
fi
run --select-class dev.gallop.engine.backend.cuda.ffm.CudaHeadersTest --select-class dev.gallop.engine.backend.cuda.CudaProviderTest || status=$?
exit $status
