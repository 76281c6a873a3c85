"""Shared figure plumbing: build a figure in one go, hidden fixed axes, fonts, hover style.

Figures are assembled from plain dicts and handed to plotly with per-property validation off:
with a few hundred annotations, validation costs ~150 ms against ~4 ms without. The tests
rebuild every figure with validation on (``go.Figure(fig.to_dict())``), so a misspelt property
still fails loudly there.

Every figure carries an explicit, empty template and explicit font sizes, so it looks the same
whatever ``plotly.io.templates.default`` is (``import streamlit`` changes it) and whether the page
renders with ``theme=None`` or not.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import colors
from viz.text import wrap

# What a page passes to Streamlit's ``plotly_chart(fig, config=PLOTLY_CONFIG, theme=None)``.
LINE = 1.3  # plotly's line spacing, in font sizes
CAP_SHIFT = 0.7  # plotly's shift from a text's top to its first baseline, in font sizes
# The mode bar shows on hover with one button, "download as PNG" (at twice the size drawn, sharp on slides).
PLOTLY_CONFIG = {
    "displayModeBar": "hover",
    "modeBarButtons": [["toImage"]],
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "filename": "unrolled", "scale": 2},
    "scrollZoom": False,
    "doubleClick": False,
    "responsive": True,
}


STILL = {
    "fixedrange": True,
    "showgrid": False,
    "zeroline": False,
}  # an axis that cannot be zoomed: no grid, no zero line


def figure(data: list, layout: dict, big: bool = False) -> go.Figure:
    """``go.Figure`` from trace dicts and a layout dict, with the house defaults underneath ``layout``."""
    return go.Figure(data=data, layout={**base_layout(big), **layout}, _validate=False)


def base_layout(big: bool = False) -> dict:
    """Template-independent defaults: white background, explicit fonts, no drag, no legend."""
    f = colors.fonts(big)
    return {
        "template": {"layout": {}},
        "paper_bgcolor": colors.BACKGROUND,
        "plot_bgcolor": colors.BACKGROUND,
        "font": {"family": colors.FAMILY, "size": f["base"], "color": colors.TEXT},
        "hoverlabel": hoverlabel(big),
        "dragmode": False,
        "showlegend": False,
        "hovermode": "closest",
    }


def hoverlabel(big: bool = False) -> dict:
    """High-contrast hover boxes: black text on white with a dark border."""
    return {
        "bgcolor": "white",
        "bordercolor": colors.TEXT,
        "font": {"family": colors.FAMILY, "size": colors.fonts(big)["hover"], "color": colors.TEXT},
        "align": "left",
    }


def hidden_axis(lo: float, hi: float, **extra) -> dict:
    """An axis that shows nothing and cannot be zoomed or dragged, spanning ``[lo, hi]`` exactly."""
    return {
        "range": [lo, hi],
        "visible": False,
        **STILL,
        "showticklabels": False,
        **extra,
    }


def title(text: str | None, big: bool = False, *, max_px: float | None = None, size: float | None = None) -> dict:
    """A left-aligned title, or an empty one. ``max_px``: wrap the (plain) text into lines that fit this many px;
    ``size``: its font size (default the title size)."""
    if not text:
        return {"text": ""}
    size = size or colors.fonts(big)["title"]
    lines = _title_lines(text, max_px, size)
    return {
        "text": "<br>".join(lines),
        "x": 0.0,
        "xanchor": "left",
        "xref": "paper",
        "y": 1.0,
        "yanchor": "top",
        "yref": "container",
        # plotly hangs a one-line title from its cap height but puts the first of several lines' baseline at pad.t:
        # the first line lands where a one-line title would
        "pad": {"t": 8 + (CAP_SHIFT * size if len(lines) > 1 else 0), "l": 8},
        "font": {"size": size, "color": colors.TEXT},
    }


def title_space(text: str | None, big: bool = False, *, max_px: float | None = None, size: float | None = None) -> int:
    """Top margin (px) that leaves room for ``title(text, big, max_px=max_px, size=size)``, every line of it."""
    if not text:
        return 8
    size = size or colors.fonts(big)["title"]
    return int(size * 2.0 + 8 + (len(_title_lines(text, max_px, size)) - 1) * LINE * size)


def _title_lines(text: str, max_px: float | None, size: float) -> list[str]:
    return wrap(text, max_px, size) if max_px else str(text).split("<br>")


def as_2d(a, what: str) -> np.ndarray:
    """``a`` as a non-empty float matrix; a 1-D array becomes one column. ``what`` names it in the error,
    e.g. "h (T, H)"."""
    m = np.asarray(a, dtype=float)
    if m.ndim == 1:
        m = m[:, None]
    if m.ndim != 2 or 0 in m.shape:
        raise ValueError(f"{what} should be a non-empty 2-D array, got shape {np.shape(a)}")
    return m


def state_bound(values, floor: float = 1.0) -> float:
    """A round colour-scale bound for a state that is not squashed into -1..1 (the LSTM's c_t): max |value|, at
    least ``floor``, rounded up to a half below 3 and to a whole number above; NaN and infinities ignored."""
    a = np.abs(np.asarray(values, dtype=float))
    a = a[np.isfinite(a)]
    top = max(float(floor), float(a.max()) if a.size else 0.0)
    return float(np.ceil(top * 2) / 2 if top <= 3 else np.ceil(top))


def line_width(big: bool, normal: float) -> float:
    """A line ``normal`` px wide, half as wide again on a projector."""
    return normal * (1.5 if big else 1.0)


def step_highlight(t: int, y0: float, y1: float, col_px: float, big: bool) -> dict:
    """The frame behind step ``t``'s column of a diagram (x in columns of ``col_px`` px, kept a pixel or two inside
    them), from ``y0`` to ``y1``."""
    inset = min(0.04, 2 / col_px)
    return {
        "type": "rect",
        "name": "highlight",
        "layer": "below",
        "x0": t - 0.5 + inset,
        "x1": t + 0.5 - inset,
        "y0": y0,
        "y1": y1,
        "fillcolor": colors.HIGHLIGHT_FILL,
        "line": {"color": colors.HIGHLIGHT, "width": line_width(big, 2.5)},
    }


def arrow(
    name: str, x0: float, y0: float, x1: float, y1: float, color: str, width: float, opacity: float, size: float = 1.1
) -> dict:
    """A plotly annotation drawn as an arrow from (x0, y0) to (x1, y1) in data coordinates, touching both ends."""
    return {
        "name": name,
        "x": x1,
        "y": y1,
        "ax": x0,
        "ay": y0,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "text": "",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": size,
        "arrowwidth": width,
        "arrowcolor": color,
        "opacity": opacity,
        "standoff": 0,
        "startstandoff": 0,
    }


def label(name: str | None, x: float, y: float, text: str, **extra) -> dict:
    """A plotly annotation: ``text`` at (x, y) in data coordinates, with no arrow; ``extra`` (anchors, font, opacity,
    hover text ...) follows in the order given. ``name`` None: an unnamed one."""
    named = {} if name is None else {"name": name}
    return {**named, "x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False, **extra}


def colorbar(title: str, ticks: list, big: bool, fmt: str = "g", **place) -> dict:
    """A colour bar with ``title`` on top, labelled at ``ticks`` (formatted with ``fmt``); ``place`` (its length and
    position) goes between its thickness and its outline."""
    f = colors.fonts(big)
    return {
        "title": {"text": title, "side": "top", "font": {"size": f["small"], "color": colors.TEXT}},
        "tickvals": ticks,
        "ticktext": [f"{v:{fmt}}" for v in ticks],
        "tickfont": {"size": f["small"], "color": colors.TEXT},
        "thickness": 18 if big else 14,
        **place,
        "outlinewidth": 1,
        "outlinecolor": colors.BOX_LINE,
        "ticks": "outside",
    }


def per_step(name: str, values, T: int) -> list:
    """``values`` as a list of one entry per step; a ValueError naming ``name`` otherwise."""
    values = list(values)
    if len(values) != T:
        raise ValueError(f"{name} should have one entry per step (T = {T}), got {len(values)}")
    return values
