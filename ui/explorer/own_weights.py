"""The lecture's 1x1 RNN with weights a person types (the explorer's numbers task, one unit): the typed weights
within bounds, the net they make, and how a link keeps them (``w=``)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.net import NumpyNet
from rnn_core.readout import Readout
from ui import present
from ui.schema import KEEP, Keys

WEIGHT_LIMIT = 10.0  # typed weights of the 1x1 RNN: |w| <= this, so every number on the page stays finite
WEIGHT_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")


def typed_weights(typed: dict, trained: dict) -> tuple[dict[str, float], dict[str, float]]:
    """The typed weights with any outside +-WEIGHT_LIMIT, NaN or infinite replaced by the trained one; and those."""
    refused = {n: v for n, v in typed.items() if not (np.isfinite(v) and abs(v) <= WEIGHT_LIMIT)}
    return {n: float(trained[n] if n in refused else v) for n, v in typed.items()}, refused


def custom_scalar_net(net: NumpyNet, K: Keys, draw: bool = True) -> NumpyNet:
    """The lecture's 1x1 RNN with weights a person types in (kept under ``K.w_xh`` .. ``K.b_y``; the trained ones
    until they do). ``draw=False``: the kept weights, with no boxes (a link that hides them)."""
    p, r = net.params, net.readout
    trained = {"W_xh": p.W_xh[0, 0], "W_hh": p.W_hh[0, 0], "b_h": p.b_h[0], "W_hy": r.W_hy[0, 0], "b_y": r.b_y[0]}
    keys = {"W_xh": K.w_xh, "W_hh": K.w_hh, "b_h": K.b_h, "W_hy": K.w_hy, "b_y": K.b_y}
    for n, key in keys.items():
        st.session_state.setdefault(key, float(trained[n]))
    if draw:
        st.caption("Start from the trained weights and change any of them; every number below follows.")
        kw = dict(step=0.1, format="%.3f", persist_state=KEEP)
        for col, (n, key) in zip(present.columns(st, 5), keys.items(), strict=True):  # stacked in projector mode
            col.number_input(n, key=key, **kw)
    typed = {n: st.session_state[key] for n, key in keys.items()}
    typed = {n: float(v) if isinstance(v, int | float) else float("nan") for n, v in typed.items()}
    w, refused = typed_weights(typed, trained)
    if refused:
        st.warning(
            f"Each weight must be a number from {-WEIGHT_LIMIT:g} to {WEIGHT_LIMIT:g}: "
            + "; ".join(f"{n} = {v:.4g} is not, so the trained {trained[n]:.4g} is used" for n, v in refused.items())
            + ". Your other weights are kept."
        )
    w_xh, w_hh, b_h, w_hy, b_y = (w[n] for n in keys)
    params = rc.CellParams("rnn", np.array([[w_xh]]), np.array([[w_hh]]), np.array([b_h]), np.zeros(1))
    return NumpyNet("dense", params, Readout(np.array([[w_hy]]), np.array([b_y])), None)


def typed_in_url(net) -> str:
    """The 1x1 RNN's five weights as a link keeps them: shortest decimals that read back exactly."""
    p, r = net.params, net.readout
    w = (p.W_xh[0, 0], p.W_hh[0, 0], p.b_h[0], r.W_hy[0, 0], r.b_y[0])
    return ",".join(np.format_float_positional(float(v), unique=True, trim="-") for v in w)
