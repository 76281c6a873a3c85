"""The explorer's models: a task by its id, its baseline's score, the text it reads by default, and its trained model
(stored in models/ or trained once for the whole server, with a progress bar for everyone who waits)."""

from __future__ import annotations

import streamlit as st

from rnn_core.cnn import split_kind
from rnn_core.engine.zoo import trained
from rnn_core.tasks import baselines, get_task
from rnn_core.window import window_size
from ui import store
from viz import labels


@st.cache_resource(show_spinner=False)
def task_of(task_id: str):
    return get_task(task_id)


@st.cache_resource(show_spinner=False)
def baseline_score(task_id: str) -> float:
    """The held-out score of the task's baseline (``rnn_core.tasks.baselines``), worked out once per server."""
    return baselines.score(task_of(task_id))


def default_text(task) -> str:
    sep = "" if task.tokens_are_chars else " "
    return sep.join(task.default.x_labels)


def trained_model(task, kind, units, seed):
    key = ("explorer", task.id, kind, units, seed)
    cell, enc = split_kind(kind)
    if (k := window_size(kind)) is not None:
        name = "fixed " + labels.window(k).lower()
    else:
        name = labels.ARCH[cell] + (" reading a CNN's output" if enc == "cnn" else "")
    label = f"Training a {name} with {units} units on {task.title}…"
    return store.get_or_build(key, lambda progress: trained(task, kind, units, seed, progress), label)
