"""Several models' answers to one question, side by side: a column of bars per model over the same labels.

Rows are the labels (e.g. the eight languages) in the order given and shared by every column, so a
row reads across the models; each model has its own column of horizontal bars in its colour from
``colors.model_colour`` (the same as in the accuracy-by-distance chart and on /training), with the percentage beside
every bar, a dashed line at the chance level, the expected label's row shaded and its bars hatched
(not colour alone), and under each column a short verdict tag: a tick, a cross or a question mark
with a word. The probability axes are fixed at 0..100% and carry no ticks: the numbers are printed.

Element names: ``row-highlight``, ``x-axis-{j}`` and ``chance-{j}`` (j is the column), ``header-{j}``,
``verdict-{j}``. Per model: a bar trace named after the model (``customdata``: the labels) and a text
trace ``"{model} (values)"`` holding the printed percentages, placed past the chance line.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.bars import HATCH, MAX_LABEL_CHARS, percent
from viz.text import shorten, text_px

VERDICT_STYLE = {
    "right": ("✓", colors.OKABE_ITO["bluish_green"]),
    "wrong": ("✗", colors.OKABE_ITO["vermillion"]),
    "shrug": ("?", colors.MUTED),
    "answer": ("→", colors.TEXT),
}
X_MAX = 1.5  # bar axis range: room for the percentage after a full bar


def answers_figure(
    model_probs: dict,
    *,
    highlight=None,
    chance: float | None = None,
    verdicts: dict | None = None,
    big: bool = False,
    title: str | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """One column of bars per model, one row per label.

    model_probs: ``{model: {label: probability}}``, a model by its kind ('window-3', 'rnn': its colour) or any
                 name; rows follow the first model's labels, then any others; a label a model does not list
                 counts as 0.
    highlight:   a label (the expected answer) whose row is shaded and whose bars are hatched.
    chance:      draw a dashed line at this probability in every column.
    verdicts:    ``{model: (kind, words)}`` with kind 'right', 'wrong', 'shrug' or 'answer', shown
                 under that model's column as a symbol and the words.
    names:       ``{model: the name a person reads}`` (default: the model's key).
    """
    models = [str(m) for m in model_probs]
    shown = {m: str((names or {}).get(m, m)) for m in models}
    if not models:
        raise ValueError("model_probs is empty")
    table = {str(m): {str(k): float(v) for k, v in d.items()} for m, d in model_probs.items()}
    labels: list[str] = []
    for d in table.values():
        labels += [k for k in d if k not in labels]
    if not labels:
        raise ValueError("no labels to show")
    hi = str(highlight) if highlight is not None and str(highlight) in labels else None
    f = colors.fonts(big)
    L, M = len(labels), len(models)
    names = [shorten(k, MAX_LABEL_CHARS) for k in labels]
    left = max(text_px(n, f["label"]) for n in names) + 14
    gap = 0.03
    width_each = (1 - gap * (M - 1)) / M
    data, shapes, annotations, axes = [], [], [], {}
    for j, m in enumerate(models):
        ps = np.nan_to_num([table[m].get(k, 0.0) for k in labels], nan=0.0)
        is_hi = [k == hi for k in labels]
        color = colors.model_colour(m, j)
        name = shown[m]
        ax = "x" if j == 0 else f"x{j + 1}"
        x0 = j * (width_each + gap)
        axes["xaxis" if j == 0 else f"xaxis{j + 1}"] = {
            "domain": [x0, x0 + width_each],
            "range": [0, X_MAX],
            "visible": False,
            **base.STILL,
            "anchor": "y",
        }
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "x": ps.tolist(),
                "y": list(range(L)),
                "xaxis": ax,
                "yaxis": "y",
                "customdata": labels,
                "marker": {
                    "color": color,
                    "line": {"color": [colors.TEXT if h else color for h in is_hi], "width": 2 if big else 1.5},
                    "pattern": {
                        "shape": [HATCH if h else "" for h in is_hi],
                        "fillmode": "overlay",
                        "fgcolor": colors.TEXT,
                        "solidity": 0.25,
                    },
                },
                "hovertemplate": f"{name}<br>%{{customdata}}: %{{x:.4%}}<extra></extra>",
            }
        )
        beyond = (ps if chance is None else np.maximum(ps, chance)) + 0.03  # numbers start past the chance line
        data.append(
            {
                "type": "scatter",
                "mode": "text",
                "name": f"{name} (values)",
                "x": beyond.tolist(),
                "y": list(range(L)),
                "xaxis": ax,
                "yaxis": "y",
                "text": [percent(p) for p in ps],
                "textposition": "middle right",
                "textfont": {"size": f["small"], "color": colors.TEXT},
                "hoverinfo": "skip",
                "cliponaxis": False,
            }
        )
        xref = f"{ax} domain"
        shapes.append(
            {
                "type": "line",
                "name": f"x-axis-{j}",
                "xref": ax,
                "x0": 0,
                "x1": 0,
                "yref": "y",
                "y0": -0.5,
                "y1": L - 0.5,
                "line": {"color": colors.BOX_LINE, "width": 1.2},
            }
        )
        if chance is not None:
            shapes.append(
                {
                    "type": "line",
                    "name": f"chance-{j}",
                    "xref": ax,
                    "x0": chance,
                    "x1": chance,
                    "yref": "y",
                    "y0": -0.5,
                    "y1": L - 0.5,
                    "layer": "below",
                    "line": {"color": colors.MUTED, "width": 1.5 if big else 1.2, "dash": "dash"},
                }
            )
        annotations.append(
            {
                "name": f"header-{j}",
                "xref": xref,
                "x": 0,
                "yref": "paper",
                "y": 1.0,
                "text": f"<span style='color:{color}'>■</span> <b>{shown[m]}</b>",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": f["label"], "color": colors.TEXT},
            }
        )
        if verdicts and m in verdicts:
            kind, words = verdicts[m]
            symbol, vcolor = VERDICT_STYLE.get(kind, VERDICT_STYLE["answer"])
            annotations.append(
                {
                    "name": f"verdict-{j}",
                    "xref": xref,
                    "x": 0,
                    "yref": "paper",
                    "y": 0.0,
                    "yshift": -6,
                    "text": f"<b>{symbol} {words}</b>",
                    "showarrow": False,
                    "xanchor": "left",
                    "yanchor": "top",
                    "font": {"size": f["label"], "color": vcolor},
                }
            )
    if hi is not None:
        i = labels.index(hi)
        shapes.insert(
            0,
            {
                "type": "rect",
                "name": "row-highlight",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": i - 0.5,
                "y1": i + 0.5,
                "fillcolor": colors.HIGHLIGHT_FILL,
                "layer": "below",
                "line": {"width": 0},
            },
        )
    row_px = 29 if big else 25
    top = base.title_space(title, big) + int(1.9 * f["label"])
    bottom = int(2.2 * f["label"]) if verdicts else 8
    ticktext = [f"<b>{n}</b>" if k == hi else n for n, k in zip(names, labels, strict=True)]
    layout = {
        "height": int(L * row_px + top + bottom + 8),
        "margin": {"l": int(left), "r": 8, "t": top, "b": bottom, "pad": 4},
        "title": base.title(title, big),
        "bargap": 0.22,
        **axes,
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(L)),
            "ticktext": ticktext,
            "range": [L - 0.5, -0.5],
            **base.STILL,
            "tickfont": {"size": f["label"], "color": colors.TEXT},
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return base.figure(data, layout, big)
