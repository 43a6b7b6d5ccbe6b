# Sourced by the device-side scripts: unpacks .devpack/pack.tar.xz once (into $PACKDIR), sets JAVA, the class path
# (CP, with a trailing ':'), and points Gallop (and the loader) at the cuBLASLt / cuDNN / cuFFT libraries and headers
# of the pip packages next to PyTorch.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
[ -f .devpack/pack.tar.xz ] || { echo "no .devpack/pack.tar.xz here: run tests/bench/pack-device.sh and copy .devpack beside the checkout" >&2; exit 1; }
PACKDIR=/tmp/gallop-devpack-$(cksum < .devpack/pack.tar.xz | cut -d' ' -f1)
[ -x "$PACKDIR/runtime/bin/java" ] || { mkdir -p "$PACKDIR" && tar -xJf .devpack/pack.tar.xz -C "$PACKDIR"; }
JAVA="$PACKDIR/runtime/bin/java"
CP=$(ls "$PACKDIR"/lib/*.jar | grep -v console-standalone | tr '\n' ':')
JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m)
read -r CUDA_LIBS CUDA_INCLUDES < <(python3 - <<'PYEOF'
import glob, os
libs, incs = [], []
try:
    import nvidia
    for base in list(nvidia.__path__):
        for pat in ("**/libcublasLt.so.1[23]", "**/libcudnn.so.9", "**/libcudnn_graph.so.9", "**/libcufft.so.1[12]"):
            for f in glob.glob(os.path.join(base, pat), recursive=True):
                d = os.path.dirname(f)
                if d not in libs: libs.append(d)
        for pat in ("**/cublasLt.h", "**/cudnn_graph.h", "**/cufft.h"):
            for f in glob.glob(os.path.join(base, pat), recursive=True):
                d = os.path.dirname(f)
                if d not in incs: incs.append(d)
except ImportError:
    pass
print(":".join(libs) or "-", ":".join(incs) or "-")
PYEOF
)
[ "$CUDA_LIBS" = "-" ] && CUDA_LIBS=""
[ "$CUDA_INCLUDES" = "-" ] && CUDA_INCLUDES=""
export GALLOP_CUDA_LIBS="$CUDA_LIBS"
export LD_LIBRARY_PATH="$CUDA_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "# gpu: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo '?')"
echo "# cuBLASLt/cuDNN/cuFFT folders: ${CUDA_LIBS:-none found}"
