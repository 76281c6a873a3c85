"""Reading a file's bytes: which kind of file it is, its size, and its tensors and header metadata.

    safetensors   8 bytes of header length (little-endian), a JSON header that starts with '{', raw arrays;
                  the header is read first and held to the budget (its size, the tensors, their parameters)
    torch.save    a zip (it starts with 'PK') holding data.pkl: vetted and loaded by :mod:`rnn_core.io.torchfile`
    anything else refused; a bare pickle with its own message, since pickles can run code

Floats come out as float64 (BF16 widened through F32: exact); other dtypes are kept for the messages to name.
"""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import safetensors

from rnn_core.io import budget
from rnn_core.io.errors import ModelFileError
from rnn_core.io.meta import FORMAT
from rnn_core.io.tensors import Tensors
from rnn_core.io.torchfile import read_torch_save, refuse_if_pickle


def check_size(data: bytes) -> None:
    """Refuse an empty file, and one over the budget's ``file_bytes`` before any parsing."""
    if not data:
        raise ModelFileError(
            "The file is empty (0 bytes). Expected a model file: .safetensors, or .pt/.pth from torch.save."
        )
    budget.over("file_bytes", len(data), f"The file is {budget.amount('file_bytes', len(data))}")


def _is_safetensors(data: bytes) -> bool:
    """8 bytes of header length (little-endian), then a JSON header that starts with '{'."""
    if len(data) < 10:
        return False
    n = struct.unpack("<Q", data[:8])[0]
    return 2 <= n <= len(data) - 8 and data[8:9] == b"{"


_SAFETENSORS_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U64": "<u8",
    "U32": "<u4",
    "U16": "<u2",
    "U8": "u1",
    "BOOL": "?",
}


def _decode_tensor(dtype: str, shape: list, raw) -> np.ndarray | None:
    """A safetensors tensor as numpy (floats as float64; BF16 widened to F32 first), None for other dtypes."""
    if dtype == "BF16":
        bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
        return bits.view(np.float32).astype(np.float64).reshape(shape)
    if dtype not in _SAFETENSORS_DTYPES:
        return None
    a = np.frombuffer(raw, dtype=_SAFETENSORS_DTYPES[dtype]).reshape(shape)
    return a.astype(np.float64) if a.dtype.kind == "f" else a.copy()


DAMAGED = "This looks like a safetensors file, but it is damaged (cut short or edited) and cannot be read."


def safetensors_header(data: bytes) -> dict:
    """The JSON header of a safetensors file, held to the budget before a tensor is read: its size, how many
    tensors it lists and the parameters their shapes add up to."""
    n = struct.unpack("<Q", data[:8])[0]
    budget.over("header_bytes", n, f"This file's safetensors header is {budget.amount('header_bytes', n)}")
    try:
        header = json.loads(data[8 : 8 + n])
    except Exception as e:  # not JSON, nested too deep, a number too long to read
        raise ModelFileError(DAMAGED) from e
    if not isinstance(header, dict):
        raise ModelFileError(DAMAGED)
    entries = [v for k, v in header.items() if k != "__metadata__"]
    budget.over("tensors", len(entries), f"This file holds {len(entries):,} tensors")
    shapes = [e.get("shape") if isinstance(e, dict) else None for e in entries]
    if not all(isinstance(s, list) and all(type(d) is int and d >= 0 for d in s) for s in shapes):
        raise ModelFileError(DAMAGED)
    total = sum(math.prod(s) for s in shapes)
    budget.over("parameters", total, f"This file's tensors hold {total:,} numbers")
    return header


def read_safetensors(data: bytes) -> tuple[Tensors, dict[str, str]]:
    """A safetensors file's tensors and its header's ``__metadata__`` (strings; {} when it has none)."""
    header = safetensors_header(data)
    try:
        entries = safetensors.deserialize(data)
    except Exception as e:
        raise ModelFileError(DAMAGED) from e
    meta = header.get("__metadata__")
    meta = {str(k): str(v) for k, v in meta.items()} if isinstance(meta, dict) else {}
    t = Tensors({}, {})
    for name, e in entries:
        a = _decode_tensor(e["dtype"], e["shape"], e["data"])
        if a is None:
            t.odd[name] = e["dtype"]
        else:
            t.arrays[name] = a
    return t, meta


def read(data: bytes) -> tuple[Tensors, dict[str, str], str]:
    """The file's tensors, its header metadata and what kind of file it was."""
    check_size(data)
    if data[:4] == b"PK\x03\x04":
        return read_torch_save(data), {}, "torch.save"
    if _is_safetensors(data):
        t, meta = read_safetensors(data)
        return t, meta, "unrolled" if meta.get("format") == FORMAT else "safetensors"
    refuse_if_pickle(data)
    raise ModelFileError(
        "This is not a model file this app can read. Expected a safetensors file (.safetensors) or a PyTorch "
        "state_dict saved with torch.save (.pt/.pth, a zip file)."
    )
