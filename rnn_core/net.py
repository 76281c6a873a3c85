"""A trained sequence model as numpy arrays, and its replay on one sequence in the glass box.

    x_t = E[token_t] (embedding), one_hot(token_t), or the given vector   # (T, D)
    h_t = f_W(h_{t-1}, x_t)                                                 # (T, H)
    y_t = W_hy h_t + b_y                                                    # (T, O)

:class:`NumpyNet` holds the weights of the torch engine's ``SeqNet`` (copied out by
:func:`rnn_core.engine.bridge.to_numpy`); every number on screen comes from its
:meth:`NumpyNet.replay`, the verified numpy core, not from torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.params import CellParams
from rnn_core.readout import Readout, softmax
from rnn_core.unroll import Trace, unroll


def encode(encoding: str, inputs, input_dim: int, E: np.ndarray | None = None) -> np.ndarray:
    """x_t for every step, as a task's model reads its inputs: (T,) token ids or (T, D) vectors -> x (T, D).

    'embed': x_t = E[token_t] (``E`` (V, D)); 'onehot': x_t = one_hot(token_t) over D = input_dim tokens (id -1, an
    unknown token, is all zeros); 'dense': the given vectors.
    """
    if encoding == "embed":
        return E[np.asarray(inputs, dtype=int)]
    if encoding == "onehot":
        ids = np.asarray(inputs, dtype=int)
        return (ids[..., None] == np.arange(input_dim)).astype(float)  # (T, D), unknown -> zeros; never a (D, D) eye
    return np.asarray(inputs, dtype=float).reshape(-1, input_dim)


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
    """A SeqNet's weights as numpy arrays: the embedding (if any), the cell and the readout.

    Encodings: 'onehot' (tokens, D = vocab; id -1 is an unknown token, all zeros), 'embed' (tokens,
    ``E`` (V, D)), 'dense' (vectors, D = input_dim).
    """

    encoding: str
    params: CellParams
    readout: Readout
    E: np.ndarray | None  # (V, D) embedding table

    def encode(self, inputs) -> np.ndarray:
        """(T,) token ids or (T, D) vectors -> x (T, D)."""
        return encode(self.encoding, inputs, self.params.input_dim, self.E)

    def replay(self, inputs, h0=None) -> Replay:
        xs = self.encode(inputs)
        trace = unroll(self.params, xs, h0)
        return Replay(self.params, self.readout, xs, trace, self.readout.logits(trace.h))
