"""Held-out accuracy against distance: how far back the clue is, and who still gets the answer.

One line per model (its colour from ``colors.model_colour``, the same on every page, plus its own dash and marker
symbol, so the lines stay apart in greyscale and for colour-blind readers), the chance level as a
dashed black line with its value written on it, an optional shaded band over the distances a
window of ``window_k`` words can see, and an optional dotted mark at one distance (a person's own
sentence). The y axis is fixed at 0..100% so curves are comparable between views. Where lines share a point
(two models at 100%), each later one is drawn ``DODGE`` apart so every line stays visible; the hover gives
the exact value.

Element names: ``chance`` (shape and annotation ``chance-label``), ``window-band`` (and
``window-band-label``), ``mark`` (and ``mark-label``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.sentence import rgba

DASHES = ["dot", "dash", "dashdot", "solid", "longdash", "longdashdot"]
DODGE = 0.012  # a point that another line already has is drawn this much apart (toward the middle), so none hides
SYMBOLS = ["circle-open", "square", "diamond", "circle", "triangle-up", "x"]


def accuracy_by_distance(
    curves: dict,
    chance: float,
    *,
    window_k: int | None = None,
    mark: int | None = None,
    mark_label: str | None = None,
    big: bool = False,
    title: str | None = None,
    x_title: str = "words between the country and the blank",
    counts: dict | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Accuracy (0..1) against distance, one line per model.

    curves:   ``{model: (distances, accuracies)}``, each a 1-D sequence of equal length; a model by its kind
              ('window-3', 'rnn': its colour) or any name.
    chance:   accuracy of guessing, drawn as a dashed horizontal line.
    window_k: shade the distances ``< window_k`` (where a window of the last k words holds the clue).
    mark:     a distance to mark with a dotted vertical line, labelled ``mark_label``.
    counts:   ``{model: sentences per distance}``, shown in the hover.
    names:    ``{model: the name a person reads}`` (default: the model's key).
    """
    if not curves:
        raise ValueError("curves is empty")
    f = colors.fonts(big)
    data, lo, hi = [], np.inf, -np.inf
    taken: dict[tuple[float, float], int] = {}  # (distance, accuracy) -> lines already drawn through it
    for j, (name, (d, acc)) in enumerate(curves.items()):
        d = np.asarray(d, dtype=float).reshape(-1)
        acc = np.asarray(acc, dtype=float).reshape(-1)
        if d.shape != acc.shape or d.size == 0:
            raise ValueError(f"{name}: distances and accuracies should be equal non-empty 1-D arrays")
        lo, hi = min(lo, d.min()), max(hi, d.max())
        n = None if counts is None or name not in counts else np.asarray(counts[name]).reshape(-1)
        notes = [f" ({int(c)} sentences)" for c in n] if n is not None and n.shape == d.shape else [""] * d.size
        drawn = []
        for x, y in zip(d.tolist(), acc.tolist(), strict=True):
            k = taken.get((x, round(y, 9)), 0)
            taken[(x, round(y, 9))] = k + 1
            drawn.append(y + k * DODGE * (1 if y < 0.5 else -1))
        custom = [[note, y] for note, y in zip(notes, acc.tolist(), strict=True)]  # the hover gives the true value
        color = colors.model_colour(name, j)
        shown = str((names or {}).get(name, name))
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": shown,
                "x": d.tolist(),
                "y": drawn,
                "customdata": custom,
                "line": {"color": color, "width": 4 if big else 2.6, "dash": DASHES[j % len(DASHES)]},
                "marker": {
                    "color": color,
                    "size": 10 if big else 7,
                    "symbol": SYMBOLS[j % len(SYMBOLS)],
                    "line": {"color": color, "width": 2},
                },
                "hovertemplate": f"{shown}<br>%{{x:.0f}} words back: %{{customdata[1]:.1%}}%{{customdata[0]}}"
                "<extra></extra>",
            }
        )
    x_range = [lo - 0.6, hi + 0.6]
    shapes = [
        {
            "type": "line",
            "name": "chance",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": chance,
            "y1": chance,
            "line": {"color": colors.TEXT, "width": 2.5 if big else 1.8, "dash": "dash"},
            "layer": "below",
        }
    ]
    annotations = [
        {
            "name": "chance-label",
            "xref": "paper",
            "x": 1.0,
            "yref": "y",
            "y": chance,
            "text": f"chance {chance:.1%}",
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "bottom",
            "font": {"size": f["small"], "color": colors.TEXT},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
    ]
    if window_k is not None and window_k - 1 >= lo:
        x1 = min(window_k - 0.5, x_range[1])
        shapes.append(
            {
                "type": "rect",
                "name": "window-band",
                "xref": "x",
                "x0": x_range[0],
                "x1": x1,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "fillcolor": rgba(colors.WINDOW_MODEL, 0.10),
                "line": {"width": 0},
                "layer": "below",
            }
        )
        annotations.append(
            {
                "name": "window-band-label",
                "xref": "x",
                "x": x1,
                "yref": "paper",
                "y": 0.86,
                "text": f"◀ a {window_k}-word window sees the country",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "middle",
                "xshift": 4,
                "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": f["small"], "color": colors.WINDOW_MODEL},
            }
        )
    if mark is not None:
        shapes.append(
            {
                "type": "line",
                "name": "mark",
                "xref": "x",
                "x0": mark,
                "x1": mark,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": colors.MUTED, "width": 2 if big else 1.5, "dash": "dot"},
            }
        )
        if mark_label:
            annotations.append(
                {
                    "name": "mark-label",
                    "xref": "x",
                    "x": mark,
                    "yref": "paper",
                    "y": 0.02,
                    "text": mark_label,
                    "showarrow": False,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "font": {"size": f["small"], "color": colors.MUTED},
                    "bgcolor": "rgba(255,255,255,0.85)",
                }
            )
    top = base.title_space(title, big) + int(2.4 * f["label"])
    tickfont = {"size": f["small"], "color": colors.TEXT}
    axis_title = {"size": f["label"], "color": colors.TEXT}
    layout = {
        "height": 520 if big else 380,
        # room for the 24 px "100%" ticks and the axis titles beside and under them in projector mode
        "margin": {"l": 112 if big else 64, "r": 16, "t": top, "b": 88 if big else 58, "pad": 4},
        "title": base.title(title, big),
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "yref": "paper",
            "font": {"size": f["label"], "color": colors.TEXT},
            "itemwidth": 60 if big else 40,
        },
        "xaxis": {
            "range": x_range,
            "fixedrange": True,
            "tickfont": tickfont,
            "dtick": 2 if hi - lo <= 30 else 5,
            "title": {"text": x_title, "font": axis_title},
            "showgrid": False,
            "zeroline": False,
            "showline": True,
            "linecolor": colors.BOX_LINE,
            "ticks": "outside",
        },
        "yaxis": {
            "range": [0, 1.04],
            "fixedrange": True,
            "tickvals": [0, 0.25, 0.5, 0.75, 1.0],
            "ticktext": ["0%", "25%", "50%", "75%", "100%"],
            "tickfont": tickfont,
            "title": {"text": "held-out accuracy", "font": axis_title},
            "gridcolor": "#DDDDDD",
            "zeroline": False,
            "showline": True,
            "linecolor": colors.BOX_LINE,
        },
        "hovermode": "closest",
        "shapes": shapes,
        "annotations": annotations,
    }
    return base.figure(data, layout, big)
