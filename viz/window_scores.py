"""Fixed windows against the RNNs on one task (or flat against CNN encoders): a horizontal bar per model (held-out
score), chance and the trivial baseline as dashed lines. Windows in the window's colour, k growing downwards; the
recurrent nets in their own, hatched when they read a CNN's output.

Element names: bars are one trace per model, named by its label ("window-3", "RNN"); lines ``chance`` and
``baseline`` with labels ``chance-label`` and ``baseline-label``.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from viz import base, colors
from viz.text import text_px

LABELS = {
    "rnn": "RNN",
    "lstm": "LSTM",
    "gru": "GRU",
    "rnn-cnn": "CNN + RNN",
    "lstm-cnn": "CNN + LSTM",
    "gru-cnn": "CNN + GRU",
}


def _marker(kind: str) -> dict:
    """A model's colour; a cell reading a CNN's output ('gru-cnn') in its cell's colour, hatched."""
    if kind.endswith("-cnn"):
        return {
            "color": colors.model_colour(kind.removesuffix("-cnn")),
            "pattern": {"shape": "/", "fgcolor": "#FFFFFF", "fillmode": "overlay", "fgopacity": 0.6, "size": 8},
        }
    return {"color": colors.model_colour(kind)}


def scores_figure(
    accuracy: Mapping[str, float],
    *,
    chance: float | None,
    baseline: float,
    baseline_name: str = "baseline",
    numbers: bool = False,
    big: bool = False,
    width: int | None = None,
) -> go.Figure:
    """``accuracy``: model kind ('window-k', 'rnn', 'lstm', 'gru') -> held-out score in 0..1, drawn top-down in the
    given order. ``chance``: 1 / classes (None for a task that outputs numbers); ``baseline``: the trivial model's
    score. ``numbers``: the score is the share of outputs within 0.1 of the target."""
    f = colors.fonts(big)
    names = list(accuracy)
    labels = [LABELS.get(n, n) for n in names]
    row_px = 1.9 * f["base"] + 6
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": label,
            "x": [float(accuracy[n])],
            "y": [label],
            "marker": _marker(n),
            "text": [f"{float(accuracy[n]):.0%}"],
            "textposition": "outside",
            "cliponaxis": False,
            "textfont": {"size": f["small"], "color": colors.TEXT},
            "hovertemplate": f"{label}: %{{x:.1%}} held-out<extra></extra>",
        }
        for n, label in zip(names, labels, strict=True)
    ]
    shapes, ann = [], []
    left = max(text_px(s, f["base"]) for s in labels) + 16
    plot_px = colors.MAIN_COLUMN[big] - left - 40  # the narrowest the plot is drawn (the main column at 1280 px)
    lines = [("baseline", baseline, baseline_name)]
    if chance is not None:
        lines.insert(0, ("chance", chance, "chance"))
    for i, (name, v, text) in enumerate(lines):
        full = f"{text} {v:.0%}"
        side = _side(full, v, plot_px, f["small"])
        room = (1.08 - v) / 1.08 * plot_px if side == "left" else v / 1.08 * plot_px
        label = full if text_px(full, f["small"]) <= room else f"{name} {v:.0%}"  # the whole name in the hover
        shapes.append(
            {
                "type": "line",
                "name": name,
                "x0": v,
                "x1": v,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": colors.MUTED, "width": 2, "dash": "dash"},
            }
        )
        ann.append(
            {
                "name": f"{name}-label",
                "x": v,
                "y": 1,
                "yref": "paper",
                "yshift": 4 + i * 1.4 * f["small"],
                "text": label,
                "hovertext": full,
                "showarrow": False,
                "xanchor": side,
                "yanchor": "bottom",
                "font": {"size": f["small"], "color": colors.MUTED},
            }
        )
    top = 10 + len(lines) * 1.4 * f["small"]
    axis_title = "share within 0.1 of the target" if numbers else "held-out accuracy"
    layout = {
        "height": int(len(names) * row_px + top + 56),
        "margin": {"l": int(left), "r": 40, "t": int(top), "b": int(2.6 * f["small"] + 14)},  # ticks and title
        "barmode": "overlay",
        "bargap": 0.3,
        "xaxis": {
            "range": [0, 1.08],
            "tickformat": ".0%",
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "title": {"text": axis_title, "font": {"size": f["small"]}, "standoff": 8},
            "automargin": True,  # the title under the ticks, whatever their size
            "tickfont": {"size": f["small"], "color": colors.TEXT},
            "fixedrange": True,
            "showgrid": True,
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": labels[::-1],
            "tickfont": {"size": f["base"], "color": colors.TEXT},
            "fixedrange": True,
        },
        "shapes": shapes,
        "annotations": ann,
    }
    if width:
        layout["width"] = int(width)
    return base.figure(data, layout, big)


def _side(text: str, v: float, plot_px: float, size: float) -> str:
    """Which way a line's label runs from the line at ``v`` (of an axis 0..1.08): to the right where it fits or
    there is more room, else to the left."""
    room_right = (1.08 - v) / 1.08 * plot_px
    return "left" if text_px(text, size) <= room_right or v < 0.54 else "right"
