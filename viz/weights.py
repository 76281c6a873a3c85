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
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px, tick_stride

NAMES = ("W_xh", "W_hh", "W_hy")
COLUMNS = ("W", "ΔW", "dW")
MAX_TICK_CHARS = 9
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


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


def _matrices(values: Mapping | None, names: Sequence[str]) -> dict[str, np.ndarray] | None:
    if values is None:
        return None
    out = {}
    for n in names:
        if n not in values:
            raise ValueError(f"missing {n!r}; got {', '.join(values)}")
        out[n] = base.as_2d(values[n], n)
    return out


def _zmax(mats: dict[str, np.ndarray]) -> float:
    finite = np.concatenate([np.abs(M[np.isfinite(M)]).ravel() for M in mats.values()])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


def _fmt(v: float, e: int) -> str:
    return "" if not np.isfinite(v) else f"{v / 10.0**e:.2f}"


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
    W = _matrices(weights, NAMES)
    D = _matrices(delta, NAMES)
    G = _matrices(grads, NAMES)
    for other, what in ((D, "delta"), (G, "grads")):
        if other is not None:
            for n in NAMES:
                if other[n].shape != W[n].shape:
                    raise ValueError(f"{what}[{n}] has shape {other[n].shape}, weights[{n}] {W[n].shape}")
    f = colors.fonts(big)
    shapes_ = [W[n].shape for n in NAMES]
    rows_px_total = sum(R for R, _ in shapes_)
    max_c = max(C for _, C in shapes_)
    avail_w = (max_width or (1400 if big else 800)) - 120
    top_cell = 60 if big else 46
    fit_w = avail_w / (3 * max_c + 2)
    cell_h = float(np.clip(min(fit_w, (700 if big else 520) / rows_px_total), 3, top_cell))
    cell = float(np.clip(min(fit_w, 3 * cell_h), cell_h, top_cell))  # a cell's width: square unless rows are many
    value_size = f["small"] - 2
    show_values = cell >= text_px("-0.00", value_size) + 4 and cell_h >= value_size + 6

    labels = {n: row_labels(n, W[n].shape, gates, classes) for n in NAMES}
    cols_of = {
        "W_xh": [str(v) for v in input_labels] if input_labels is not None and len(input_labels) == W["W_xh"].shape[1]
        else [str(c + 1) for c in range(W["W_xh"].shape[1])],
        "W_hh": [str(c + 1) for c in range(W["W_hh"].shape[1])],
        "W_hy": [str(c + 1) for c in range(W["W_hy"].shape[1])],
    }
    left = max(text_px(shorten(s, MAX_TICK_CHARS), f["small"]) for n in NAMES for s in labels[n]) + 16
    gap_x = max(36.0, 2.2 * f["small"] + 12)
    panel_w = max_c * cell
    slot_w = max(panel_w, text_px("ΔW ×10⁻² of the last", f["label"]), 150.0)
    col_x0 = [left + j * (slot_w + gap_x) for j in range(3)]
    header_h = 2 * 1.35 * f["label"] + 10  # column titles, two lines
    title_h = 1.5 * f["label"] + 4  # the matrix name over each row
    tick_h = 1.5 * f["small"] + 2  # column ticks on top of each panel
    gap_y = 14.0
    bar_h = 3.6 * f["small"] + 24  # horizontal colour bars under the grid
    row_y0, y = [], header_h
    for R, _ in shapes_:
        y += title_h + tick_h
        row_y0.append(y)
        y += R * cell_h + gap_y
    width = int(col_x0[2] + slot_w + 16)
    height = int(y + bar_h)

    def xdom(j: int, C: int) -> list[float]:
        return [col_x0[j] / width, (col_x0[j] + C * cell) / width]

    def ydom(i: int, R: int) -> list[float]:
        top = row_y0[i]
        return [1 - (top + R * cell_h) / height, 1 - top / height]

    columns = [("W", W), ("ΔW", D), ("dW", G)]
    zmax = [_zmax(M) if M is not None else 1.0 for _, M in columns]
    expo = [0] + [power_of_ten(z) if M is not None else 0 for z, (_, M) in zip(zmax[1:], columns[1:], strict=True)]
    titles = [
        f"<b>W</b> after step {step}<br><span style='font-size:{f['small']}px'>the weights now</span>",
        "<b>ΔW</b> of the last step<br><span style='font-size:{s}px'>W after − W before</span>",
        f"<b>dL/dW</b>{' clipped' if clipped else ''}<br><span style='font-size:{{s}}px'>the gradient behind ΔW</span>",
    ]
    titles = [t.replace("{s}", str(f["small"])) for t in titles]
    for j in (1, 2):
        if expo[j]:
            titles[j] = titles[j].replace("</b>", f"</b> ×10{str(expo[j]).translate(SUPERSCRIPT)}", 1)

    data, shapes, annotations, layout = [], [], [], {}
    k = 0
    for i, n in enumerate(NAMES):
        R, C = W[n].shape
        annotations.append({
            "name": f"row-title-{n}", "text": f"<b style='color:{colors.MATRIX[n]}'>{n}</b>  {R} x {C}",
            "xref": "paper", "yref": "paper", "x": col_x0[0] / width, "y": 1 - (row_y0[i] - tick_h) / height,
            "xanchor": "left", "yanchor": "bottom", "showarrow": False, "yshift": 2,
            "font": {"size": f["label"], "color": colors.TEXT},
        })
        for j, (what, mats) in enumerate(columns):
            k += 1
            ax = "" if k == 1 else str(k)
            xa, ya = f"xaxis{ax}", f"yaxis{ax}"
            rows_s = [shorten(s, MAX_TICK_CHARS) for s in labels[n]]
            cols_s = [shorten(s, MAX_TICK_CHARS) for s in cols_of[n]]
            tickfont = {"size": f["small"], "color": colors.TEXT}
            axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "ticks": "", "showline": False,
                    "tickfont": tickfont}
            xstride = tick_stride(C, cell, max(text_px(s, f["small"]) for s in cols_s) + 4)
            ystride = tick_stride(R, cell_h, 1.2 * f["small"])
            layout[xa] = {**axis, "domain": xdom(j, C), "range": [-0.5, C - 0.5], "side": "top",
                          "anchor": f"y{ax}", "tickmode": "array", "tickvals": list(range(0, C, xstride)),
                          "ticktext": cols_s[::xstride], "tickangle": 0}
            layout[ya] = {**axis, "domain": ydom(i, R), "range": [R - 0.5, -0.5], "anchor": f"x{ax}",
                          "tickmode": "array", "tickvals": list(range(0, R, ystride)),
                          "ticktext": rows_s[::ystride] if j == 0 else [""] * len(range(0, R, ystride))}
            if mats is None:
                if i == 1:
                    annotations.append({
                        "name": f"empty-{what}", "text": "Take a training step<br>to see it",
                        "xref": "paper", "yref": "paper", "x": (col_x0[j] + C * cell / 2) / width,
                        "y": 1 - (row_y0[i] + R * cell_h / 2) / height, "showarrow": False,
                        "font": {"size": f["label"], "color": colors.MUTED},
                    })
                shapes.append({
                    "type": "rect", "name": f"frame-{what}-{n}", "xref": f"x{ax}", "yref": f"y{ax}",
                    "x0": -0.5, "x1": C - 0.5, "y0": -0.5, "y1": R - 0.5,
                    "line": {"color": "#BBBBBB", "width": 1, "dash": "dot"},
                })
                continue
            M = mats[n]
            prefix = {"W": "", "ΔW": "Δ", "dW": "d"}[what]
            hover = [[f"{prefix}{n}[{labels[n][r]}, {cols_of[n][c]}]" for c in range(C)] for r in range(R)]
            trace = {
                "type": "heatmap", "name": f"{what} {n}", "z": M, "x": list(range(C)), "y": list(range(R)),
                "xaxis": f"x{ax}", "yaxis": f"y{ax}", "coloraxis": f"coloraxis{'' if j == 0 else j + 1}",
                "customdata": hover, "hovertemplate": "%{customdata} = %{z:.6g}<extra></extra>",
                "hoverongaps": False, "xgap": 1 if cell >= 8 else 0, "ygap": 1 if cell_h >= 8 else 0,
            }
            if show_values:
                trace["text"] = [[_fmt(v, expo[j]) for v in row] for row in M]
                trace["texttemplate"] = "%{text}"
                trace["textfont"] = {"size": value_size}
            data.append(trace)
            if len(gates) > 1 and n != "W_hy" and R % len(gates) == 0:
                H = R // len(gates)
                for b in range(1, len(gates)):
                    shapes.append({
                        "type": "line", "name": f"gate-{n}-{what}-{b}", "xref": f"x{ax}", "yref": f"y{ax}",
                        "x0": -0.5, "x1": C - 0.5, "y0": b * H - 0.5, "y1": b * H - 0.5,
                        "line": {"color": colors.TEXT, "width": 2 if big else 1.5},
                    })
    for j, (what, mats) in enumerate(columns):
        annotations.append({
            "name": f"column-{what}", "text": titles[j], "xref": "paper", "yref": "paper",
            "x": col_x0[j] / width, "y": 1 - 4 / height, "xanchor": "left", "yanchor": "top", "showarrow": False,
            "align": "left", "font": {"size": f["label"], "color": colors.TEXT},
        })
        ca = "coloraxis" if j == 0 else f"coloraxis{j + 1}"
        z, e = zmax[j], expo[j]
        ticks = [-z, -z / 2, 0.0, z / 2, z] if slot_w >= 200 else [-z, 0.0, z]
        layout[ca] = {
            "colorscale": colors.DIVERGING, "cmin": -z, "cmax": z, "cmid": 0.0, "showscale": mats is not None,
            "colorbar": {
                "orientation": "h", "x": (col_x0[j] + slot_w / 2) / width, "xanchor": "center",
                "y": (bar_h - 4) / height, "yanchor": "top", "yref": "paper",
                "len": (slot_w - 10) / width, "lenmode": "fraction", "thickness": 16 if big else 12,
                "tickvals": ticks, "ticktext": [f"{v / 10.0**e:.2g}" for v in ticks],
                "tickfont": {"size": f["small"], "color": colors.TEXT}, "ticks": "outside",
                "outlinewidth": 1, "outlinecolor": colors.BOX_LINE,
                "title": {"text": {"W": "weight", "ΔW": "change", "dW": "gradient"}[what]
                          + (f" (×10{str(e).translate(SUPERSCRIPT)})" if e else ""),
                          "side": "bottom", "font": {"size": f["small"], "color": colors.TEXT}},
            },
        }
    layout.update({
        "width": width, "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0, "autoexpand": False},
        "shapes": shapes, "annotations": annotations,
    })
    return base.figure(data, layout, big)
