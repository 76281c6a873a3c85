"""Unroll a cell over a sequence with a full trace, and backpropagate through time.

Forward:  h_t = f_W(h_{t-1}, x_t) for t = 1..T, the same ``W`` at every step.
Backward: given the upstream gradient dL/dh_t on each output (T, H), walk the
trace from t = T back to 1, carrying dh_next (and dc_next for LSTM):
    dh_t = dL/dh_t + dh_next,  then the cell's step backward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.cells import STEP
from rnn_core.params import GATES, CellParams


@dataclass(frozen=True)
class Trace:
    """Everything the forward pass computed: ``steps[t]`` is the record of step t (0-based)."""

    kind: str
    steps: tuple
    h0: np.ndarray  # (H,)
    c0: np.ndarray | None  # (H,) for LSTM
    h: np.ndarray  # (T, H)
    c: np.ndarray | None  # (T, H) for LSTM

    @property
    def T(self) -> int:
        return len(self.steps)

    @property
    def xs(self) -> np.ndarray:
        return np.stack([s.x for s in self.steps])  # (T, D)

    def gates(self) -> dict[str, np.ndarray]:
        """Each gate's value at every step, ``{letter: (T, H)}`` in torch's order: LSTM i, f, g, o; GRU r, z, n;
        empty for a vanilla RNN (it has no gates). Read from the step records, not recomputed."""
        if self.kind == "rnn":
            return {}
        H = len(self.h0)
        return {
            g: np.stack([getattr(s, g) for s in self.steps]) if self.steps else np.zeros((0, H))
            for g in GATES[self.kind]
        }


@dataclass(frozen=True)
class BPTT:
    """Result of backpropagation through time.

    ``grads`` mirrors the params; ``dh`` (T, H) is the total dL/dh_t (from the
    output at t and from the future); ``dx`` (T, D) is dL/dx_t; ``dh0`` and
    ``dc0`` are the gradients on the initial state.
    """

    grads: CellParams
    dh: np.ndarray
    dc: np.ndarray | None
    dx: np.ndarray
    dh0: np.ndarray
    dc0: np.ndarray | None


def _check_inputs(params: CellParams, xs) -> np.ndarray:
    xs = np.asarray(xs, dtype=params.W_xh.dtype)
    if xs.ndim != 2 or xs.shape[1] != params.input_dim:
        raise ValueError(f"xs should have shape (T, input_dim) = (T, {params.input_dim}), got {xs.shape}")
    return xs


def _check_state(name: str, v, H: int, dtype) -> np.ndarray:
    v = np.asarray(v, dtype=dtype)
    if v.shape != (H,):
        raise ValueError(f"{name} should have shape (units,) = ({H},), got {v.shape}")
    return v


def unroll(params: CellParams, xs, h0=None) -> Trace:
    """Run the cell over ``xs`` (T, input_dim); ``h0`` is (H,) or, for LSTM, ``(h0, c0)``; zeros by default."""
    xs = _check_inputs(params, xs)
    H, dtype = params.units, params.W_xh.dtype
    lstm = params.kind == "lstm"
    if h0 is None:
        h_prev, c_prev = np.zeros(H, dtype), (np.zeros(H, dtype) if lstm else None)
    elif lstm:
        if not (isinstance(h0, tuple) and len(h0) == 2):
            raise ValueError("for LSTM, h0 should be a tuple (h0, c0) of two (units,) arrays")
        h_prev, c_prev = _check_state("h0", h0[0], H, dtype), _check_state("c0", h0[1], H, dtype)
    else:
        h_prev, c_prev = _check_state("h0", h0, H, dtype), None
    h0_, c0_ = h_prev, c_prev
    step, _ = STEP[params.kind]
    xws = xs @ params.W_xh.T + params.b_xh  # (T, G*H)
    steps = []
    for t in range(len(xs)):
        s = step(params, t, xs[t], xws[t], h_prev, c_prev)
        steps.append(s)
        h_prev, c_prev = s.h, getattr(s, "c", None)
    hs = np.stack([s.h for s in steps]) if steps else np.zeros((0, H), dtype)  # (T, H)
    cs = (np.stack([s.c for s in steps]) if steps else np.zeros((0, H), dtype)) if lstm else None
    return Trace(params.kind, tuple(steps), h0_, c0_, hs, cs)


def bptt(params: CellParams, trace: Trace, dL_dh, dL_dc=None) -> BPTT:
    """Backpropagate ``dL_dh`` (T, H) (and, for LSTM, an optional ``dL_dc``) through the trace."""
    T, H, dtype = trace.T, params.units, params.W_xh.dtype
    dL_dh = np.asarray(dL_dh, dtype=dtype)
    if dL_dh.shape != (T, H):
        raise ValueError(f"dL_dh should have shape (T, units) = ({T}, {H}), got {dL_dh.shape}")
    lstm = params.kind == "lstm"
    dL_dc = np.zeros((T, H), dtype) if dL_dc is None else np.asarray(dL_dc, dtype=dtype)
    _, step_back = STEP[params.kind]
    g = {"W_hh": np.zeros_like(params.W_hh), "b_hh": np.zeros_like(params.b_hh)}
    dxw = np.zeros((T, params.W_xh.shape[0]), dtype)  # (T, G*H)
    dh = np.zeros((T, H), dtype)
    dc = np.zeros((T, H), dtype) if lstm else None
    dh_next, dc_next = np.zeros(H, dtype), (np.zeros(H, dtype) if lstm else None)
    for t in reversed(range(T)):
        dh[t] = dL_dh[t] + dh_next
        if lstm:
            dc[t] = dL_dc[t] + dc_next
        dxw[t], dh_next, dc_next = step_back(params, trace.steps[t], dh[t], dc[t] if lstm else None, g)
    xs = trace.xs if T else np.zeros((0, params.input_dim), dtype)
    grads = CellParams(params.kind, dxw.T @ xs, g["W_hh"], dxw.sum(axis=0), g["b_hh"])
    return BPTT(grads, dh, dc, dxw @ params.W_xh, dh_next, dc_next)


def backward(params: CellParams, trace: Trace, dL_dh) -> tuple[CellParams, np.ndarray]:
    """Exact BPTT: ``(grads, dh)`` with ``grads`` shaped like ``params`` and ``dh`` (T, H) the total dL/dh_t."""
    r = bptt(params, trace, dL_dh)
    return r.grads, r.dh
