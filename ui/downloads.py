"""Every page's download buttons: the model shown as an Unrolled model file (the explorer, /window, /training at its
current step, /models), the explorer's trace and /training's loss history as CSV.

Each button builds its bytes only when clicked (``st.download_button`` with a callable) and does not rerun the page
(``on_click="ignore"``): a page with a download button runs no slower (about 0.4 ms a run for the explorer's two).
The callables hold what the page showed, so a click gets the numbers on screen.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from rnn_core.io import ModelMeta, file_name, save_model
from rnn_core.io.export import records_csv, trace_csv
from rnn_core.net import NumpyNet
from ui.schema import Keys


def meta_for(task, seed: int | None = None, accuracy: float | None = None, steps: int | None = None) -> ModelMeta:
    """The metadata of a model of ``task``: its vocabulary and classes, the seed, the held-out score, and the steps
    trained (``task.steps`` for the default recipe; left out for a recipe that counts otherwise)."""
    meta = ModelMeta.for_task(task, seed=seed, steps=steps, heldout_accuracy=accuracy)
    return meta if steps is not None or task.recipe == "seqnet" else replace(meta, steps=None)


def saved_name(net: NumpyNet, meta: ModelMeta) -> str:
    """``unrolled-<task>-<arch>-<units>.safetensors``: the name of ``net`` saved with ``meta``."""
    return file_name(replace(meta, kind=net.params.kind, units=net.params.units))


def typed_meta(task) -> ModelMeta:
    """The metadata of weights a person typed: the task's names, no seed, steps or score (nothing was trained)."""
    return ModelMeta(task=task.id, vocab=task.vocab, classes=task.classes)


def download_model(net: NumpyNet, meta: ModelMeta, key: str, where=None, label: str = "Download this model") -> None:
    """A button that downloads ``net`` as an Unrolled model file (its bytes are made when it is clicked)."""
    (where or st).download_button(
        label,
        data=lambda: save_model(net, meta),
        file_name=saved_name(net, meta),
        mime="application/octet-stream",
        key=key,
        on_click="ignore",
        icon=":material/download:",
        help="One .safetensors file: the weights and what they are (task, cell, units, vocabulary, seed, steps, "
        "held-out score). Open it on the “Your own model” page, or in PyTorch (docs/model-format.md).",
    )


def download_trace(replay, x_labels, task, key: str, where=None) -> None:
    """A button that downloads the replay's trace as CSV: one row per step, x_t, every gate, c_t, h_t, y_t, p_t."""
    classes = task.classes if task.loss == "ce" else None
    (where or st).download_button(
        "Download the trace (CSV)",
        data=lambda: trace_csv(replay, list(x_labels), classes, probs=task.loss == "ce"),
        file_name=f"unrolled-trace-{task.id}-{replay.params.kind}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/table_view:",
        help="Every number of every step, one row per step: x_t, each gate's value, c_t (LSTM), h_t, the outputs "
        "y_t and p_t = softmax(y_t), in full precision",
    )


def explorer_downloads(task, net: NumpyNet, replay, example, meta: ModelMeta, K: Keys) -> None:
    """The explorer's two buttons, side by side: the model shown, and its trace on this sequence."""
    row = st.container(horizontal=True)
    download_model(net, meta, K("dl_model"), row)
    download_trace(replay, example.x_labels, task, K("dl_trace"), row)


def training_downloads(task, s, key: str) -> None:
    """/training's buttons: the model at its current step (its weights copied now: training goes on) and the loss
    history, one row per step."""
    from rnn_core.engine.bridge import to_numpy  # torch: the page has it already

    net, records = to_numpy(s.net), tuple(s.history)
    meta = meta_for(task, s.seed, records[-1].heldout_acc, steps=s.n_steps)
    row = st.container(horizontal=True)
    download_model(net, meta, f"{key}_model", row, label=f"Download the model at step {s.n_steps}")
    row.download_button(
        "Download the loss history (CSV)",
        data=lambda: records_csv(records),
        file_name=f"unrolled-training-{task.id}-{s.kind}-{s.units}.csv",
        mime="text/csv",
        key=f"{key}_history",
        on_click="ignore",
        icon=":material/table_view:",
        help="One row per optimiser step: training and held-out loss and accuracy, the gradient's norm before "
        "clipping, the size of the step, the learning rate and clipping threshold it used",
    )
