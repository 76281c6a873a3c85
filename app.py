"""Unrolled: watch a recurrent neural network work. Router, shared sidebar and projector mode."""

import gc

import pandas  # noqa: F401  (import before any session: a half-imported pandas in one session broke plotly in another)
import plotly.graph_objects  # noqa: F401
import streamlit as st
import torch  # noqa: F401

import rnn_core.engine.zoo  # noqa: F401  (and the rest of the model side, once, at server start)
import rnn_core.experiments.horizon  # noqa: F401
import rnn_core.experiments.stepper  # noqa: F401
import rnn_core.experiments.window_vs_rnn  # noqa: F401
from ui import present


@st.cache_resource(show_spinner=False)
def _freeze_imports() -> bool:
    """Once per server: move everything imported so far out of the garbage collector's generations, so the
    collections that do happen never walk torch's and plotly's objects again."""
    gc.freeze()
    return True


_freeze_imports()

st.set_page_config(page_title="Unrolled: RNNs, step by step", page_icon="🔁", layout="wide")

PAGES = [
    st.Page("app_pages/unroll.py", title="Unroll an RNN", icon=":material/repeat:", url_path="unroll", default=True),
    st.Page("app_pages/tour.py", title="Lecture tour", icon=":material/co_present:", url_path="tour"),
    st.Page("app_pages/training.py", title="Watch it learn", icon=":material/model_training:", url_path="training"),
    st.Page("app_pages/window.py", title="Window vs RNN", icon=":material/crop_free:", url_path="window"),
    st.Page("app_pages/quiz.py", title="Quiz yourself", icon=":material/quiz:", url_path="quiz"),
    st.Page("app_pages/models.py", title="Your own model", icon=":material/upload_file:", url_path="models"),
]

page = st.navigation(PAGES)
present.init()
with st.sidebar:
    st.markdown("### Unrolled\nWatch a recurrent neural network work, one time step at a time.")
present.sidebar_toggle()
page.run()
