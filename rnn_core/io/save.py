"""Saving a model: one safetensors file (bytes) with the weights as F64 under their lecture names and the
metadata in its header.

    W_xh (G*H, D), W_hh (G*H, H), b_xh, b_hh (G*H,)     the cell, torch's layout (b_h = b_xh + b_hh)
    W_hy (O, H), b_y (O,)                               the readout y_t = W_hy h_t + b_y
    E (V, D)                                            the embedding, for encoding 'embed' only
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from safetensors.numpy import save as _safetensors_save

from rnn_core.io.meta import APP_VERSION, FORMAT_VERSION, KEY, ModelMeta, check_consistent, from_header, to_header
from rnn_core.io.tensors import check_finite
from rnn_core.net import NumpyNet


def net_arrays(net: NumpyNet) -> dict[str, np.ndarray]:
    """A NumpyNet's tensors by their file names: W_xh, W_hh, b_xh, b_hh, W_hy, b_y and (embed) E."""
    out = {**net.params.arrays(), "W_hy": net.readout.W_hy, "b_y": net.readout.b_y}
    if net.E is not None:
        out["E"] = net.E
    return out


def _complete(net: NumpyNet, meta: ModelMeta) -> ModelMeta:
    """``meta`` with what the net itself says (arch, sizes, encoding) filled in; a contradiction is an error."""
    p = net.params
    own = {
        "kind": p.kind,
        "units": p.units,
        "input_dim": p.input_dim,
        "output_dim": net.readout.W_hy.shape[0],
        "encoding": net.encoding,
    }
    for name, v in own.items():
        if getattr(meta, name) not in (None, v):
            raise ValueError(f"the metadata says {KEY.get(name, name)} = {getattr(meta, name)!r}, the net has {v!r}")
    return replace(meta, **own, app_version=meta.app_version or APP_VERSION, format_version=FORMAT_VERSION)


def save_model(net: NumpyNet, meta: ModelMeta | None = None) -> bytes:
    """One safetensors file (bytes) holding ``net``'s weights as F64 and ``meta`` in its header (see above)."""
    meta = _complete(net, meta or ModelMeta())
    from_header(to_header(meta))  # what load_model will check: arch, encoding, lists, accuracy in [0, 1]
    arrays = net_arrays(net)
    for name, a in arrays.items():
        check_finite(name, a)
    check_consistent(meta, net.E, "E")
    return _safetensors_save({k: np.ascontiguousarray(v, dtype=np.float64) for k, v in arrays.items()}, to_header(meta))


def file_name(meta: ModelMeta) -> str:
    """A download name for a model file: ``unrolled-<task>-<arch>-<units>.safetensors``."""
    parts = [p for p in (meta.task, meta.kind, meta.units) if p is not None]
    return "-".join(["unrolled", *map(str, parts)]) + ".safetensors"
