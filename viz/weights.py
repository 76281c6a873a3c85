"""The weights while they learn: W_xh, W_hh, W_hy now, beside the last step's change ΔW and the gradient dW.

One figure, a 3 x 3 grid built in one go. Rows are the matrices (as torch stores them: ``W_xh`` (G*H, D),
``W_hh`` (G*H, H), ``W_hy`` (O, H); LSTM and GRU stack G gate blocks, separated by lines). Columns are

    W       the weights after the current training step
    ΔW      W_after - W_before of the last step
    dL/dW   the gradient that drove that step (for SGD, ΔW = -lr dL/dW)

Each column has one diverging colour scale (white is exactly 0) shared by its three matrices, with its own
colour bar under it: W, ΔW and dW differ by orders of magnitude, so one scale for a whole row would show ΔW as
blank white. Cells are square and sized to fit (wider than tall when there are many rows); small matrices
print their values (a column whose values are tiny prints them times a power of ten, and says so in its
header); the hover always has the exact value.

Element names: ``row-title-{matrix}``, ``column-{W|ΔW|dW}``, ``empty-{ΔW|dW}`` and ``frame-{column}-{matrix}``
(a column with no step yet), ``gate-{matrix}-{column}-{b}`` (the line above gate block b); heatmap traces are
named ``"{column} {matrix}"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px, tick_stride

NAMES = ("W_xh", "W_hh", "W_hy")
COLUMNS = ("W", "ΔW", "dW")
HOVER_PREFIX = {"W": "", "ΔW": "Δ", "dW": "d"}
BAR_TITLES = {"W": "weight", "ΔW": "change", "dW": "gradient"}
MAX_TICK_CHARS = 9
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Column:
    """One column of the grid: W, ΔW or dW, its three matrices (None before the first step) and its scale."""

    j: int
    what: str  # one of COLUMNS
    mats: dict[str, np.ndarray] | None
    zmax: float  # the colour scale runs -zmax..zmax
    expo: int  # printed values are value / 10^expo

    @property
    def coloraxis(self) -> str:
        return "coloraxis" if self.j == 0 else f"coloraxis{self.j + 1}"


@dataclass(frozen=True)
class Panel:
    """One matrix in one column: its row and column names and the plotly axes it is drawn on."""

    i: int  # row of the grid, NAMES[i]
    name: str
    rows: list[str]  # full row names, R of them
    cols: list[str]  # full column names, C of them
    column: Column

    @property
    def R(self) -> int:
        return len(self.rows)

    @property
    def C(self) -> int:
        return len(self.cols)

    @property
    def ax(self) -> str:
        """Suffix of the panel's axes: "" for the first, then "2".."9" row by row."""
        k = 3 * self.i + self.column.j + 1
        return "" if k == 1 else str(k)


@dataclass(frozen=True)
class GridGeometry:
    """Where the panels go, in px from the top left of the figure, worked out once from the matrix shapes."""

    big: bool
    cell: float  # width of a cell
    cell_h: float  # height of a cell
    show_values: bool  # cells print their values
    value_size: float
    slot_w: float  # width of a column: its widest panel, or its title
    col_x0: list[float]  # left edge of each column
    row_y0: list[float]  # top edge of each row of panels (below its title and ticks)
    tick_h: float
    bar_h: float  # colour bars under the grid
    width: int
    height: int

    def x(self, px: float) -> float:
        """Paper x of ``px`` from the left."""
        return px / self.width

    def y(self, px: float) -> float:
        """Paper y of ``px`` from the top."""
        return 1 - px / self.height

    def xdom(self, j: int, C: int) -> list[float]:
        return [self.x(self.col_x0[j]), self.x(self.col_x0[j] + C * self.cell)]

    def ydom(self, i: int, R: int) -> list[float]:
        top = self.row_y0[i]
        return [self.y(top + R * self.cell_h), self.y(top)]


def power_of_ten(zmax: float) -> int:
    """The exponent e that brings ``zmax`` into [0.1, 100) when printed as value / 10^e (0 when it already is)."""
    if not np.isfinite(zmax) or zmax <= 0 or 0.1 <= zmax < 100:
        return 0
    return int(math.floor(math.log10(zmax)))


def row_labels(name: str, shape: tuple[int, int], gates: Sequence[str], classes: Sequence[str] | None) -> list[str]:
    """Rows of ``name``: units per gate block ("i1".."o3", or "1".."H" for one block), classes for W_hy."""
    R = shape[0]
    if name == "W_hy":
        if classes is not None and len(classes) == R:
            return [str(c) for c in classes]
        return [str(r + 1) for r in range(R)]
    G = max(len(gates), 1)
    H = R // G if R % G == 0 else R
    if G == 1 or R % G:
        return [str(r + 1) for r in range(R)]
    return [f"{gates[r // H]}{r % H + 1}" for r in range(R)]


def weights_grid(
    weights: Mapping[str, np.ndarray],
    delta: Mapping[str, np.ndarray] | None = None,
    grads: Mapping[str, np.ndarray] | None = None,
    *,
    step: int = 0,
    gates: Sequence[str] = ("h",),
    input_labels: Sequence[str] | None = None,
    classes: Sequence[str] | None = None,
    clipped: bool = False,
    big: bool = False,
    max_width: int | None = None,
) -> go.Figure:
    """The 3 x 3 grid: rows W_xh, W_hh, W_hy; columns W (at ``step``), ΔW (last step), dL/dW (the gradient).

    weights, delta, grads: dicts with at least ``W_xh``, ``W_hh``, ``W_hy`` (shapes as torch stores them, the
        same in all three); ``delta`` and ``grads`` may be None (no step taken yet): their column says so.
    gates:        gate names in torch's stacking order ("h" for a vanilla RNN; "i f g o"; "r z n").
    input_labels: the D input names (vocabulary for one-hot inputs); default 1..D.
    classes:      the O output names for W_hy's rows; default 1..O.
    clipped:      the gradient shown is after clipping (said in its header).
    max_width:    px the figure may take (default 800, or 1400 with ``big``: the main column at 1280 and 1920 px).
    """
    W, D, G = _checked(weights, delta, grads)
    columns = [_column(j, what, M) for j, (what, M) in enumerate(zip(COLUMNS, (W, D, G), strict=True))]
    rows = {n: row_labels(n, W[n].shape, gates, classes) for n in NAMES}
    panels = [
        Panel(i, n, rows[n], _column_names(n, W[n].shape[1], input_labels), col)
        for i, n in enumerate(NAMES)
        for col in columns
    ]
    g = _geometry([W[n].shape for n in NAMES], rows, big, max_width)
    layout = {
        **{name: axis for p in panels for name, axis in _axes(p, g).items()},
        **{col.coloraxis: _coloraxis(col, g) for col in columns},
        "width": g.width,
        "height": g.height,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0, "autoexpand": False},
        "shapes": [s for p in panels for s in _panel_shapes(p, gates, g)],
        "annotations": [a for p in panels for a in _panel_notes(p, g)]
        + [_column_title(col, step, clipped, g) for col in columns],
    }
    return base.figure([_heatmap(p, g) for p in panels if p.column.mats is not None], layout, big)


def _checked(weights, delta, grads) -> tuple[dict, dict | None, dict | None]:
    """The three sets of matrices as float arrays, refusing a missing matrix or a shape that differs from W's."""
    W = _matrices(weights, NAMES)
    D = _matrices(delta, NAMES)
    G = _matrices(grads, NAMES)
    for other, what in ((D, "delta"), (G, "grads")):
        if other is not None:
            for n in NAMES:
                if other[n].shape != W[n].shape:
                    raise ValueError(f"{what}[{n}] has shape {other[n].shape}, weights[{n}] {W[n].shape}")
    return W, D, G


def _matrices(values: Mapping | None, names: Sequence[str]) -> dict[str, np.ndarray] | None:
    if values is None:
        return None
    out = {}
    for n in names:
        if n not in values:
            raise ValueError(f"missing {n!r}; got {', '.join(values)}")
        out[n] = base.as_2d(values[n], n)
    return out


def _column(j: int, what: str, mats: dict[str, np.ndarray] | None) -> Column:
    """W keeps its own digits; ΔW and dW print times a power of ten when their values are tiny or huge."""
    if mats is None:
        return Column(j, what, None, 1.0, 0)
    zmax = _zmax(mats)
    return Column(j, what, mats, zmax, 0 if j == 0 else power_of_ten(zmax))


def _zmax(mats: dict[str, np.ndarray]) -> float:
    finite = np.concatenate([np.abs(M[np.isfinite(M)]).ravel() for M in mats.values()])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


def _column_names(name: str, C: int, input_labels: Sequence[str] | None) -> list[str]:
    """Columns of ``name``: the input names for W_xh when there are C of them, else 1..C."""
    if name == "W_xh" and input_labels is not None and len(input_labels) == C:
        return [str(v) for v in input_labels]
    return [str(c + 1) for c in range(C)]


def _geometry(
    shapes: list[tuple[int, int]], rows: dict[str, list[str]], big: bool, max_width: int | None
) -> GridGeometry:
    """Cells as large as fit (square unless rows are many), columns as wide as their widest panel or title."""
    f = colors.fonts(big)
    max_c = max(C for _, C in shapes)
    fit_w = ((max_width or (colors.MAIN_COLUMN[True] if big else 800)) - 120) / (3 * max_c + 2)
    top_cell = 60 if big else 46
    cell_h = float(np.clip(min(fit_w, (700 if big else 520) / sum(R for R, _ in shapes)), 3, top_cell))
    cell = float(np.clip(min(fit_w, 3 * cell_h), cell_h, top_cell))
    value_size = f["small"] if big else f["small"] - 2  # projector mode: nothing under its smallest size
    left = max(text_px(shorten(s, MAX_TICK_CHARS), f["small"]) for n in NAMES for s in rows[n]) + 16
    gap_x = max(36.0, 2.2 * f["small"] + 12)
    slot_w = max(max_c * cell, text_px("ΔW ×10⁻² of the last", f["label"]), 150.0)
    col_x0 = [left + j * (slot_w + gap_x) for j in range(3)]
    title_h = 1.5 * f["label"] + 4  # the matrix name over each row
    tick_h = 1.5 * f["small"] + 2  # column ticks on top of each panel
    bar_h = 3.6 * f["small"] + 24  # horizontal colour bars under the grid
    row_y0, y = [], 2 * 1.35 * f["label"] + 10  # below the column titles, two lines
    for R, _ in shapes:
        y += title_h + tick_h
        row_y0.append(y)
        y += R * cell_h + 14.0
    return GridGeometry(
        big=big,
        cell=cell,
        cell_h=cell_h,
        value_size=value_size,
        show_values=cell >= text_px("-0.00", value_size) + 4 and cell_h >= value_size + 6,
        slot_w=slot_w,
        col_x0=col_x0,
        row_y0=row_y0,
        tick_h=tick_h,
        bar_h=bar_h,
        width=int(col_x0[2] + slot_w + 16),
        height=int(y + bar_h),
    )


def _superscript(e: int) -> str:
    return str(e).translate(SUPERSCRIPT)


def _column_title(col: Column, step: int, clipped: bool, g: GridGeometry) -> dict:
    """Two lines over the column: what it holds (times its power of ten), and in small type what that means."""
    f = colors.fonts(g.big)
    times = f" ×10{_superscript(col.expo)}" if col.expo else ""
    head, sub = {
        "W": (f"<b>W</b>{times} after step {step}", "the weights now"),
        "ΔW": (f"<b>ΔW</b>{times} of the last step", "W after − W before"),
        "dW": (f"<b>dL/dW</b>{times}{' clipped' if clipped else ''}", "the gradient behind ΔW"),
    }[col.what]
    return {
        "name": f"column-{col.what}",
        "text": f"{head}<br><span style='font-size:{f['small']}px'>{sub}</span>",
        "xref": "paper",
        "yref": "paper",
        "x": g.x(g.col_x0[col.j]),
        "y": g.y(4),
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": f["label"], "color": colors.TEXT},
    }


def _axes(p: Panel, g: GridGeometry) -> dict:
    """The panel's x axis (column names on top) and y axis (row names, in the first column only), thinned to fit."""
    f = colors.fonts(g.big)
    R, C = p.R, p.C
    rows_s = [shorten(s, MAX_TICK_CHARS) for s in p.rows]
    cols_s = [shorten(s, MAX_TICK_CHARS) for s in p.cols]
    tickfont = {"size": f["small"], "color": colors.TEXT}
    axis = {**base.STILL, "ticks": "", "showline": False, "tickfont": tickfont}
    xstride = tick_stride(C, g.cell, max(text_px(s, f["small"]) for s in cols_s) + 4)
    ystride = tick_stride(R, g.cell_h, 1.2 * f["small"])
    return {
        f"xaxis{p.ax}": {
            **axis,
            "domain": g.xdom(p.column.j, C),
            "range": [-0.5, C - 0.5],
            "side": "top",
            "anchor": f"y{p.ax}",
            "tickmode": "array",
            "tickvals": list(range(0, C, xstride)),
            "ticktext": cols_s[::xstride],
            "tickangle": 0,
        },
        f"yaxis{p.ax}": {
            **axis,
            "domain": g.ydom(p.i, R),
            "range": [R - 0.5, -0.5],
            "anchor": f"x{p.ax}",
            "tickmode": "array",
            "tickvals": list(range(0, R, ystride)),
            "ticktext": rows_s[::ystride] if p.column.j == 0 else [""] * len(range(0, R, ystride)),
        },
    }


def _heatmap(p: Panel, g: GridGeometry) -> dict:
    """The matrix on its column's colour scale, its values printed when they fit; the hover names the cell."""
    M = p.column.mats[p.name]
    prefix = HOVER_PREFIX[p.column.what]
    trace = {
        "type": "heatmap",
        "name": f"{p.column.what} {p.name}",
        "z": M,
        "x": list(range(p.C)),
        "y": list(range(p.R)),
        "xaxis": f"x{p.ax}",
        "yaxis": f"y{p.ax}",
        "coloraxis": p.column.coloraxis,
        "customdata": [[f"{prefix}{p.name}[{r}, {c}]" for c in p.cols] for r in p.rows],
        "hovertemplate": "%{customdata} = %{z:.6g}<extra></extra>",
        "hoverongaps": False,
        "xgap": 1 if g.cell >= 8 else 0,
        "ygap": 1 if g.cell_h >= 8 else 0,
    }
    if g.show_values:
        trace["text"] = [[_fmt(v, p.column.expo) for v in row] for row in M]
        trace["texttemplate"] = "%{text}"
        trace["textfont"] = {"size": g.value_size}
    return trace


def _fmt(v: float, e: int) -> str:
    return "" if not np.isfinite(v) else f"{v / 10.0**e:.2f}"


def _panel_shapes(p: Panel, gates: Sequence[str], g: GridGeometry) -> list[dict]:
    """A dotted frame where the column has nothing yet, else a line between each two gate blocks."""
    if p.column.mats is None:
        return [
            {
                "type": "rect",
                "name": f"frame-{p.column.what}-{p.name}",
                "xref": f"x{p.ax}",
                "yref": f"y{p.ax}",
                "x0": -0.5,
                "x1": p.C - 0.5,
                "y0": -0.5,
                "y1": p.R - 0.5,
                "line": {"color": "#BBBBBB", "width": 1, "dash": "dot"},
            }
        ]
    if len(gates) <= 1 or p.name == "W_hy" or p.R % len(gates):
        return []
    H = p.R // len(gates)
    return [
        {
            "type": "line",
            "name": f"gate-{p.name}-{p.column.what}-{b}",
            "xref": f"x{p.ax}",
            "yref": f"y{p.ax}",
            "x0": -0.5,
            "x1": p.C - 0.5,
            "y0": b * H - 0.5,
            "y1": b * H - 0.5,
            "line": {"color": colors.TEXT, "width": 2 if g.big else 1.5},
        }
        for b in range(1, len(gates))
    ]


def _panel_notes(p: Panel, g: GridGeometry) -> list[dict]:
    """The matrix name and shape over the first panel of its row; "take a step" in an empty column's middle."""
    f = colors.fonts(g.big)
    out = []
    if p.column.j == 0:
        title = f"<b style='color:{colors.MATRIX[p.name]}'>{p.name}</b>  {p.R} x {p.C}"
        out.append(
            {
                "name": f"row-title-{p.name}",
                "text": title,
                "xref": "paper",
                "yref": "paper",
                "x": g.x(g.col_x0[0]),
                "y": g.y(g.row_y0[p.i] - g.tick_h),
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "yshift": 2,
                "font": {"size": f["label"], "color": colors.TEXT},
            }
        )
    if p.column.mats is None and p.i == 1:
        out.append(
            {
                "name": f"empty-{p.column.what}",
                "text": "Take a training step<br>to see it",
                "xref": "paper",
                "yref": "paper",
                "x": g.x(g.col_x0[p.column.j] + p.C * g.cell / 2),
                "y": g.y(g.row_y0[p.i] + p.R * g.cell_h / 2),
                "showarrow": False,
                "font": {"size": f["label"], "color": colors.MUTED},
            }
        )
    return out


def _coloraxis(col: Column, g: GridGeometry) -> dict:
    """The column's symmetric diverging scale, with a horizontal colour bar under the column."""
    f = colors.fonts(g.big)
    z, e = col.zmax, col.expo
    ticks = [-z, -z / 2, 0.0, z / 2, z] if g.slot_w >= 200 else [-z, 0.0, z]
    return {
        "colorscale": colors.DIVERGING,
        "cmin": -z,
        "cmax": z,
        "cmid": 0.0,
        "showscale": col.mats is not None,
        "colorbar": {
            "orientation": "h",
            "x": g.x(g.col_x0[col.j] + g.slot_w / 2),
            "xanchor": "center",
            "y": (g.bar_h - 4) / g.height,
            "yanchor": "top",
            "yref": "paper",
            "len": g.x(g.slot_w - 10),
            "lenmode": "fraction",
            "thickness": 16 if g.big else 12,
            "tickvals": ticks,
            "ticktext": [f"{v / 10.0**e:.2g}" for v in ticks],
            "tickfont": {"size": f["small"], "color": colors.TEXT},
            "ticks": "outside",
            "outlinewidth": 1,
            "outlinecolor": colors.BOX_LINE,
            "title": {
                "text": BAR_TITLES[col.what] + (f" (×10{_superscript(e)})" if e else ""),
                "side": "bottom",
                "font": {"size": f["small"], "color": colors.TEXT},
            },
        },
    }
