"""Minimal safetensors reader and writer (numpy only) for the float64 reference generator.

Layout: 8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8, then the raw
little-endian tensor bytes, row-major, in the order of the sorted tensor names.
"""
import json
import struct

import numpy as np

_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "U8": np.uint8, "F16": np.float16}
_NAMES = {np.dtype(v): k for k, v in _DTYPES.items()}


def bf16_bits_to_f32(raw):
    return (raw.astype(np.uint32) << 16).view(np.float32)


def read(path):
    """All tensors of a file as numpy arrays (BF16 widened to float32) and the metadata dict."""
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, info in header.items():
        a, b = info["data_offsets"]
        raw = blob[base + a:base + b]
        if info["dtype"] == "BF16":
            arr = bf16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
        else:
            arr = np.frombuffer(raw, dtype=np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")).copy()
        out[name] = arr.reshape(info["shape"])
    return out, meta


def f32_to_bf16_bits(x):
    """Round-to-nearest-even float32 → bfloat16 bit patterns."""
    u = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def write(path, tensors, metadata=None, bf16=()):
    """Writes `tensors` (name → array); names in `bf16` are stored as BF16 (their values must be bf16-exact)."""
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        arr = np.asarray(tensors[name])
        if name in bf16:
            bits = f32_to_bf16_bits(arr)
            if not np.array_equal(bf16_bits_to_f32(bits).reshape(arr.shape), arr.astype(np.float32)):
                raise ValueError(name + " is not bf16-exact")
            raw, dtype = bits.astype("<u2").tobytes(), "BF16"
        else:
            dtype = _NAMES[arr.dtype]
            raw = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def bf16_round(x):
    """Values rounded to the nearest bfloat16, as float32."""
    return bf16_bits_to_f32(f32_to_bf16_bits(np.asarray(x, dtype=np.float32))).reshape(np.shape(x))
