"""Backpropagation through time, one step at a time, on the unrolled diagram.

The backward pass starts at the loss and runs from the last time step to the first: after ``reached`` steps
of it, dL/dh_t is known for the last ``reached`` steps only. This draws :func:`viz.unrolled.unrolled_figure`
with the whole gradient overlay (``grad=``, so the log scale is fixed and nothing rescales while stepping),
then keeps the bars and backward arrows of the steps reached so far, frames the newest one, prints its value,
and says "not reached yet" in the hover of the rest.

Element names are the diagram's (``grad-bar-{i}``, ``grad-arrow-{i}``, ``header-{i}``, ...), plus
``backward-highlight`` and ``backward-value``.
"""

from __future__ import annotations

import plotly.graph_objects as go

from viz import base, colors
from viz.unrolled import unrolled_figure


def _index(name: str | None, prefix: str) -> int | None:
    if not name or not name.startswith(prefix):
        return None
    rest = name[len(prefix) :]
    return int(rest) if rest.isdigit() else None


def backward_figure(
    h,
    x_labels,
    y_labels,
    dh_norm,
    reached: int,
    *,
    y_probs=None,
    cell: str = "rnn",
    big: bool = False,
    title: str | None = None,
    h0=None,
    c=None,
    c0=None,
) -> go.Figure:
    """The unrolled diagram after ``reached`` steps of the backward pass (1: only dL/dh_T; T: all of them).

    h, x_labels, y_labels, y_probs, cell, h0, c, c0: as for :func:`unrolled_figure` (every forward step is known).
    dh_norm: (T,) ||dL/dh_t|| for t = 1..T (the full backward pass; only the reached part is drawn).
    """
    T = len(list(x_labels))
    k = int(min(max(int(reached), 1), max(T, 1)))
    cur = T - k  # 0-based step the backward pass has just reached
    fig = unrolled_figure(
        h, None, x_labels, y_labels, h0=h0, y_probs=y_probs, grad=dh_norm, big=big, title=title, cell=cell, c=c, c0=c0
    )
    spec = fig.to_dict()
    data, layout = spec["data"], spec["layout"]

    def arrow_kept(i: int) -> bool:  # the arrow from h_i back into h_{i-1} has delivered once h_{i-1} is reached
        return i - 1 >= cur or (k == T and i == 0)

    shapes, bar_top = [], None
    for s in layout.get("shapes", []):
        i = _index(s.get("name"), "grad-bar-")
        if i is not None and i < cur:
            continue
        if i == cur:
            bar_top = s["y1"]
        shapes.append(s)
    annotations, has_value = [], False
    for a in layout.get("annotations", []):
        name = a.get("name")
        i = _index(name, "grad-value-")
        if i is not None and i < cur:
            continue
        has_value |= i == cur
        i = _index(name, "grad-arrow-")
        if i is not None and not arrow_kept(i):
            continue
        i = _index(name, "header-")
        if i == cur:
            a = {
                **a,
                "text": f"<b>{a['text']}</b>",
                "font": {**a.get("font", {}), "size": a.get("font", {}).get("size", 14) * 1.1},
            }
        annotations.append(a)
    f = colors.fonts(big)
    if not has_value and bar_top is not None:
        annotations.append(
            base.label(
                "backward-value",
                cur,
                bar_top + 2,
                f"<b>{float(dh_norm[cur]):.1e}</b>",
                xanchor="center",
                yanchor="bottom",
                font={"size": f["small"], "color": colors.TEXT},
                bgcolor="rgba(255,255,255,0.85)",
            )
        )
    baseline = next((s for s in shapes if s.get("name") == "grad-baseline"), None)
    y_top = layout["yaxis"]["range"][1]
    shapes.insert(
        0,
        {
            "type": "rect",
            "name": "backward-highlight",
            "layer": "below",
            "x0": cur - 0.47,
            "x1": cur + 0.47,
            "y0": (baseline["y0"] if baseline else 0) - 3,
            "y1": y_top,
            "xref": "x",
            "yref": "y",
            "fillcolor": colors.HIGHLIGHT_FILL,
            "line": {"color": colors.HIGHLIGHT, "width": 3 if big else 2},
        },
    )
    for tr in data:
        if tr.get("name") == "|dL/dh_t|":
            tr["hovertext"] = [
                txt if i >= cur else f"dL/dh_{i + 1}: not reached yet (the backward pass runs from t={T} back to t=1)"
                for i, txt in enumerate(tr["hovertext"])
            ]
    layout["shapes"], layout["annotations"] = shapes, annotations
    return base.figure(data, layout, big)
