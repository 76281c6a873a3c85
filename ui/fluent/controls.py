"""/window's controls: the sentence (with a button back to the lecture's), the window size, which recurrent net to
look inside and the seed; and the part of the URL they keep."""

from __future__ import annotations

import streamlit as st

from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from ui.choices import action
from ui.fluent.state import MAX_URL_TEXT, VIEW
from ui.safe import unformatted
from viz import labels

K = VIEW.K


def reset_text() -> None:
    st.session_state[K.text] = LECTURE_SENTENCE


def controls(demo) -> tuple[str, int, str]:
    """Draw them; returns (sentence, k, architecture)."""
    c = st.columns([3.0, 0.35, 1.35, 1.7], vertical_alignment="bottom")
    text = unformatted(VIEW.draw("text", c[0]))  # read as shown: no invisible format characters
    action(c[1], "", "restart_alt", K.reset, reset_text, help="Back to the lecture's sentence")
    k = VIEW.draw("k", c[2])
    arch = VIEW.draw(
        "arch",
        c[3],
        help=f"Which RNN the saliency and the unrolled diagram show: RNN is the vanilla one, "
        f"h_t = tanh(W_hh h_(t-1) + W_xh x_t + b_h); LSTM and GRU add gates. The default is the better gated one "
        f"on held-out sentences ({labels.ARCH[demo.best_gated]} for this seed).",
    )
    VIEW.draw("seed", st.sidebar)
    return text, int(k), arch


def write_url(text: str, k: int, arch: str, seed: int) -> None:
    """The view in the URL; a sentence longer than ``MAX_URL_TEXT`` is left out (and the page says so)."""
    VIEW.write(k=k, arch=arch, seed=seed)
    if text == LECTURE_SENTENCE or len(text) > MAX_URL_TEXT:
        VIEW.write(text=None)
    else:
        VIEW.write(text=text)
    if len(text) > MAX_URL_TEXT:
        st.caption(f"This sentence is longer than {MAX_URL_TEXT:,} characters, so the link does not keep it.")
