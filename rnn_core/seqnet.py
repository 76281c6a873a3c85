"""The torch engine: token or vector inputs -> one nn.RNN/LSTM/GRU layer -> linear readout.

    x_t = E[token_t] (embedding), one_hot(token_t), or the given vector   # (T, D)
    h_t = f_W(h_{t-1}, x_t)                                                 # (T, H)
    y_t = W_hy h_t + b_y                                                    # (T, O)

:func:`replay` runs the same model in the numpy core so every number on
screen comes from the verified glass box, not from torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from rnn_core.bridge import from_torch
from rnn_core.params import CellParams
from rnn_core.readout import Readout, softmax
from rnn_core.unroll import Trace, unroll

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class SeqNet(nn.Module):
    """Encodings: 'onehot' (tokens, D = vocab; id -1 is an unknown token, all zeros), 'embed' (tokens, D = embed_dim),
    'dense' (vectors, D = input_dim)."""

    def __init__(self, kind: str, input_dim: int, units: int, output_dim: int,
                 encoding: str = "dense", vocab_size: int | None = None):
        super().__init__()
        if encoding not in ("onehot", "embed", "dense"):
            raise ValueError(f"unknown encoding {encoding!r}")
        if encoding == "onehot" and vocab_size not in (None, input_dim):
            raise ValueError("one-hot inputs have input_dim == vocab_size")
        self.kind, self.encoding = kind, encoding
        self.input_dim, self.units, self.output_dim = input_dim, units, output_dim
        self.vocab_size = input_dim if encoding == "onehot" else vocab_size
        self.embed = nn.Embedding(vocab_size, input_dim) if encoding == "embed" else None
        self.cell = CELLS[kind](input_dim, units, batch_first=True)
        self.head = nn.Linear(units, output_dim)

    def encode(self, inputs: torch.Tensor) -> torch.Tensor:
        """(B, T) token ids or (B, T, D) vectors -> (B, T, D)."""
        if self.encoding == "embed":
            return self.embed(inputs)
        if self.encoding == "onehot":
            known = (inputs >= 0).unsqueeze(-1)
            return (nn.functional.one_hot(inputs.clamp(min=0), self.input_dim) * known).to(self.head.weight.dtype)
        return inputs

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (logits (B, T, O), hidden states (B, T, H))."""
        hs, _ = self.cell(self.encode(inputs))
        return self.head(hs), hs


@dataclass(frozen=True)
class Replay:
    """A numpy replay of a SeqNet on one sequence: inputs, the full trace and the outputs."""

    params: CellParams
    readout: Readout
    xs: np.ndarray  # (T, D)
    trace: Trace
    logits: np.ndarray  # (T, O)

    @property
    def probs(self) -> np.ndarray:
        return softmax(self.logits)  # (T, O)


@dataclass(frozen=True)
class NumpyNet:
    """A SeqNet's weights as numpy arrays: the embedding (if any), the cell and the readout."""

    encoding: str
    params: CellParams
    readout: Readout
    E: np.ndarray | None  # (V, D) embedding table

    def encode(self, inputs) -> np.ndarray:
        if self.encoding == "embed":
            return self.E[np.asarray(inputs, dtype=int)]
        if self.encoding == "onehot":
            ids = np.asarray(inputs, dtype=int)
            return np.eye(self.params.input_dim)[ids.clip(min=0)] * (ids >= 0)[:, None]  # unknown -> zeros
        return np.asarray(inputs, dtype=float).reshape(-1, self.params.input_dim)

    def replay(self, inputs, h0=None) -> Replay:
        xs = self.encode(inputs)
        trace = unroll(self.params, xs, h0)
        return Replay(self.params, self.readout, xs, trace, self.readout.logits(trace.h))


def to_numpy(net: SeqNet) -> NumpyNet:
    """Copy a SeqNet's weights out of torch (float64) for the numpy replay."""
    arr = lambda t: t.detach().cpu().numpy().astype(np.float64)  # noqa: E731
    E = arr(net.embed.weight) if net.embed is not None else None
    return NumpyNet(net.encoding, from_torch(net.cell), Readout(arr(net.head.weight), arr(net.head.bias)), E)


def replay(net: SeqNet, inputs, h0=None) -> Replay:
    """Run ``net`` on one sequence (``(T,)`` token ids or ``(T, D)`` vectors) in the numpy core."""
    return to_numpy(net).replay(inputs, h0)
