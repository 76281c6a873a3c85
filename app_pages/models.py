"""Your own model (url path ``models``): open a model file saved by this app, or the state_dict of your own PyTorch
nn.RNN, nn.LSTM or nn.GRU, and step through it with every panel of the explorer.

An upload stays in this session's memory (ui/models.py); nothing in it is run (rnn_core.io). The file format is
docs/model-format.md. A link cannot hold a file, so this page keeps nothing in the URL.
"""

from __future__ import annotations

import streamlit as st

from ui import models
from ui.explorer.views import step_view
from ui.models import VIEW

K = VIEW.K
GROUP = "md"  # the stepper's group: its controls and panels share one step t


def main() -> None:
    st.title("Your own model")
    st.caption(
        "Open a model saved from this app, or bring your own PyTorch RNN, LSTM or GRU: the app reads its weights, "
        "says what it found, and unrolls it on a sequence you type, h_t = f_W(h_(t-1), x_t) with your numbers."
    )
    up = models.upload_section(K)
    shown = None if up is None else models.model_section(K, up.loaded)
    if shown is not None:
        view, example = shown
        net = view.net
        replay = net.replay(example.inputs)
        step_view(view.task, net, replay, example, None, K=K, group=GROUP, url=None, private=True)
        with st.expander("Weights and their shapes", expanded=False):
            models.shapes(view)
        models.downloads(view, replay, example, K)
    models.format_section()


main()
