"""Heatmaps of numbers a student can check: a weight matrix, and the hidden state over time.

Both use the diverging colour scale from ``viz.colors`` with a symmetric range (white is exactly 0)
and hover text with the exact value. Rows and units are numbered from 1 for people.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import conceal, shorten, text_px, tick_stride

MAX_TICK_CHARS = 10
ASSUMED_WIDTH = colors.HALF_COLUMN  # px: the history's, half the main column at 1280 px (tick text)
PLOT_MARGINS = {False: 125, True: 165}  # px of the history beside its cells: unit numbers, "unit", the colour bar
COLUMN_WIDTH = {False: 250, True: 390}  # px: a third of the main column at 1280 px, laptop or projector mode


def _colorbar(title: str | None, zmax: float, big: bool) -> dict:
    return base.colorbar(title or "", [-zmax, -zmax / 2, 0.0, zmax / 2, zmax], big, ".2g")


def _ticks(labels: list[str], slot_px: float, size: float) -> dict:
    """Explicit tick values and texts, thinned so they do not overlap."""
    n = len(labels)
    stride = tick_stride(n, slot_px, 1.3 * size)
    idx = list(range(0, n, stride))
    return {"tickmode": "array", "tickvals": idx, "ticktext": [labels[i] for i in idx]}


def matrix_heatmap(
    M,
    title: str,
    row_labels=None,
    col_labels=None,
    *,
    zmax: float | None = None,
    big: bool = False,
    colorbar_title: str | None = None,
    width: int | None = None,
) -> go.Figure:
    """A matrix as square cells: rows top to bottom, columns left to right (labels on top).

    The figure has a fixed width and height that fit the cells, so a 4 x 4 matrix is small and a 64 x 64 one
    fills ~380 px, and it fits ``width`` px (default ``COLUMN_WIDTH``: a third of the main column at 1280 px, or at
    1920 px in projector mode): the cells shrink and the title wraps to fit it.

    M:          (R, C) array; a 1-D array is drawn as a column (a bias vector).
    title:      shown above; the caller puts the shape in it ("W_hh (16 x 16)").
    row_labels, col_labels: R and C names (default 1..R, 1..C).
    zmax:       colour range is [-zmax, zmax] (default max |M|, so white is exactly 0).
    Values are printed in the cells when they fit (up to 12 x 12, at a smaller size in small cells); the hover
    always has them.
    """
    M = base.as_2d(M, "M")
    R, C = M.shape
    rows = [str(v) for v in (row_labels if row_labels is not None else range(1, R + 1))]
    cols = [str(v) for v in (col_labels if col_labels is not None else range(1, C + 1))]
    if len(rows) != R or len(cols) != C:
        raise ValueError(f"need {R} row labels and {C} column labels, got {len(rows)} and {len(cols)}")
    finite = np.abs(M[np.isfinite(M)])
    if zmax is None or not np.isfinite(zmax) or zmax <= 0:
        zmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    f = colors.fonts(big)
    width = int(width or COLUMN_WIDTH[bool(big)])
    text = [[f"row {r}, column {c}" for c in cols] for r in rows]
    rows_s = [shorten(s, MAX_TICK_CHARS) for s in rows]
    cols_s = [shorten(s, MAX_TICK_CHARS) for s in cols]
    left = max(text_px(s, f["small"]) for s in rows_s) + 14
    right = 100 if big else 80
    fit = (width - left - right - 4) / C  # the widest cells that fit ``width``
    cell = float(np.clip(min((520 if big else 380) / max(R, C), fit), 2, 64 if big else 48))
    value_size = min(f["small"], (cell - 4) / (5 * 0.55))  # "-0.00" in a cell, at about Arial's width
    show_values = R <= 12 and C <= 12 and value_size >= (f["small"] if big else 9)  # projector: full size or none
    title_size = f["label"]
    col_angle = 0 if max(text_px(s, f["small"]) for s in cols_s) <= cell - 2 else -90
    top_ticks = (max(text_px(s, f["small"]) for s in cols_s) if col_angle else 1.4 * f["small"]) + 8
    # a rotated column label is a line high and juts left of a small first cell, into the first row's label
    standoff = max(0, math.ceil(0.65 * f["small"] - cell / 2) + 1) if col_angle else 0
    left += standoff
    top = base.title_space(title, big, max_px=width - 16, size=title_size) + top_ticks
    bar = _colorbar(colorbar_title, zmax, big)
    bar_px = float(5 * 1.5 * f["small"])  # a colour bar this long keeps its five labels apart
    extra = max(0.0, bar_px - R * cell)  # a few rows of small cells: the bar hangs below them, in the margin
    if extra:
        bar.update(len=bar_px, lenmode="pixels", y=1.0, yanchor="top", ypad=0)
    trace = {
        "type": "heatmap",
        "z": M,
        "x": list(range(C)),
        "y": list(range(R)),
        "text": text,
        "name": title,
        "colorscale": colors.DIVERGING,
        "zmin": -zmax,
        "zmax": zmax,
        "zmid": 0.0,
        "hovertemplate": "%{text}<br>value = %{z:.6f}<extra></extra>",
        "xgap": 1 if cell >= 8 else 0,
        "ygap": 1 if cell >= 8 else 0,
        "colorbar": bar,
        "hoverongaps": False,
    }
    if show_values:
        trace["texttemplate"] = "%{z:.2f}"
        trace["textfont"] = {"size": round(value_size, 1)}
    tickfont = {"size": f["small"], "color": colors.TEXT}
    axis = {**base.STILL, "ticks": "", "tickfont": tickfont, "showline": False}
    head = base.title(title, big, max_px=width - 16, size=title_size)
    lines = str(head["text"]).split("<br>")
    layout = {
        "height": int(R * cell + top + 12 + extra),
        "width": int(max(C * cell + left + right + 4, max(text_px(s, title_size) for s in lines) + 24)),
        "margin": {"l": int(left), "r": right, "t": int(top), "b": int(8 + extra), "pad": 2},
        "title": {**head, "xref": "container"},
        "xaxis": {
            **axis,
            **_ticks(cols_s, cell, f["small"] if col_angle else text_px("MMMM", f["small"]) / 1.3),
            "side": "top",
            "range": [-0.5, C - 0.5],
            "tickangle": col_angle,
            "constrain": "domain",
        },
        "yaxis": {
            **axis,
            **_ticks(rows_s, cell, f["small"]),
            "ticklabelstandoff": standoff,
            "range": [R - 0.5, -0.5],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
    }
    return base.figure([trace], layout, big)


def history_heatmap(
    h, t: int | None, x_labels, big: bool = False, c=None, hide_future: bool = False, var: str = "h"
) -> go.Figure:
    """The hidden state over time: units (rows, unit 1 on top) by steps (columns, labelled by token).

    Columns after step ``t`` (0-based) are left blank but keep their place, so the picture does not
    jump as ``t`` advances; step ``t`` is framed. ``t=None`` shows every step.

    c: (T, H) LSTM cell states: drawn as a second block of rows under h_t's, headed "c_t: cell state",
       on its own symmetric colour scale with its own colour bar (c_t is not squashed into -1..1; the
       range is max |c| rounded up, at least 1), framed at step ``t`` too (``highlight-c``).
    hide_future: predict, then reveal: the tokens after step ``t`` are shown as "?" too.
    var: the state's letter in hovers and on the colour bar ("a" for a window model's activations a_t).
    """
    if hide_future and t is not None:
        x_labels = conceal(list(x_labels), min(max(int(t), 0), len(x_labels) - 1))
    if c is not None:
        return _history_with_c(h, c, t, x_labels, big)
    h = base.as_2d(h, "h (T, H)")
    T, H = h.shape
    labels, t = _steps(x_labels, T, t)
    f = colors.fonts(big)
    xaxis, slot, bottom = _time_axis(labels, big)
    cell_h = float(np.clip((300 if big else 220) / H, 4, 40 if big else 30))
    bar = _colorbar(f"{var}_t", 1.0, big)
    bar_px = H * cell_h + 48 - 2 * 10 - (1.3 * f["small"] + 2)  # the plot's height less the bar's pads and title
    if bar_px < 4 * 1.3 * f["small"]:  # too short for five labels (one or two units): three
        bar.update(tickvals=[-1.0, 0.0, 1.0], ticktext=["-1", "0", "1"])
    trace = _history_trace(h, t, labels, f"{var}_t", list(range(H)), 1.0, bar, slot, cell_h)
    shapes = [] if t is None else [_step_frame("highlight", t, -0.5, H, big)]
    units = [str(u) for u in range(1, H + 1)]
    layout = {
        "height": int(H * cell_h + bottom + 60),
        "margin": {"l": 10, "r": 90 if big else 70, "t": 12, "b": int(bottom), "pad": 2},
        "xaxis": xaxis,
        "yaxis": {
            **_history_axis(big),
            **_ticks(units, cell_h, f["small"]),
            "range": [H - 0.5, -0.5],
            "automargin": True,
            "title": {"text": "unit", "font": {"size": f["small"]}},
        },
        "shapes": shapes,
    }
    return base.figure([trace], layout, big)


def _steps(x_labels, T: int, t: int | None) -> tuple[list[str], int | None]:
    """The step labels as text, one per step (a ValueError otherwise), and ``t`` clamped into 0..T-1."""
    labels = [str(v) for v in x_labels]
    if len(labels) != T:
        raise ValueError(f"x_labels should have one entry per step (T = {T}), got {len(labels)}")
    return labels, None if t is None else int(min(max(int(t), 0), T - 1))


def _history_axis(big: bool) -> dict:
    return {**base.STILL, "tickfont": {"size": colors.fonts(big)["small"], "color": colors.TEXT}, "ticks": ""}


def _time_axis(labels: list[str], big: bool) -> tuple[dict, float, float]:
    """The steps' x axis, labelled by token (rotated when a label does not fit its column at the assumed width);
    also the px of a column and the bottom margin the labels need."""
    size = colors.fonts(big)["small"]
    ticks = [shorten(s, MAX_TICK_CHARS) for s in labels]
    slot = (ASSUMED_WIDTH[big] - PLOT_MARGINS[big]) / len(labels)
    longest = max(text_px(s, size) for s in ticks)
    angle = 0 if longest <= slot - 4 else -90
    x_ticks = _ticks(ticks, slot, size if angle else longest + 8)
    bottom = (longest if angle else 1.4 * size) + 14
    axis = {**_history_axis(big), **x_ticks, "range": [-0.5, len(labels) - 0.5], "tickangle": angle, "automargin": True}
    return axis, slot, bottom


def _step_frame(name: str, t: int, y0: float, H: int, big: bool) -> dict:
    """The frame around step ``t``'s column of a block of H units starting at row ``y0``."""
    return {
        "type": "rect",
        "name": name,
        "x0": t - 0.5,
        "x1": t + 0.5,
        "y0": y0,
        "y1": y0 + H,
        "line": {"color": colors.HIGHLIGHT, "width": 3 if big else 2},
        "layer": "above",
    }


def _history_trace(
    M, t: int | None, labels: list[str], name: str, y: list, zmax: float, bar: dict, slot, cell_h
) -> dict:
    """A state ``M`` (T, H) over time: unit u (1 on top) in row y[u - 1], step j in column j, blank after step ``t``;
    ``slot`` and ``cell_h`` are a column's width and a row's height in px (gaps between cells big enough to show)."""
    T, H = M.shape
    z = M.T.copy()  # (H, T)
    if t is not None:
        z[:, t + 1 :] = np.nan
    var = name.removesuffix("_t")
    return {
        "type": "heatmap",
        "z": z,
        "x": list(range(T)),
        "y": y,
        "text": [[f"{var}_{j + 1}[unit {u + 1}] (after x_{j + 1} = {labels[j]})" for j in range(T)] for u in range(H)],
        "name": name,
        "customdata": np.tile(np.arange(T), (H, 1)),
        "colorscale": colors.DIVERGING,
        "zmin": -zmax,
        "zmax": zmax,
        "hoverongaps": False,
        "hovertemplate": "%{text}<br>= %{z:.6f}<extra></extra>",
        "xgap": 1 if slot >= 10 else 0,
        "ygap": 1 if cell_h >= 8 else 0,
        "colorbar": bar,
    }


def _history_with_c(h, c, t: int | None, x_labels, big: bool) -> go.Figure:
    """``history_heatmap`` with the cell state c_t: h_t's block on top, c_t's under it (see there)."""
    h = base.as_2d(h, "h (T, H)")
    c = base.as_2d(c, "c (T, H)")
    T, H = h.shape
    if c.shape != (T, H):
        raise ValueError(f"c should have the shape of h, ({T}, {H}), got {c.shape}")
    labels, t = _steps(x_labels, T, t)
    f = colors.fonts(big)
    cell_h = float(np.clip((360 if big else 260) / (2 * H), 4, 40 if big else 30))
    cell_h = max(cell_h, (90 if big else 70) / H)  # each block tall enough for its colour bar
    head_px = 1.5 * f["small"] + 6  # a heading over each block
    sep = head_px / cell_h  # the gap between the blocks, in rows
    xaxis, slot, bottom = _time_axis(labels, big)
    top = 12 + head_px
    plot_h = (2 * H + sep) * cell_h
    c_top = H - 0.5 + sep  # where c_t's block starts (the y axis runs down)
    cmax = base.state_bound(c)

    def block(M, name: str, offset: float, zmax: float, centre: float) -> dict:
        bar = _colorbar(name, zmax, big)
        n_ticks = 5 if H * cell_h - 4 - 1.3 * f["small"] >= 4 * 1.5 * f["small"] else 3
        vals = np.linspace(-zmax, zmax, n_ticks).tolist()
        bar.update(
            tickvals=vals,
            ticktext=[f"{v:.2g}" for v in vals],
            len=H * cell_h / plot_h,
            lenmode="fraction",
            y=centre,
            yanchor="middle",
            ypad=2,
        )
        return _history_trace(M, t, labels, name, [offset + u for u in range(H)], zmax, bar, slot, cell_h)

    traces = [
        block(h, "h_t", 0.0, 1.0, 1 - (H / 2) / (2 * H + sep)),
        block(c, "c_t", c_top + 0.5, cmax, (H / 2) / (2 * H + sep)),
    ]
    shapes = (
        []
        if t is None
        else [_step_frame(name, t, y0, H, big) for name, y0 in (("highlight", -0.5), ("highlight-c", c_top))]
    )
    heads = [
        ("h-heading", -0.5, "h_t: hidden state", "h_t, the hidden state, per unit (rows) and step (columns)"),
        (
            "c-heading",
            c_top,
            f"c_t: cell state (colours -{cmax:g}..{cmax:g})",
            "c_t, the LSTM's cell state: not squashed by tanh, so it has its own colour range",
        ),
    ]
    annotations = [
        base.label(
            name,
            -0.5,
            y,
            f"<b>{text}</b>",
            xanchor="left",
            yanchor="bottom",
            yshift=2,
            font={"size": f["small"], "color": colors.TEXT},
            hovertext=hover,
        )
        for name, y, text, hover in heads
    ]
    units = [str(u) for u in range(1, H + 1)]
    y_ticks = _ticks(units, cell_h, f["small"])
    vals = list(y_ticks["tickvals"])
    layout = {
        "height": int(round(plot_h + top + bottom)),
        "margin": {"l": 10, "r": 90 if big else 70, "t": int(round(top)), "b": int(bottom), "pad": 2},
        "xaxis": xaxis,
        "yaxis": {
            **_history_axis(big),
            "tickmode": "array",
            "tickvals": vals + [c_top + 0.5 + v for v in vals],
            "ticktext": [units[v] for v in vals] * 2,
            "range": [c_top + H, -0.5],
            "automargin": True,
            "title": {"text": "unit", "font": {"size": f["small"]}},
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return base.figure(traces, layout, big)
