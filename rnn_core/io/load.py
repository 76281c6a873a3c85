"""Loading a model: any file's bytes in, a :class:`Loaded` (ready for the glass box) or a ModelFileError out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.io.describe import describe
from rnn_core.io.errors import ModelFileError
from rnn_core.io.infer import find_parts, infer_meta
from rnn_core.io.meta import ModelMeta, from_header
from rnn_core.io.read import read
from rnn_core.net import NumpyNet
from rnn_core.params import CellParams
from rnn_core.readout import Readout


@dataclass(frozen=True)
class Loaded:
    """A model read from a file: the glass box's params (ready for :func:`rnn_core.unroll.unroll`), the readout
    and embedding when the file has them, a NumpyNet when it is complete (it has a readout), the metadata the
    file states or that was inferred from the shapes, and a paragraph saying what was found."""

    params: CellParams
    readout: Readout | None
    E: np.ndarray | None  # (V, D)
    net: NumpyNet | None
    meta: ModelMeta
    found: str
    source: str  # 'unrolled', 'safetensors' or 'torch.save'


def _load(data: bytes) -> Loaded:
    t, header, source = read(data)
    stated = from_header(header) if source == "unrolled" else None
    parts = find_parts(t, source)
    meta = infer_meta(stated, parts)
    net = None if parts.readout is None else NumpyNet(meta.encoding, parts.params, parts.readout, parts.E)
    return Loaded(parts.params, parts.readout, parts.E, net, meta, describe(parts, meta, source), source)


def load_model(data: bytes) -> Loaded:
    """Read a model file (bytes): an Unrolled file, or a PyTorch state_dict saved with safetensors or torch.save.

    Raises :class:`ModelFileError` (a ValueError, its message for a student) for anything else, whatever the
    bytes; the size limit :data:`MAX_BYTES` is checked before any parsing.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"load_model reads bytes, got {type(data).__name__}")
    data = bytes(data)
    try:
        return _load(data)
    except ModelFileError:
        raise
    except Exception as e:
        raise ModelFileError(
            "This file could not be read as a model: it is damaged or laid out in a way this app does not know. "
            "Expected a safetensors file or a torch.save state_dict of one nn.RNN, nn.LSTM or nn.GRU."
        ) from e
