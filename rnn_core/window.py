"""The fixed-window feedforward network in numpy: at step t it sees only the last k inputs.

    x_t = the task's encoding of input t (as the RNNs read it)         # (D,)
    z_t = [x_(t-k+1); ...; x_(t-1); x_t]   zeros before the start      # (k*D,)  oldest first
    a_t = tanh(W_1 z_t + b_1)                                           # (M,)    W_1 (M, k*D)
    y_t = W_hy a_t + b_y                                                # (O,)    W_hy (O, M)

Nothing is carried from one step to the next: y_t depends on x_(t-k+1) .. x_t alone, and the same W_1, b_1, W_hy,
b_y are used at every step. An input further back than k steps cannot change the output. W_1 has k*D columns, so
the parameter count grows with k; an RNN's does not grow with how far back it looks.

The explorer reads its output at every step (:meth:`NumpyWindow.replay`, one :class:`WindowStep` per step, the way the
RNN replay keeps a trace); /window's "I speak fluent ___" reads it once, after the last word
(:meth:`NumpyWindow.last`), with a padding token's embedding instead of zeros before the start:

    z = [E[w_(T-k+1)]; ...; E[w_T]]   pad_id in front when T < k       # (k*D,)
    p = softmax(W_hy tanh(W_1 z + b_1) + b_y)                          # (O,)

The weights come from the torch engine's ``WindowNet`` (:func:`rnn_core.engine.bridge.to_numpy`). A model's kind is
'window-k' (:func:`window_kind`, :func:`window_size`: the one place that writes and reads it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnn_core.net import encode
from rnn_core.readout import Readout, softmax

WINDOW = "window"  # the architecture's name in the explorer (``arch=window``)
DEFAULT_K = 3
MAX_K = 8
K_CHOICES = tuple(range(1, MAX_K + 1))  # the window sizes the pages offer
SCORED_KS = (1, 2, 3, 5, MAX_K)  # the window sizes every task's page scores against the RNNs (stored in models/)


def window_kind(k: int) -> str:
    """The model's kind as the engine and the stored files name it: 3 -> 'window-3'."""
    return f"{WINDOW}-{int(k)}"


def window_size(kind: str) -> int | None:
    """k of a kind named 'window-k', None for anything else ('rnn', 'lstm', 'gru')."""
    head, _, k = str(kind).partition("-")
    return int(k) if head == WINDOW and k.isdigit() and int(k) >= 1 else None


def windows(xs: np.ndarray, k: int) -> np.ndarray:
    """z_t for every step: (T, D) -> (T, k*D), row t = [x_(t-k+1); ...; x_t], zeros where t-k+1 .. < 1."""
    T, D = xs.shape
    if T == 0:
        return np.zeros((0, k * D))
    padded = np.vstack([np.zeros((k - 1, D)), xs])  # (T+k-1, D)
    return np.stack([padded[t : t + k].reshape(-1) for t in range(T)]).reshape(T, k * D)


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
    """The window read once, at the last step (:meth:`NumpyWindow.last`)."""

    x: np.ndarray  # (k, D) the inputs in the window
    a: np.ndarray  # (M,)
    probs: np.ndarray  # (O,)


@dataclass(frozen=True)
class WindowStep:
    """One step t (1-based in ``t``): the window it read and what it computed."""

    t: int
    first: int  # 1-based index of the oldest input in the window; < 1 when it reaches before the start
    z: np.ndarray  # (k*D,) the concatenated window
    W1z: np.ndarray  # (M,) W_1 z_t
    pre: np.ndarray  # (M,) W_1 z_t + b_1
    a: np.ndarray  # (M,) tanh(pre)


@dataclass(frozen=True)
class WindowReplay:
    """A window model on one sequence: the inputs, one :class:`WindowStep` per step, and the outputs."""

    net: NumpyWindow
    xs: np.ndarray  # (T, D)
    steps: tuple[WindowStep, ...]
    logits: np.ndarray  # (T, O)

    @property
    def a(self) -> np.ndarray:
        """a_t at every step: (T, M)."""
        return np.stack([s.a for s in self.steps]).reshape(len(self.steps), self.net.units)

    @property
    def probs(self) -> np.ndarray:
        return softmax(self.logits)  # (T, O)


@dataclass(frozen=True)
class NumpyWindow:
    """A WindowNet's weights as numpy arrays: the embedding (if any), ``W_1`` (M, k*D), ``b_1`` (M,) and the
    readout. Encodings as :class:`rnn_core.net.NumpyNet`'s: 'onehot', 'embed' (``E`` (V, D)), 'dense'."""

    encoding: str
    k: int
    W_1: np.ndarray
    b_1: np.ndarray
    readout: Readout
    E: np.ndarray | None  # (V, D)

    def __post_init__(self):
        M, kD = np.shape(self.W_1)
        if self.k < 1 or kD % self.k:
            raise ValueError(f"W_1 has {kD} columns, not k = {self.k} blocks of the input size")
        if np.shape(self.b_1) != (M,):
            raise ValueError(f"b_1 should have shape ({M},), got {np.shape(self.b_1)}")
        if np.shape(self.readout.W_hy)[1] != M:
            raise ValueError(f"W_hy should have {M} columns, got {np.shape(self.readout.W_hy)[1]}")

    @property
    def kind(self) -> str:
        return window_kind(self.k)

    @property
    def input_dim(self) -> int:
        return self.W_1.shape[1] // self.k

    @property
    def units(self) -> int:
        return self.W_1.shape[0]

    @property
    def n_params(self) -> int:
        """Trained numbers: W_1, b_1, W_hy, b_y and the embedding."""
        E = 0 if self.E is None else np.size(self.E)
        return int(np.size(self.W_1) + np.size(self.b_1) + np.size(self.readout.W_hy) + np.size(self.readout.b_y) + E)

    def last(self, ids: Sequence[int], pad_id: int) -> WindowPass:
        """The output after the last of ``ids`` alone, ``pad_id`` filling a window that reaches before the start (as
        /window reads a sentence)."""
        x = self.encode(window_ids(ids, self.k, pad_id))  # (k, D)
        a = np.tanh(self.W_1 @ x.reshape(-1) + self.b_1)  # (M,)
        return WindowPass(x, a, softmax(self.readout.W_hy @ a + self.readout.b_y))

    def input_grad(self, ids: Sequence[int], dy: np.ndarray, pad_id: int) -> np.ndarray:
        """The backward of :meth:`last`: dL/dx for the window's k inputs given dL/dy (O,) at the output: (k, D)."""
        f = self.last(ids, pad_id)
        da = self.readout.W_hy.T @ dy  # (M,)
        dz = self.W_1.T @ (da * (1.0 - f.a**2))  # (k*D,)
        return dz.reshape(self.k, -1)

    def encode(self, inputs) -> np.ndarray:
        """(T,) token ids or (T, D) vectors -> x (T, D)."""
        return encode(self.encoding, inputs, self.input_dim, self.E)

    def replay(self, inputs) -> WindowReplay:
        """Every step's window, hidden layer and output for one sequence."""
        xs = self.encode(inputs)  # (T, D)
        Z = windows(xs, self.k)  # (T, k*D)
        W1z = Z @ self.W_1.T  # (T, M)
        pre = W1z + self.b_1
        A = np.tanh(pre)  # (T, M)
        steps = tuple(WindowStep(t + 1, t + 2 - self.k, Z[t], W1z[t], pre[t], A[t]) for t in range(len(xs)))
        return WindowReplay(self, xs, steps, self.readout.logits(A))


def params_for(k: int, input_dim: int, units: int, output_dim: int, vocab_size: int | None = None) -> int:
    """How many numbers a window-k model trains: W_1 (M x k*D), b_1, W_hy, b_y, and an embedding (V x D) if it has
    one. Each step of window adds D*M."""
    emb = 0 if vocab_size is None else vocab_size * input_dim
    return units * k * input_dim + units + output_dim * units + output_dim + emb
