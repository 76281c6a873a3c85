"""Bar charts of predicted probabilities: one model's top-k, or several models side by side.

The probability axis is fixed at 0..100% so bars do not rescale as a student steps through time,
and every bar carries its percentage. The highlighted label (usually the target) gets its own
colour and a hatch pattern, so it stands out without relying on colour alone.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px

MAX_LABEL_CHARS = 14
ASSUMED_WIDTH = colors.HALF_COLUMN  # px: half the main column at 1280 px (laptop or projector mode)
HATCH = "/"


def percent(p: float) -> str:
    """A probability as people read it: "42.0%", "<0.1%" for tiny ones, "0%" for exactly zero."""
    if not np.isfinite(p) or p <= 0:
        return "0%"
    return "<0.1%" if p < 0.0005 else f"{p:.1%}"


def prob_bars(
    probs,
    labels,
    top_k: int = 5,
    highlight=None,
    big: bool = False,
    title: str | None = None,
    *,
    highlight_note: str | None = None,
    width: int | None = None,
) -> go.Figure:
    """Horizontal bars of the ``top_k`` most likely labels, most likely on top.

    probs:     (V,) probabilities; labels: V tokens (same order).
    highlight: a label (e.g. the target) drawn in a distinct colour with a hatch and a bold name; if
               it is not among the top k it is added as an extra last bar, so it is always visible.
    highlight_note: words after its percentage, e.g. "target".
    width:     the px the page draws the figure at (default half the main column, ``ASSUMED_WIDTH``): the title
               starts at the figure's left edge and wraps onto as many lines as that width needs.
    """
    p = np.asarray(probs, dtype=float).reshape(-1)
    labels = [str(v) for v in labels]
    if len(labels) != p.size:
        raise ValueError(f"need one label per probability, got {len(labels)} labels for {p.size} probabilities")
    if p.size == 0:
        raise ValueError("probs is empty")
    k = int(min(max(int(top_k), 1), p.size))
    order = list(np.argsort(-np.nan_to_num(p, nan=-1.0), kind="stable")[:k])
    hi = None
    if highlight is not None and str(highlight) in labels:
        hi = labels.index(str(highlight))
        if hi not in order:
            order.append(hi)
    f = colors.fonts(big)
    names = [shorten(labels[i], MAX_LABEL_CHARS) for i in order]
    ticktext = [f"<b>{n}</b>" if i == hi else n for n, i in zip(names, order, strict=True)]
    is_hi = [i == hi for i in order]
    bar_px = 46 if big else 32
    left = max(text_px(n, f["label"]) for n in names) + 16
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [float(np.nan_to_num(p[i])) for i in order],
        "y": list(range(len(order))),
        "customdata": [labels[i] for i in order],
        "text": [percent(p[i]) + (f"  {highlight_note}" if highlight_note and i == hi else "") for i in order],
        "textposition": "outside",
        "cliponaxis": False,
        "textfont": {"size": f["label"], "color": colors.TEXT},
        "marker": {
            "color": [colors.BAR_HIGHLIGHT if h else colors.BAR for h in is_hi],
            "line": {"color": [colors.TEXT if h else colors.BAR for h in is_hi], "width": 2 if big else 1.5},
            "pattern": {
                "shape": [HATCH if h else "" for h in is_hi],
                "fillmode": "overlay",
                "fgcolor": colors.TEXT,
                "solidity": 0.2,
            },
        },
        "hovertemplate": "%{customdata}: %{x:.4%}<extra></extra>",
        "name": "p",
    }
    tickfont = {"size": f["label"], "color": colors.TEXT}
    title_px = (width or ASSUMED_WIDTH[bool(big)]) - 16
    top = base.title_space(title, big, max_px=title_px)
    layout = {
        "height": int(len(order) * bar_px + top + 2.2 * f["small"] + 24),
        "margin": {"l": int(left), "r": 16, "t": top, "b": int(2.2 * f["small"] + 8), "pad": 4},
        "title": {**base.title(title, big, max_px=title_px), "xref": "container"},
        "bargap": 0.25,
        "xaxis": {
            "range": [0, 1.45 if highlight_note else 1.22],  # room for "99.8%" and the note after it
            "fixedrange": True,
            "tickvals": [0, 0.25, 0.5, 0.75, 1.0],
            "ticktext": ["0%", "25%", "50%", "75%", "100%"],
            "tickfont": {"size": f["small"]},
            "showgrid": True,
            "gridcolor": "#DDDDDD",
            "zeroline": True,
            "zerolinecolor": colors.BOX_LINE,
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(order))),
            "ticktext": ticktext,
            "range": [len(order) - 0.5, -0.5],
            "fixedrange": True,
            "tickfont": tickfont,
            "showgrid": False,
        },
    }
    return base.figure([trace], layout, big)
