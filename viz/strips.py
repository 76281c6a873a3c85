"""A state over time as strips: each step's vector a narrow column of cells, unit 1 on top, with gaps between the
columns, on the diverging scale. The unrolled diagram draws h_t and c_t this way, the window diagram a_t.

Rows lo..hi-1 of a state ``M`` (n, H) make one heatmap: row j is drawn at x = j + x_first, between the x edges
x - hw and x + hw, and NaN columns fill the gaps between steps; its cells read ``{var}_{x + 1}[unit u]``.
"""

from __future__ import annotations

import numpy as np

from viz import base, colors


def heatmap(
    M: np.ndarray, lo: int, hi: int, *, x_first: int, hw: float, y: tuple, var: str, zmax: float, ygap: int, **extra
) -> dict:
    """Rows lo..hi-1 of ``M`` as strips spanning ``y`` = (y0, y1), on the colour range [-zmax, zmax]; ``extra``
    (name, opacity, showscale, colorbar ...) is added to the trace."""
    H = M.shape[1]
    n = hi - lo
    ncol = 2 * n - 1
    centres = np.arange(lo + x_first, hi + x_first, dtype=float)
    x_edges = np.empty(2 * n)
    x_edges[0::2] = centres - hw
    x_edges[1::2] = centres + hw
    z = np.full((H, ncol), np.nan)
    z[:, 0::2] = M[lo:hi].T[::-1]
    step = np.full((H, ncol), np.nan)
    step[:, 0::2] = centres[None, :]  # the 0-based step of each cell (-1: h_0)
    text = [[""] * ncol for _ in range(H)]
    for r in range(H):
        line, u = text[r], H - r
        for k, j in enumerate(range(lo, hi)):
            line[2 * k] = f"{var}_{j + x_first + 1}[unit {u}]"
    return {
        "type": "heatmap",
        "x": x_edges,
        "y": np.linspace(y[0], y[1], H + 1),
        "z": z,
        "text": text,
        "customdata": step,
        "colorscale": colors.DIVERGING,
        "zmin": -zmax,
        "zmax": zmax,
        "hoverongaps": False,
        "hovertemplate": "%{text} = %{z:.6f}<extra></extra>",
        "xgap": 0,
        "ygap": ygap,
        **extra,
    }


def frame(name: str, x: float, hw: float, y: tuple, big: bool, opacity: float) -> dict:
    """The thin outline of the strip at ``x`` (the heatmap draws none of its own)."""
    line = {"color": colors.BOX_LINE, "width": base.line_width(big, 1.2)}
    return {
        "type": "rect",
        "name": name,
        "layer": "above",
        "x0": x - hw,
        "x1": x + hw,
        "y0": y[0],
        "y1": y[1],
        "line": line,
        "opacity": opacity,
    }


def colorbar(title: str, ticks: list, length: float, y: float, big: bool) -> dict:
    """The strips' colour bar, right of the plot: ``length`` long and centred at ``y`` (fractions of its height)."""
    place = {"len": length, "lenmode": "fraction", "y": y, "yanchor": "middle", "x": 1.0, "xanchor": "left", "xpad": 10}
    return base.colorbar(title, ticks, big, **place)
