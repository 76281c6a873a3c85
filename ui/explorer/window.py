"""The explorer's views of a fixed-window feedforward model (``arch=window``): its diagram, outputs, activations
and arithmetic at every step, built once per numbers like the RNN's (``ui.explorer.step_views``), and its
parameter count as k grows beside the RNNs', which does not grow."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnn_core.engine.zoo import load_trained
from rnn_core.experiments import window_scores
from rnn_core.params import KINDS
from rnn_core.shapes import weights
from rnn_core.tasks import get_task
from rnn_core.window import K_CHOICES, NumpyWindow, WindowReplay, params_for
from ui.charts import show
from ui.explorer.outputs import output_labels, output_views
from viz import describe, labels, scene
from viz import window_steps as steps_html
from viz.heatmaps import history_heatmap
from viz.window_diagram import window_figure
from viz.window_scores import scores_figure


def intro(k: int) -> str:
    """The explorer's line about the window model, above its diagram."""
    return (
        f"A feedforward network with a fixed window: at each step it sees only the last {k} input"
        f"{'s' if k > 1 else ''}, z_t = [x_(t-{k - 1}) ... x_t], through the same dense layer, "
        "a_t = tanh(W_1 z_t + b_1), y_t = W_hy a_t + b_y. Nothing is carried from one step to the next."
        if k > 1
        else "A feedforward network with a window of one input: at each step it sees only x_t, "
        "a_t = tanh(W_1 x_t + b_1), y_t = W_hy a_t + b_y. Nothing is carried from one step to the next."
    )


def step_views(
    task, net: NumpyWindow, replay: WindowReplay, example, temperature: float | None, big: bool, reveal: bool
) -> dict:
    """Every step's views of a window model (``diagram``, ``output``, ``history``, ``math``): its own diagram and
    arithmetic, and the same outputs panel as an RNN's."""
    x_labels = list(example.x_labels)
    y_labels, y_probs = output_labels(task, replay, example, temperature)
    n = net.n_params
    diagram = [
        window_figure(
            replay.a,
            t,
            net.k,
            x_labels,
            y_labels,
            y_probs=y_probs,
            big=big,
            hide_future=reveal,
            n_params=n,
            input_dim=net.input_dim,
        )
        for t in range(example.T)
    ]
    history = [history_heatmap(replay.a, t, x_labels, big=big, hide_future=reveal, var="a") for t in range(example.T)]
    said = describe.summary(
        labels.window(net.k),
        task.title,
        example.T,
        task.inputs,
        task.outputs,
        f"the same weights on the last {net.k} inputs at every step, and no recurrence",
    )
    words = describe.window_steps(x_labels, replay.a, net.k, y_labels, y_probs)
    return {
        "diagram": describe.attach(scene.scene(diagram, "ex-diagram"), said, words),
        "output": output_views(task, replay, example, x_labels, big, temperature),
        "history": scene.scene(history, "ex-history"),
        "math": steps_html.arithmetic(x_labels, replay.steps, net.W_1, net.b_1, net.k, replay.logits),
    }


def rnn_params(task, kind: str, units: int) -> int:
    """The recurrent net's count for the same task and units (torch's count): the same for any distance."""
    return sum(w.torch_count for w in weights(kind, task.input_dim, units, task.output_dim, _vocab(task)))


def _vocab(task) -> int | None:
    return task.vocab_size if task.encoding == "embed" else None


def params_table(task, units: int) -> pd.DataFrame:
    """Parameters of window-k for each k the explorer offers, beside an RNN's, LSTM's and GRU's (which do not
    depend on how far back they look)."""
    D, O = task.input_dim, task.output_dim
    rows = []
    for k in K_CHOICES:
        row = {"window size k": k, "window-k": f"{params_for(k, D, units, O, _vocab(task)):,}"}
        row |= {labels.ARCH_SHORT[c]: f"{rnn_params(task, c, units):,}" for c in KINDS}
        rows.append(row)
    return pd.DataFrame(rows)


def shapes_panel(task, net: NumpyWindow) -> None:
    """The window model's weights and their shapes, and its parameter count as k grows beside the RNNs'."""
    M, k, D, O = net.units, net.k, net.input_dim, net.readout.W_hy.shape[0]
    rows = []
    if net.E is not None:
        rows.append(("E (embedding)", f"{net.E.shape[0]} x {D}", "embed.weight", net.E.size))
    rows += [
        ("W_1", f"{M} x {k * D} (units x k·D: {k} blocks of {M} x {D})", "hidden.weight", net.W_1.size),
        ("b_1", str(M), "hidden.bias", net.b_1.size),
        ("W_hy", f"{O} x {M}", "head.weight", net.readout.W_hy.size),
        ("b_y", str(O), "head.bias", net.readout.b_y.size),
    ]
    st.markdown(
        f"**{net.n_params:,} parameters.** W_1 has one block of {M} x {D} per input in the window: each step "
        f"further back costs {M * D:,} more weights, and anything further back than k = {k} is never seen. "
        f"An RNN with {M} unit{'s' if M != 1 else ''} has {rnn_params(task, 'rnn', M):,} whatever the distance: "
        "W_hh carries h_(t-1) from step to step instead."
    )
    st.table(
        pd.DataFrame([{"Weight": n, "torch's shape": s, "torch name": tn, "Count": f"{c:,}"} for n, s, tn, c in rows]),
        hide_index=True,
    )
    st.markdown(f"**Parameters as the window grows** ({M} units; an RNN's count does not depend on k):")
    st.table(params_table(task, M), hide_index=True)


@st.cache_data(max_entries=32, show_spinner=False)
def task_scores(task_id: str, seed: int = 0) -> window_scores.Scores:
    """The task's held-out scores from its stored models (default units, ``seed``): windows and RNNs."""
    task = get_task(task_id)

    def accuracy_of(kind: str) -> float | None:
        m = load_trained(task, kind, task.default_units, seed)
        return None if m is None else m.accuracy

    return window_scores.scores(task, task.default_units, seed, accuracy_of)


def one_input_line(task) -> str:
    """What the current input alone does on this task, from the stored window of one input's held-out score."""
    return window_scores.one_input(task_scores(task.id), labels.ARCH)


def needs_panel(task, big: bool, key: str) -> None:
    """What the task needs to remember and how far back, and which network the held-out scores say it needs."""
    s = task_scores(task.id)
    if task.memory:
        st.markdown(f"**What it needs to remember:** {task.memory}")
    fig = scores_figure(
        s.accuracy,
        chance=s.chance,
        baseline=s.baseline,
        baseline_name=f"baseline ({s.baseline_name})",
        numbers=s.loss == "mse",
        big=big,
    )
    show(fig, key)
    st.markdown(f"**{window_scores.verdict(s, labels.ARCH_SHORT)}**")
    st.caption(
        f"Held-out scores of the stored models ({s.units} units, seed {s.seed}), all trained on the same examples "
        "and scored on the same held-out ones: window-k reads only the last k inputs at each step, the RNN, LSTM "
        "and GRU read every input before it through h_t."
        + (f" Chance is 1 in {round(1 / s.chance)}." if s.chance else "")
    )
