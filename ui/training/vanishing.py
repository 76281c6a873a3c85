"""/training's vanishing and exploding gradients: a fresh vanilla RNN, LSTM and GRU read the same sequence, and how
much of the last step's gradient reaches each earlier step, with and without clipping."""

from __future__ import annotations

import streamlit as st

import rnn_core as rc
from rnn_core.experiments.vanishing import DEMO, clip_scale, gradient_curve
from ui import present
from ui.charts import show
from ui.training.state import VIEW
from viz import labels
from viz.curves import vanishing_plot

K = VIEW.K


def vanishing_section(seed: int) -> None:
    big = present.is_on()
    st.subheader("Vanishing and exploding, side by side", divider="gray")
    st.caption(
        f"A fresh vanilla RNN, LSTM and GRU ({DEMO['units']} units) read the same random sequence of "
        f"{DEMO['T']} steps; only the last step is scored, so ‖dL/dh_{DEMO['T']}‖ = 1 and the curves show how "
        "much of that gradient reaches each earlier step. For the vanilla RNN each step back multiplies by "
        "W_hhᵀ diag(1 − h²): small weights make it vanish, large ones explode. The gates of LSTM and GRU "
        "give a gentler path."
    )
    VIEW.keep_defaults("vx_scale", "vx_clip")
    c = st.columns([2.6, 1.1, 2], vertical_alignment="bottom")
    scale = VIEW.draw("vx_scale", c[0])
    clip_on = VIEW.draw("vx_clip_on", c[1])
    thr = VIEW.draw("vx_clip", c[2], disabled=not clip_on)
    curves = {k: gradient_curve(k, DEMO["T"], DEMO["units"], float(scale), seed, DEMO["input_dim"]) for k in rc.KINDS}
    clipped = {k: cv.clipped(float(thr)) for k, cv in curves.items()} if clip_on else None
    show(
        vanishing_plot(
            {k: cv.norms for k, cv in curves.items()},
            clipped=clipped,
            threshold=float(thr) if clip_on else None,
            big=big,
        ),
        "vx_plot",
    )
    st.markdown(f"**How much of the gradient reaches the first step**, ‖dL/dh_1‖ / ‖dL/dh_{DEMO['T']}‖:")
    m = st.columns(3)
    for col, (k, cv) in zip(m, curves.items(), strict=True):
        col.metric(
            labels.ARCH[k],
            f"{cv.ratio:.1e}",
            border=True,
            help=f"Below 1 the gradient shrinks on its way back, above 1 it grows. Spectral radius of W_hh: "
            f"{cv.radius:.2f}; mean |h_t| {cv.saturation:.2f} (near 1: tanh saturated). "
            f"||dL/dW|| = {cv.grad_norm:.3g}.",
        )
        col.caption(
            f"It {trend(cv.ratio)}."
            + (
                f" Clipping scales it by {clip_scale(cv.grad_norm, float(thr)):.2g}."
                if clip_on and cv.grad_norm > thr
                else ""
            )
        )
    if clip_on:
        st.caption(
            "Clipping rescales the whole gradient by one factor: the exploding curve drops to a sane size "
            "(the step stays a sane length), but its shape is the same, so the far steps' share is as lopsided "
            "as before. Clipping tames explosion; it does not bring back a vanished memory."
        )


def trend(ratio: float) -> str:
    """Words for how a gradient changed on its way back, from ||dL/dh_1|| / ||dL/dh_T||."""
    for bound, word in ((1e-3, "vanishes"), (0.1, "shrinks"), (10, "holds roughly steady"), (1e3, "grows")):
        if ratio < bound:
            return word
    return "explodes"
