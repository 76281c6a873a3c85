"""The explorer's step views, for its page, the tour and /models: a trained model of a task, unrolled step by step.

Every step's figures are built once per numbers (``ui.cache.views``, shared across sessions) and the browser steps
through them (``ui.components.stepper``). Session keys come from the caller's :class:`ui.schema.Keys`, so the
explorer and each tour stop keep their own.
"""

from __future__ import annotations

import streamlit as st

from rnn_core.explain import step_terms
from rnn_core.window import NumpyWindow
from ui import cache, present
from ui.charts import show
from ui.components import stepper
from ui.explorer import window as window_views
from ui.explorer.compare import comparison
from ui.explorer.diagram import diagram_figures
from ui.explorer.outputs import output_labels, output_views
from ui.schema import Keys, write_param
from viz import describe, labels, scene
from viz import steps as step_html
from viz.heatmaps import history_heatmap
from viz.rolled import rolled_figure


def step_views(task, net, replay, example, temperature: float | None, big: bool, rolled: bool, reveal: bool) -> dict:
    """The diagram, output, history and arithmetic of every step of a recurrent net."""
    x_labels = list(example.x_labels)
    diagram = diagram_figures(task, net, replay, example, temperature, big, rolled, reveal)
    history = [
        history_heatmap(replay.trace.h, k, x_labels, big=big, c=replay.trace.c, hide_future=reveal)
        for k in range(example.T)
    ]
    y_labels, y_probs = output_labels(task, replay, example, temperature)
    kind = net.params.kind
    said = describe.summary(
        labels.ARCH[kind], task.title, example.T, task.inputs, task.outputs, "the same W_xh, W_hh, W_hy at every step"
    )
    verb = "predicts" if temperature is None else "samples"
    words = describe.recurrent_steps(x_labels, replay.trace.h, y_labels, y_probs, c=replay.trace.c, verb=verb)
    return {
        "diagram": describe.attach(scene.scene(diagram, "ex-diagram"), said, words),
        "output": output_views(task, replay, example, x_labels, big, temperature),
        "history": scene.scene(history, "ex-history"),
        "math": step_html.arithmetic(
            net.params.kind,
            x_labels,
            [step_terms(net.params, s) for s in replay.trace.steps],
            replay.trace.steps,
            replay.logits,
        ),
    }


def step_view(
    task,
    net,
    replay,
    example,
    temperature: float | None,
    other=None,
    *,
    K: Keys,
    group: str,
    rolled: bool = False,
    reveal: bool = False,
    url: str | None = "t",
    private: bool = False,
) -> int:
    """The stepper and the panels that follow its t; stepping happens in the browser (ui/components/stepper).
    ``K`` names the session keys (``stepper``, ``t``, ``diagram``, ``output``, ``history``, ``math``, ``vs_notes``,
    ``vs_diagram``), ``group`` the stepper group, ``url`` the URL parameter that holds t. ``private``: the views
    stay in this session (under ``K("views")``), never in the cache every session shares. Returns t."""
    big = present.is_on()
    T = example.T
    keep = K("views") if private else None
    if isinstance(net, NumpyWindow):  # no recurrence: its own diagram and arithmetic, the same outputs
        views = cache.views(window_views.step_views, task, net, replay, example, temperature, big, reveal, private=keep)
    else:
        views = cache.views(step_views, task, net, replay, example, temperature, big, rolled, reveal, private=keep)
    on_step = None if url is None else (lambda t: write_param(url, str(t)))
    t = stepper.controls(K.stepper, K.t, T, group=group, scene=views["id"], big=big, url=url, on_step=on_step)
    if rolled:
        c1, c2 = st.columns([1.4, 3], vertical_alignment="center")
        show(rolled_figure(net.params.kind, big=big), K("rolled_fig"), c1)
        c1.caption("Rolled: one cell and a loop. Unrolled: the same cell copied once per step.")
        stepper.svg_panel(K.diagram, group, views["diagram"], c2)
    else:
        stepper.svg_panel(K.diagram, group, views["diagram"])
    if other is not None:
        comparison(task, other, net, example, big, rolled, K, group)
    left, right = st.columns(2)
    out = views["output"]
    if "svg" in out:
        stepper.svg_panel(K.output, group, out["svg"], left)
    else:
        stepper.html_panel(K.output, group, [{"html": out["html"]}], T, left, big=big)
    stepper.svg_panel(K.history, group, views["history"], right)
    stepper.html_panel(K.math, group, views["math"], T, big=big)
    return t
