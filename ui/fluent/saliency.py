"""What each of /window's answers looked at: every word shaded by how much it moves the answer (exact BPTT in the
numpy replay), for the recurrent net and the window side by side."""

from __future__ import annotations

import streamlit as st

from rnn_core.experiments.verdict import verdict
from rnn_core.window import window_kind
from ui.charts import show
from ui.fluent.views import label
from viz import colors
from viz.sentence import saliency_figure

HALF_WIDTH = {False: 390, True: colors.HALF_COLUMN[True]}  # one of two columns at 1280 px


def saliency_section(demo, text: str, a, k: int, arch: str, big: bool) -> None:
    st.subheader("What each answer looked at")
    width = HALF_WIDTH[big]
    cols = st.columns(2)
    for col, m, frame in ((cols[0], arch, None), (cols[1], window_kind(k), k)):
        v = verdict(a.predictions[m], a.expected, demo.chance)
        answer = f"shrugs (top: {v.language}, {v.p:.0%})" if v.kind == "shrug" else f"{v.language} ({v.p:.0%})"
        fig = saliency_figure(
            a.tokens,
            demo.saliency(text, m),
            k=frame,
            unknown=a.unknown,
            clues=a.clues,
            big=big,
            width=width,
            title=f"{label(m)} → {answer}",
        )
        show(fig, f"saliency_{'window' if frame else 'rnn'}", col, width="content")
    st.caption(
        "Each word is shaded by ||∂p/∂x_t||: how much nudging that word's vector x_t would move the "
        "probability of the model's own answer, scaled so the largest is 1 (exact backpropagation through "
        "time in the numpy replay). Outside its window the feedforward model's gradient is exactly 0."
    )
