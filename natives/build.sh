#!/usr/bin/env bash
# Compiles every natives/*.cu into one fatbin per op family: SASS for sm_80, sm_86, sm_89 and sm_90a plus
# compute_80 PTX (which newer GPUs JIT-compile), into OUT_DIR with an index (kernels.list).
# Usage: natives/build.sh OUT_DIR        env: NVCC (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc),
#                                              GALLOP_CUDA_ARCHS (default "80 86 89 90a")
# A family is rebuilt only when its .cu or a shared header (*.cuh) is newer than its fatbin. Without nvcc it prints why and
# exits 0: the jar then carries no kernels and the CUDA backend reports that it needs them.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUT_DIR}"
nvcc="${NVCC:-$(command -v nvcc || true)}"
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
if [ -z "$nvcc" ]; then
  echo "natives: nvcc not found; the CUDA kernels are not built (set NVCC or put nvcc on PATH)"
  exit 0
fi
archs="${GALLOP_CUDA_ARCHS:-80 86 89 90a}"
gencode=()
for a in $archs; do gencode+=(-gencode "arch=compute_${a},code=sm_${a}"); done
ptx="$(echo "$archs" | awk '{print $1}' | tr -d a)"
gencode+=(-gencode "arch=compute_${ptx},code=compute_${ptx}")
mkdir -p "$out"
# fatbins built for other architectures are stale whatever their age
if [ -f "$out/build-info.txt" ] && ! grep -qx "archs=$archs ptx=compute_$ptx" "$out/build-info.txt"; then rm -f "$out"/*.fatbin; fi
start=$(date +%s.%N)
built=0
for f in "$src"/*.cu; do
  name="$(basename "$f" .cu)"
  target="$out/$name.fatbin"
  stale=0
  for dep in "$f" "$src"/*.cuh; do [ "$target" -nt "$dep" ] || stale=1; done
  if [ -f "$target" ] && [ $stale = 0 ]; then continue; fi
  "$nvcc" -O3 -std=c++17 --threads 0 -fatbin "${gencode[@]}" -o "$target.tmp" "$f"
  mv "$target.tmp" "$target"
  built=$((built + 1))
done
(cd "$out" && ls *.fatbin | sed 's/\.fatbin$//' > kernels.list)
{
  echo "nvcc=$("$nvcc" --version | tail -1)"
  echo "archs=$archs ptx=compute_$ptx"
} > "$out/build-info.txt"
echo "natives: $built of $(wc -l < "$out/kernels.list") kernel families compiled for [$archs] + compute_$ptx PTX in $(echo "$(date +%s.%N) - $start" | bc) s"
