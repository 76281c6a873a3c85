"""One time step of each recurrent cell, forward and backward side by side.

Each ``*_step`` computes ``h_t = f_W(h_{t-1}, x_t)`` and returns a record of
every intermediate; each ``*_step_back`` reads that record in reverse and
returns the gradients with respect to the step's inputs, adding the weight
gradients into ``g`` (a dict of arrays shaped like the params).
``xw`` is ``W_xh x_t + b_xh``, precomputed for all steps at once.

RNN:   h_t = tanh(W_xh x_t + b_xh + W_hh h_{t-1} + b_hh)
LSTM:  [i, f, g, o] = [σ, σ, tanh, σ](W_xh x_t + b_xh + W_hh h_{t-1} + b_hh)
       c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
GRU:   [r, z] = σ(W_x[r,z] x_t + b_x[r,z] + W_h[r,z] h_{t-1} + b_h[r,z])
       n = tanh(W_xn x_t + b_xn + r * (W_hn h_{t-1} + b_hn))
       h_t = (1 - z) * n + z * h_{t-1}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.params import CellParams


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))


@dataclass(frozen=True)
class Step:
    """What step t of every cell records: x_t (D,), h_{t-1} (H,) and the two halves of its pre-activation,
    ``Wx`` = W_xh x_t + b_xh and ``Wh`` = W_hh h_{t-1} + b_hh, each (G*H,) for G gate blocks (RNN 1, LSTM 4, GRU 3)."""

    t: int
    x: np.ndarray
    h_prev: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray


@dataclass(frozen=True)
class RNNStep(Step):
    """Step t of a vanilla RNN; every field is (H,) but ``x`` (D,)."""

    a: np.ndarray  # pre-activation Wx + Wh
    h: np.ndarray


@dataclass(frozen=True)
class LSTMStep(Step):
    """Step t of an LSTM; gates ``i f g o``, cell ``c``; ``a`` is the (4H,) pre-activation."""

    c_prev: np.ndarray
    a: np.ndarray  # (4H,)
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray


@dataclass(frozen=True)
class GRUStep(Step):
    """Step t of a GRU; gates ``r z n``; ``Wx``, ``Wh`` are the (3H,) input and hidden parts."""

    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    h: np.ndarray


def rnn_step(p: CellParams, t: int, x, xw, h_prev, c_prev=None) -> RNNStep:
    Wh = p.W_hh @ h_prev + p.b_hh
    a = xw + Wh
    return RNNStep(t, x, h_prev, xw, Wh, a, np.tanh(a))


def rnn_step_back(p: CellParams, s: RNNStep, dh, dc, g):
    da = dh * (1.0 - s.h**2)  # (H,)
    g["W_hh"] += np.outer(da, s.h_prev)
    g["b_hh"] += da
    return da, p.W_hh.T @ da, None


def lstm_step(p: CellParams, t: int, x, xw, h_prev, c_prev) -> LSTMStep:
    H = p.units
    Wh = p.W_hh @ h_prev + p.b_hh
    a = xw + Wh  # (4H,)
    i, f, o = sigmoid(a[:H]), sigmoid(a[H : 2 * H]), sigmoid(a[3 * H :])
    g = np.tanh(a[2 * H : 3 * H])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    return LSTMStep(t, x, h_prev, xw, Wh, c_prev, a, i, f, g, o, c, tanh_c, o * tanh_c)


def lstm_step_back(p: CellParams, s: LSTMStep, dh, dc, g):
    do = dh * s.tanh_c
    dc = dc + dh * s.o * (1.0 - s.tanh_c**2)
    di, df, dg = dc * s.g, dc * s.c_prev, dc * s.i
    da = np.concatenate([di * s.i * (1 - s.i), df * s.f * (1 - s.f), dg * (1 - s.g**2), do * s.o * (1 - s.o)])  # (4H,)
    g["W_hh"] += np.outer(da, s.h_prev)
    g["b_hh"] += da
    return da, p.W_hh.T @ da, dc * s.f


def gru_step(p: CellParams, t: int, x, xw, h_prev, c_prev=None) -> GRUStep:
    H = p.units
    Wh = p.W_hh @ h_prev + p.b_hh  # (3H,)
    r = sigmoid(xw[:H] + Wh[:H])
    z = sigmoid(xw[H : 2 * H] + Wh[H : 2 * H])
    n = np.tanh(xw[2 * H :] + r * Wh[2 * H :])
    return GRUStep(t, x, h_prev, xw, Wh, r, z, n, (1.0 - z) * n + z * h_prev)


def gru_step_back(p: CellParams, s: GRUStep, dh, dc, g):
    H = p.units
    dn = dh * (1.0 - s.z)
    dz = dh * (s.h_prev - s.n)
    dan = dn * (1.0 - s.n**2)
    dr = dan * s.Wh[2 * H :]
    dar, daz = dr * s.r * (1 - s.r), dz * s.z * (1 - s.z)
    dxw = np.concatenate([dar, daz, dan])  # (3H,)
    dWh = np.concatenate([dar, daz, dan * s.r])  # (3H,)
    g["W_hh"] += np.outer(dWh, s.h_prev)
    g["b_hh"] += dWh
    return dxw, p.W_hh.T @ dWh + dh * s.z, None


STEP = {"rnn": (rnn_step, rnn_step_back), "lstm": (lstm_step, lstm_step_back), "gru": (gru_step, gru_step_back)}
