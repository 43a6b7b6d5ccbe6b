"""Minimal safetensors reader/writer on numpy (Debian's python3-torch 1.13 ships no safetensors package)."""
import json
import os
import struct

import numpy as np

_DT = {"F32": np.dtype("<f4"), "U8": np.dtype("u1"), "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "F64": np.dtype("<f8")}
_NAME = {v: k for k, v in _DT.items()}


def read(path, names=None):
    """-> (dict name -> numpy array, metadata dict). BF16 is widened to float32."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
        base = 8 + n
        out = {}
        for name, e in header.items():
            if name == "__metadata__" or (names is not None and name not in names):
                continue
            s, t = e["data_offsets"]
            f.seek(base + s)
            raw = f.read(t - s)
            if e["dtype"] == "BF16":
                a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
            elif e["dtype"] in _DT:
                a = np.frombuffer(raw, dtype=_DT[e["dtype"]])
            else:
                raise SystemExit(f"{path}: tensor {name} has dtype {e['dtype']}, which this reader does not handle")
            out[name] = a.reshape(e["shape"])
    return out, header.get("__metadata__", {})


def write(path, tensors, metadata=None):
    """Writes float32/uint8/int arrays atomically (temporary file, then rename)."""
    header, blobs, off = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name in tensors:
        a = np.ascontiguousarray(tensors[name])
        if a.dtype == np.float64:
            a = a.astype(np.float32)
        dt = _NAME[a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype]
        b = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dt, "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)
