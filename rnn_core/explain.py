"""The arithmetic of one step, split into the terms a person reads on the page.

For each gate (RNN has one, "h") the pre-activation is split as
    W_x x_t  +  W_h h_{t-1}  +  b  =  a,   then  act(a)
using the gate's blocks of W_xh, W_hh and the summed bias b_h. GRU's candidate
gate keeps its hidden part inside the reset gate:
    a_n = W_xn x_t + b_xn + r * (W_hn h_{t-1} + b_hn).
The terms are recomputed from the params, and tests check they add up to the trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.params import CellParams

ACT = {"h": "tanh", "i": "σ", "f": "σ", "g": "tanh", "o": "σ", "r": "σ", "z": "σ", "n": "tanh"}


@dataclass(frozen=True)
class GateTerms:
    gate: str  # 'h' for a vanilla RNN, else i f g o / r z n
    Wx: np.ndarray  # (H,) W_x x_t
    Wh: np.ndarray  # (H,) W_h h_{t-1}  (GRU n: r * (W_hn h_{t-1} + b_hn))
    b: np.ndarray  # (H,) bias added outside the hidden product
    a: np.ndarray  # (H,) pre-activation
    value: np.ndarray  # (H,) act(a)

    @property
    def act(self) -> str:
        return ACT[self.gate]


def step_terms(params: CellParams, step) -> list[GateTerms]:
    """The per-gate terms of ``step`` (an RNNStep, LSTMStep or GRUStep) under ``params``."""
    out = []
    for name in params.gates:
        blk = params.gate(name)
        Wx = blk["W_x"] @ step.x
        Wh_raw = blk["W_h"] @ step.h_prev
        if params.kind == "gru" and name == "n":
            Wh, b = step.r * (Wh_raw + blk["b_h"]), blk["b_x"]
        else:
            Wh, b = Wh_raw, blk["b_x"] + blk["b_h"]
        a = Wx + Wh + b
        value = np.tanh(a) if ACT[name] == "tanh" else 0.5 * (1.0 + np.tanh(0.5 * a))
        out.append(GateTerms(name, Wx, Wh, b, a, value))
    return out
