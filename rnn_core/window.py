"""The fixed-window feedforward model in numpy: it sees only the last k tokens.

    z = [E[w_{T-k+1}]; ...; E[w_T]]        # (k*D,)  pad_id in front when T < k
    a = tanh(W_1 z + b_1)                  # (M,)
    y = W_2 a + b_2,   p = softmax(y)      # (L,)

The weights come from the torch engine's ``WindowNet``
(:func:`rnn_core.engine.bridge.window_to_numpy`); :meth:`NumpyWindow.input_grad`
is the backward of the forward above down to the window's embeddings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnn_core.readout import softmax


def window_ids(ids: Sequence[int], k: int, pad_id: int) -> np.ndarray:
    """The last ``k`` ids, ``pad_id`` in front when the sequence is shorter: (T,) -> (k,)."""
    ids = np.asarray(ids, dtype=np.int64)[-k:] if k else np.zeros(0, np.int64)
    return np.concatenate([np.full(k - len(ids), pad_id, np.int64), ids])


def windows_of(ids: np.ndarray, lengths: np.ndarray, k: int, pad_id: int) -> np.ndarray:
    """:func:`window_ids` for each row of right-padded ids: (N, T_max) -> (N, k)."""
    at = lengths[:, None] - k + np.arange(k)  # (N, k) positions, < 0 before the start
    return np.where(at >= 0, np.take_along_axis(ids, at.clip(min=0), axis=1), pad_id)


@dataclass(frozen=True)
class WindowPass:
    x: np.ndarray  # (k, D) embeddings in the window
    a: np.ndarray  # (M,)
    probs: np.ndarray  # (L,)


@dataclass(frozen=True)
class NumpyWindow:
    """A WindowNet's weights as numpy arrays: ``E`` (V, D), ``W_1`` (M, k*D), ``W_2`` (L, M)."""

    k: int
    E: np.ndarray
    W_1: np.ndarray
    b_1: np.ndarray
    W_2: np.ndarray
    b_2: np.ndarray
    pad_id: int

    def forward(self, ids: Sequence[int]) -> WindowPass:
        x = self.E[window_ids(ids, self.k, self.pad_id)]  # (k, D)
        a = np.tanh(self.W_1 @ x.reshape(-1) + self.b_1)  # (M,)
        return WindowPass(x, a, softmax(self.W_2 @ a + self.b_2))

    def input_grad(self, ids: Sequence[int], dy: np.ndarray) -> np.ndarray:
        """dL/dx for the window's k embeddings given dL/dy (L,): (k, D)."""
        f = self.forward(ids)
        da = self.W_2.T @ dy  # (M,)
        dz = self.W_1.T @ (da * (1.0 - f.a**2))  # (k*D,)
        return dz.reshape(self.k, -1)
