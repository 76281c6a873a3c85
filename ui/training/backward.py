"""Backpropagation through time on the unrolled diagram, one backward step at a time, for /training and the tour.

The loss sits at the outputs; dL/dh_t flows back from the last step to the first, through W_hy at each output
and through W_hh from h_(t+1) to h_t:

    dL/dh_t = W_hy^T dL/dy_t + (dh_(t+1)/dh_t)^T dL/dh_(t+1)       # (H,) each
    vanilla RNN: dh_(t+1)/dh_t = diag(1 - h_(t+1)^2) W_hh            # (H, H)

The numbers come from ``rnn_core.experiments.gradflow`` (the verified numpy BPTT); every backward step's figures are
built once and the browser steps through them (``ui.components.stepper``). Session keys come from the caller's
:class:`ui.schema.Keys`.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.training import make_net
from rnn_core.experiments.gradflow import GradientFlow, gradient_flow
from rnn_core.tasks import get_task
from ui import cache
from ui.components import stepper
from ui.schema import Keys
from viz import describe, labels, scene
from viz.backprop import backward_figure
from viz.curves import gradient_norms
from viz.svg import esc


@st.cache_resource(show_spinner=False, max_entries=16)
def initial_flow(task_id: str, kind: str, units: int, seed: int) -> GradientFlow:
    """dL/dh_t on the task's own sequence at the initial weights for ``seed`` (step 0 of /training, before any
    training step), shared read-only by every session."""
    task = get_task(task_id)
    return gradient_flow(to_numpy(make_net(task, kind, units, seed)), task.loss, task.default)


def backward_text(task, kind: str, flow, k: int) -> str:
    """Backward step k (1: dL/dh_T) as HTML: which h_t it reached, its gradient's size and where that came from."""
    ex, T = flow.example, flow.example.T
    t = T - k + 1
    has_output = (ex.targets[t - 1] >= 0) if task.loss == "ce" else bool(np.isfinite(ex.targets[t - 1]))
    parts = []
    if has_output:
        parts.append(f"from the output y_{t} through W_hy")
    said = ""
    if has_output and task.loss == "ce":
        j, want = int(flow.probs[t - 1].argmax()), int(ex.targets[t - 1])
        said = (
            f"<p>The model's output y_{t}: <strong>{esc(task.classes[j])}</strong> ({flow.probs[t - 1, j]:.0%}); "
            f"the target: <strong>{esc(task.classes[want])}</strong> ({flow.p_correct[t - 1]:.0%}).</p>"
        )
    elif has_output:
        said = (
            f"<p>The model's output y_{t}: <strong>{flow.logits[t - 1, 0]:.3f}</strong>; the target: "
            f"<strong>{float(ex.targets[t - 1]):.3f}</strong>.</p>"
        )
    if t < T:
        parts.append(f"from h_{t + 1} through W_hh" + (" and the cell's gates" if kind != "rnn" else ""))
    out = (
        f"<p><strong>Reached h_{t}</strong> (backward step {k} of {T}): ‖dL/dh_{t}‖ = "
        f"<strong>{flow.dh_norm[t - 1]:.3e}</strong></p><p>It arrives {' and '.join(parts)}.</p>{said}"
    )
    if task.mapping == "many-to-one":
        out += (
            '<p class="unr-note">Many-to-one: only the last step has an output, so every earlier h_t learns only '
            "from what flows back through time, and that signal shrinks or grows at every step.</p>"
        )
    return out


def outputs(task, flow) -> tuple[list, list | None]:
    """y_t as the explorer shows it: the model's output (its likeliest class and that probability, or its number)
    at every step that has a target; the targets are named in the words beside the diagram."""
    ex = flow.example
    scored = [(y >= 0) if task.loss == "ce" else bool(np.isfinite(y)) for y in ex.targets]
    if task.loss != "ce":
        return [f"{flow.logits[t, 0]:.3f}" if k else None for t, k in enumerate(scored)], None
    top = flow.probs.argmax(axis=1)
    labels = [task.classes[j] if k else None for j, k in zip(top, scored, strict=True)]
    return labels, [float(flow.probs[t, j]) if k else None for t, (j, k) in enumerate(zip(top, scored, strict=True))]


def backward_views(task, kind: str, flow, big: bool) -> dict:
    """Every backward step's diagram, gradient curve and words at the current weights."""
    ex, T = flow.example, flow.example.T
    y_labels, y_probs = outputs(task, flow)
    tr, x_labels = flow.replay.trace, list(ex.x_labels)
    h = tr.h
    diagram = [
        backward_figure(h, x_labels, y_labels, flow.dh_norm, k, cell=kind, big=big, y_probs=y_probs, c=tr.c, c0=tr.c0)
        for k in range(1, T + 1)
    ]
    norms = [gradient_norms(flow.dh_norm, reached=k, big=big) for k in range(1, T + 1)]
    words = [backward_text(task, kind, flow, k) for k in range(1, T + 1)]
    return {
        "diagram": describe.attach(
            scene.scene(diagram, "bt-diagram"),
            f"The backward pass through time on {task.title}, {labels.ARCH[kind]}: the loss's gradient dL/dh_t flows "
            f"from the last of {T} steps back to the first, through W_hy at each output and W_hh between steps. "
            "Each backward step is read out as you step.",
            [describe.from_html(w) for w in words],
        ),
        "norms": scene.scene(norms, "bt-norms"),
        "words": [{"html": words}],
    }


def backward_view(
    task, kind, flow, big: bool, *, K: Keys, group: str, keys: bool | str = False, url: str | None = None
) -> None:
    """The backward pass, one step at a time: stepping happens in the browser (``ui/components/stepper``). ``K``
    names the session keys (``bt_stepper``, ``bt``, ``bt_diagram``, ``bt_norms``, ``bt_words``), ``group`` the
    stepper group; ``keys``: as ``stepper.controls`` takes them ("shift" on /training, whose training buttons have the
    plain arrows and Space); ``url``: the link's parameter that keeps the backward step (None: not kept)."""
    T = flow.example.T
    views = cache.views(backward_views, task, kind, flow, big)
    stepper.controls(
        K.bt_stepper,
        K.bt,
        T,
        group=group,
        scene=views["id"],
        big=big,
        what="backward step",
        label=f"Backward steps taken (from t={T} back)",
        keys=keys,
        url=url,
    )
    stepper.svg_panel(K.bt_diagram, group, views["diagram"])
    left, right = st.columns([1.4, 1], vertical_alignment="center")
    stepper.svg_panel(K.bt_norms, group, views["norms"], left)
    stepper.html_panel(K.bt_words, group, views["words"], T, right, big=big)
