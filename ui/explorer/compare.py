"""Two cells side by side (``vs=``): another architecture on the same input, its diagram stepping with the first, and
what the two say after each step."""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui.components import stepper
from ui.explorer.diagram import diagram_figures
from ui.explorer.outputs import said
from ui.schema import Keys
from viz import labels, scene
from viz.svg import esc


def comparison_notes(task, names: tuple[str, str], replays: tuple, example) -> list[str]:
    """Per step, what each of the two models says after it, and whether they agree (HTML, labels escaped)."""
    notes = []
    for t in range(1, example.T + 1):
        a, b = (said(task, r, example, t) for r in replays)
        text = " · ".join(
            f"{esc(name)} says <strong>{esc(v)}</strong>" + ("" if p is None else f" ({p:.0%})")
            for name, (v, p) in zip(names, (a, b), strict=True)
        )
        if task.loss == "mse":
            verdict = f"a difference of {abs(float(a[0]) - float(b[0])):.3f}"
        else:
            verdict = "they agree" if a[0] == b[0] else "<strong>they disagree here</strong>"
        early = " if the sequence stopped here" if task.mapping == "many-to-one" and t < example.T else ""
        notes.append(f"<p>After x_{t}{early}: {text}: {verdict}.</p>")
    return notes


def comparison_views(task, net, replay, example, big: bool, rolled: bool, first) -> dict:
    """The other architecture's diagram at every step and what the two say (built once per numbers)."""
    first_replay = first.replay(example.inputs)
    names = (labels.ARCH[first.params.kind], labels.ARCH[net.params.kind])
    return {
        "diagram": scene.scene(diagram_figures(task, net, replay, example, None, big, rolled), "vs-diagram"),
        "notes": [{"html": comparison_notes(task, names, (first_replay, replay), example)}],
    }


def comparison(task, other, net, example, big: bool, rolled: bool, K: Keys, group: str) -> None:
    """The other architecture on the same input, its diagram stepping with the first (the same stepper group)."""
    st.markdown(
        f"**Side by side: the {labels.ARCH[other.params.kind]}** with the same task, units, seed and input. "
        "Both diagrams follow the stepper above."
    )
    views = cache.views(comparison_views, task, other, other.replay(example.inputs), example, big, rolled, net)
    stepper.html_panel(K.vs_notes, group, views["notes"], example.T, big=big)
    stepper.svg_panel(K.vs_diagram, group, views["diagram"])
