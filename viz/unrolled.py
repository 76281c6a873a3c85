"""The lecture's "RNN: Unrolling the Process" slide as a plotly figure.

One column per time step. Bottom: the input token x_t in a box. Middle: the hidden state h_t as a
vertical strip of H cells coloured by value (blue negative, white 0, red positive, fixed range -1..1
because tanh is bounded). Top: the output y_t where there is one. Arrows x_t -> h_t (``W_xh``),
h_{t-1} -> h_t (``W_hh``, from an h_0 box on the left) and h_t -> y_t (``W_hy``) keep one colour per
matrix at every step, because they are the same matrices at every step.

Time indices: ``t`` and everything passed per step are 0-based array indices (``h[t]`` is the state
after reading ``x_labels[t]``); people read 1-based steps, so column ``t`` is headed "t={t+1}" and its
state is called h_{t+1}, with h_0 the initial state.

Element names (``name`` on shapes and annotations, handy for tests and pages): ``header-{i}``,
``x-box-{i}``, ``x-label-{i}``, ``y-box-{i}``, ``y-label-{i}``, ``y-prob-{i}``, ``strip-{i}`` (``strip-h0``),
``W_xh-{i}``, ``W_hh-{i}``, ``W_hy-{i}`` (arrows into step i), ``W_xh-label-{i}`` etc., ``grad-bar-{i}``,
``grad-arrow-{i}`` (from h at step i back to step i-1), ``feedback-{i}`` (y at step i to x at i+1),
``highlight``, ``caption``, ``row-x``/``row-h``/``row-y``/``row-grad``.

Gradient encoding (``grad``, the magnitudes ||dL/dh_t||): log scale. With D = log10(g_max / g_min)
over the non-zero values, clipped to 1..6 decades, norm = 0.08 + 0.92 * (log10 g - (log10 g_max - D)) / D,
clipped to [0.08, 1], and 0 for g = 0. A bar under each step has height proportional to norm, and a
dark arrow from h_t back to h_{t-1} has width 0.5 + norm * (8 px, or 11 px in projector mode). Exact
values are in the hover (and printed above the bars when they fit). Log scale because vanishing
gradients shrink geometrically: a linear scale would show one bar and nothing else.

Hit-testing: the two heatmap traces (``h_t`` and ``h_t (future)``) carry ``customdata`` = the 0-based
step of each cell (-1 for h_0, NaN in the gaps), and so do the invisible hover markers on the
token boxes (traces ``x_t``, ``y_t``, ``|dL/dh_t|``), so a click can select a step.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from rnn_core.params import ARCH_SHORT
from viz import base, colors
from viz.text import as_label, shorten, text_px
from viz.unrolled_geometry import FUTURE_OPACITY, ROW_LABELS, Geometry, geometry

CELL_NOTES = {
    "lstm": "LSTM: each W holds 4 gate blocks (i, f, g, o); the arrow carries h_t and the cell state c_t",
    "gru": "GRU: each W holds 3 gate blocks (r, z, n)",
}
GRAD_DECADES = 6.0  # the log scale spans at most this many decades below the largest gradient
GRAD_FLOOR = 0.08  # the smallest non-zero gradient still gets this much of the full bar
MATRIX_HOVER = {
    "W_xh": "W_xh: input to hidden, the same matrix at every step",
    "W_hh": "W_hh: hidden to hidden (the recurrence), the same matrix at every step",
    "W_hy": "W_hy: hidden to output, the same matrix at every step",
}


def unrolled_figure(
    h,
    t: int | None,
    x_labels,
    y_labels=None,
    *,
    h0=None,
    y_probs=None,
    grad=None,
    feedback: bool = False,
    big: bool = False,
    title: str | None = None,
    cell: str = "rnn",
    width: int | None = None,
) -> go.Figure:
    """The unrolled RNN over ``T`` steps, with step ``t`` highlighted.

    h:        (T, H) hidden states h_1..h_T (a 1-D array is read as H = 1).
    t:        current step, 0-based; steps after it are faded. Clamped into 0..T-1; None shows every
              step solid with no highlight (a finished sequence, e.g. for the gradient view).
    x_labels: T input tokens as people read them ("h", "Toulouse", 0.5).
    y_labels: T outputs (e.g. the predicted next character); None entries get no output box, so a
              many-to-one model passes ``[None] * (T - 1) + ["French"]``. None: no output row at all.
    h0:       (H,) initial state; None means zeros.
    y_probs:  T probabilities of the y labels, printed under them (None entries skipped).
    grad:     (T,) non-negative ||dL/dh_t||: adds bars under the steps and backward arrows (see module doc).
    feedback: draw the test-time sampling loop, a dashed arrow from each y_t to x_{t+1}.
    big:      projector mode: larger fonts, thicker arrows.
    cell:     "rnn", "lstm" or "gru" (anything else is drawn as "rnn"): named in the caption with its gate blocks.
    width:    fix the figure width in px (else the page stretches it; text is fitted for ~1100 px,
              or ~1800 px when ``big``).
    """
    h = base.as_2d(h, "h (T, H)")
    T, H = h.shape
    xs = _per_step("x_labels", x_labels, T)
    x_text = [as_label(v) for v in xs]
    ys = None if y_labels is None else _per_step("y_labels", y_labels, T)
    y_text = None if ys is None else [None if v is None else as_label(v) for v in ys]
    probs = None if y_probs is None else _per_step("y_probs", y_probs, T)
    h0 = np.zeros(H) if h0 is None else np.asarray(h0, dtype=float).reshape(-1)
    if h0.shape != (H,):
        raise ValueError(f"h0 should have shape ({H},), got {h0.shape}")
    g = None if grad is None else np.asarray(grad, dtype=float).reshape(-1)
    if g is not None and g.shape != (T,):
        raise ValueError(f"grad should have shape ({T},), got {g.shape}")
    if t is not None:
        t = int(min(max(int(t), 0), T - 1))
    cell = cell if cell in ARCH_SHORT else "rnn"

    caption_lines = 1 + (cell in CELL_NOTES) + bool(feedback or g is not None)
    geo = geometry(
        T,
        H,
        x_text,
        y_text,
        probs=probs is not None,
        grad=g is not None,
        big=big,
        title_px=base.title_space(title, big),
        width=width,
        caption_lines=caption_lines,
    )
    future = [t is not None and i > t for i in range(T)]
    shapes, annotations, data = [], [], []
    data += _strip_traces(h, h0, t, geo)
    shapes += _strips(geo, future)
    shapes += _boxes("x", geo.x, x_text, geo, future)
    annotations += _tokens("x", geo.x, x_text, geo, future, t)
    data.append(_hover_markers("x_t", geo.x, [f"x_{i + 1} = {s}" for i, s in enumerate(x_text)], geo))
    if y_text is not None:
        present = [s is not None for s in y_text]
        shapes += _boxes("y", geo.y, y_text, geo, future)
        annotations += _tokens("y", geo.y, y_text, geo, future, t)
        annotations += _probs(probs, y_text, geo, future)
        hover = [
            None if s is None else f"y_{i + 1} = {s}" + _prob_text(probs, i, " (p = {:.1%})")
            for i, s in enumerate(y_text)
        ]
        data.append(_hover_markers("y_t", geo.y, hover, geo))
    else:
        present = [False] * T
    loop = bool(feedback and y_text is not None)
    annotations += _arrows(geo, future, present, t, loop)
    annotations += _headers(geo, future, t)
    annotations += _row_labels(geo, y_text is not None, cell)
    if g is not None:
        shapes_g, ann_g, trace_g = _gradients(g, geo, future, t)
        shapes += shapes_g
        annotations += ann_g
        data.append(trace_g)
    if loop:
        shapes_f, ann_f = _feedback(geo, future, present)
        shapes += shapes_f
        annotations += ann_f
    if t is not None:
        shapes.insert(0, _highlight(geo, t))
    annotations.append(_caption(geo, cell, loop, g is not None, y_text is not None))

    f = colors.fonts(big)
    layout = {
        "height": geo.height,
        "margin": {**geo.margin, "pad": 0, "autoexpand": False},
        "xaxis": base.hidden_axis(geo.x_left, geo.x_right),
        "yaxis": base.hidden_axis(0, geo.plot_h),
        "shapes": shapes,
        "annotations": annotations,
        "title": base.title(title, big),
        "font": {"family": colors.FAMILY, "size": f["base"], "color": colors.TEXT},
    }
    if width:
        layout["width"] = int(width)
    return base.figure(data, layout, big)


def _per_step(name: str, values, T: int) -> list:
    values = list(values)
    if len(values) != T:
        raise ValueError(f"{name} should have one entry per step (T = {T}), got {len(values)}")
    return values


def _prob_text(probs, i: int, fmt: str) -> str:
    if probs is None or probs[i] is None or not np.isfinite(probs[i]):
        return ""
    return fmt.format(float(probs[i]))


def _opacity(is_future: bool) -> float:
    return FUTURE_OPACITY if is_future else 1.0


def _line_w(geo: Geometry, normal: float) -> float:
    return normal * (1.5 if geo.big else 1.0)


# --- the hidden-state strips -------------------------------------------------------------------------


def _strip_traces(h: np.ndarray, h0: np.ndarray, t: int | None, geo: Geometry) -> list[dict]:
    """Two heatmaps: past and current states solid, future states faded (omitted when there are none)."""
    M = np.vstack([h0[None, :], h])  # (T+1, H): column j is h_j, j = 0 the initial state
    cut = len(M) if t is None else t + 2  # h_0 .. h_{t+1} are known at step t
    traces = [_strip_heatmap(M, 0, cut, geo, name="h_t", showscale=True, colorbar=_colorbar(geo))]
    if cut < len(M):
        traces.append(_strip_heatmap(M, cut, len(M), geo, name="h_t (future)", showscale=False, opacity=FUTURE_OPACITY))
    return traces


def _strip_heatmap(M: np.ndarray, a: int, b: int, geo: Geometry, **extra) -> dict:
    """Columns a..b-1 of ``M`` (h_a .. h_{b-1}) as one heatmap: a strip per column, NaN gaps between.

    ``x`` holds brick edges (one more than columns), so the strips are narrower than the columns;
    row 0 is the bottom of the strip, so unit H sits at the bottom and unit 1 on top.
    """
    H = M.shape[1]
    n = b - a
    ncol = 2 * n - 1
    centres = np.arange(a - 1, b - 1, dtype=float)  # h_j is drawn at x = j - 1
    x_edges = np.empty(2 * n)
    x_edges[0::2] = centres - geo.strip_hw
    x_edges[1::2] = centres + geo.strip_hw
    z = np.full((H, ncol), np.nan)
    z[:, 0::2] = M[a:b].T[::-1]
    step = np.full((H, ncol), np.nan)
    step[:, 0::2] = centres[None, :]  # the 0-based step of each cell, -1 for h_0
    text = [[""] * ncol for _ in range(H)]
    for r in range(H):
        row, u = text[r], H - r
        for k, j in enumerate(range(a, b)):
            row[2 * k] = f"h_{j}[unit {u}]"
    return {
        "type": "heatmap",
        "x": x_edges,
        "y": np.linspace(geo.strip.y0, geo.strip.y1, H + 1),
        "z": z,
        "text": text,
        "customdata": step,
        "colorscale": colors.DIVERGING,
        "zmin": -1.0,
        "zmax": 1.0,
        "hoverongaps": False,
        "hovertemplate": "%{text} = %{z:.6f}<extra></extra>",
        "xgap": 0,
        "ygap": geo.ygap,
        **extra,
    }


def _colorbar(geo: Geometry) -> dict:
    f = colors.fonts(geo.big)
    return {
        "title": {"text": "h_t", "side": "top", "font": {"size": f["small"], "color": colors.TEXT}},
        "tickvals": [-1, -0.5, 0, 0.5, 1],
        "ticktext": ["-1", "-0.5", "0", "0.5", "1"],
        "tickfont": {"size": f["small"], "color": colors.TEXT},
        "thickness": 18 if geo.big else 14,
        "len": max(0.45, geo.strip.h / geo.plot_h),
        "lenmode": "fraction",
        "y": geo.strip.mid / geo.plot_h,
        "yanchor": "middle",
        "x": 1.0,
        "xanchor": "left",
        "xpad": 10,
        "outlinewidth": 1,
        "outlinecolor": colors.BOX_LINE,
        "ticks": "outside",
    }


def _strips(geo: Geometry, future: list[bool]) -> list[dict]:
    """A thin frame around every strip (the heatmap has no outline of its own)."""
    out = []
    for j in range(-1, geo.T):
        out.append(
            {
                "type": "rect",
                "name": "strip-h0" if j < 0 else f"strip-{j}",
                "layer": "above",
                "x0": j - geo.strip_hw,
                "x1": j + geo.strip_hw,
                "y0": geo.strip.y0,
                "y1": geo.strip.y1,
                "line": {"color": colors.BOX_LINE, "width": _line_w(geo, 1.2)},
                "opacity": _opacity(j >= 0 and future[j]),
            }
        )
    return out


# --- token boxes -------------------------------------------------------------------------------------


def _span(kind: str, i: int, geo: Geometry) -> tuple[float, float]:
    """Left and right edge of the token box of step i (output boxes may be wider, see ``output_spans``)."""
    if kind == "y":
        return geo.y_spans[i]
    return i - geo.box_hw, i + geo.box_hw


def _boxes(kind: str, row, labels: list, geo: Geometry, future: list[bool]) -> list[dict]:
    return [
        {
            "type": "rect",
            "name": f"{kind}-box-{i}",
            "layer": "below",
            "x0": _span(kind, i, geo)[0],
            "x1": _span(kind, i, geo)[1],
            "y0": row.y0,
            "y1": row.y1,
            "fillcolor": colors.BOX_FILL,
            "line": {"color": colors.BOX_LINE, "width": _line_w(geo, 1.5)},
            "opacity": _opacity(future[i]),
        }
        for i, s in enumerate(labels)
        if s is not None
    ]


def _tokens(kind: str, row, labels: list, geo: Geometry, future: list[bool], t: int | None) -> list[dict]:
    style = geo.x_tokens if kind == "x" else geo.y_tokens
    y = row.mid
    if kind == "y" and geo.prob_line:
        y = row.y0 + (row.h + 1.3 * colors.fonts(geo.big)["small"]) / 2
    out = []
    for i, s in enumerate(labels):
        if s is None:
            continue
        text = shorten(s, style.max_chars).replace("<", "&lt;")
        if i == t:
            text = f"<b>{text}</b>"
        out.append(
            {
                "name": f"{kind}-label-{i}",
                "x": sum(_span(kind, i, geo)) / 2,
                "y": y,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "textangle": style.angle,
                "xanchor": "center",
                "yanchor": "middle",
                "font": {"size": style.size, "color": colors.TEXT},
                "opacity": _opacity(future[i]),
                "hovertext": f"{kind}_{i + 1} = {s}",
            }
        )
    return out


def _probs(probs, labels, geo: Geometry, future: list[bool]) -> list[dict]:
    if probs is None or not geo.prob_line:
        return []
    size = colors.fonts(geo.big)["small"]
    out = []
    for i, s in enumerate(labels):
        text = _prob_text(probs, i, "{:.0%}")
        if s is None or not text:
            continue
        p = float(probs[i])
        text = "<1%" if 0 < p < 0.005 else text
        out.append(
            {
                "name": f"y-prob-{i}",
                "x": sum(_span("y", i, geo)) / 2,
                "y": geo.y.y0 + 3,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "xanchor": "center",
                "yanchor": "bottom",
                "font": {"size": size, "color": colors.MUTED},
                "opacity": _opacity(future[i]),
            }
        )
    return out


def _hover_markers(name: str, row, hovertext: list, geo: Geometry) -> dict:
    """Invisible markers over the boxes: the full token on hover and the step in customdata."""
    idx = [i for i, s in enumerate(hovertext) if s is not None]
    kind = name[0]
    size = max(6.0, min(2 * geo.box_hw * geo.col_px, row.h))
    return {
        "type": "scatter",
        "name": name,
        "mode": "markers",
        "x": [sum(_span(kind, i, geo)) / 2 for i in idx],
        "y": [row.mid] * len(idx),
        "customdata": idx,
        "hovertext": [hovertext[i] for i in idx],
        "hoverinfo": "text",
        "marker": {"size": size, "symbol": "square", "color": "rgba(0,0,0,0)", "opacity": 0},
    }


# --- arrows ------------------------------------------------------------------------------------------


def _arrow(name: str, x0: float, y0: float, x1: float, y1: float, color: str, width: float, opacity: float) -> dict:
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
        "arrowsize": 1.1,
        "arrowwidth": width,
        "arrowcolor": color,
        "opacity": opacity,
        "standoff": 0,
        "startstandoff": 0,
    }


def _w_label(name: str, x: float, y: float, text: str, geo: Geometry, opacity: float, **pos) -> dict:
    f = colors.fonts(geo.big)
    return {
        "name": name,
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        "text": f"<b>{text}</b>",
        "showarrow": False,
        "font": {"size": f["small"], "color": colors.MATRIX[text]},
        "opacity": opacity,
        "hovertext": MATRIX_HOVER[text],
        "bgcolor": "rgba(255,255,255,0.85)",
        **pos,
    }


def _arrows(geo: Geometry, future: list[bool], present: list[bool], t: int | None, feedback: bool) -> list[dict]:
    """W_xh up into every strip, W_hh along from the previous strip (or h_0), W_hy up to each output."""
    aw = _line_w(geo, 2.2)
    pad = 3.0
    # Dense diagrams label only the current step (with no current step, the coloured caption is the legend).
    labelled = set(range(geo.T)) if geo.w_labels_everywhere else (set() if t is None else {t})
    forward_y = geo.strip.mid + (geo.strip.h * 0.18 if geo.grad is not None else 0)
    gap_x = min(0.06, 4 / geo.col_px)
    out = []
    for i in range(geo.T):
        op = _opacity(future[i])
        out.append(_arrow(f"W_xh-{i}", i, geo.x.y1 + pad, i, geo.strip.y0 - pad, colors.MATRIX["W_xh"], aw, op))
        out.append(
            _arrow(
                f"W_hh-{i}",
                i - 1 + geo.strip_hw + gap_x,
                forward_y,
                i - geo.strip_hw - gap_x,
                forward_y,
                colors.MATRIX["W_hh"],
                aw,
                op,
            )
        )
        if present[i]:
            out.append(_arrow(f"W_hy-{i}", i, geo.strip.y1 + pad, i, geo.y.y0 - pad, colors.MATRIX["W_hy"], aw, op))
        if i in labelled:
            # beside the vertical arrows, on the right unless that would run into the colour bar
            side = {"xanchor": "left", "xshift": 4}
            if i == geo.T - 1 and geo.col_px / 2 < text_px("W_xh", colors.fonts(geo.big)["small"]) + 10:
                side = {"xanchor": "right", "xshift": -4}
            mid_low = (geo.x.y1 + geo.strip.y0) / 2
            out.append(_w_label(f"W_xh-label-{i}", i, mid_low, "W_xh", geo, op, yanchor="middle", **side))
            if feedback:  # the sampling loop runs down the middle of the gap: keep the label clear of it
                hh_x, hh = i - 1 + geo.strip_hw + gap_x, {"xanchor": "left", "xshift": 2}
            else:
                hh_x, hh = i - 0.5, {"xanchor": "center"}
            out.append(_w_label(f"W_hh-label-{i}", hh_x, forward_y, "W_hh", geo, op, yanchor="bottom", yshift=3, **hh))
            if present[i]:
                mid_high = (geo.strip.y1 + geo.y.y0) / 2
                out.append(_w_label(f"W_hy-label-{i}", i, mid_high, "W_hy", geo, op, yanchor="middle", **side))
    return out


# --- headers, row labels, highlight, caption ---------------------------------------------------------


def _headers(geo: Geometry, future: list[bool], t: int | None) -> list[dict]:
    out = []
    for i in range(geo.T):
        text = f"t={i + 1}"
        out.append(
            {
                "name": f"header-{i}",
                "x": i,
                "y": geo.header.y0 + 2,
                "xref": "x",
                "yref": "y",
                "text": f"<b>{text}</b>" if i == t else text,
                "showarrow": False,
                "textangle": geo.header_angle,
                "xanchor": "center",
                "yanchor": "bottom",
                "font": {"size": geo.header_size * (1.1 if i == t else 1.0), "color": colors.TEXT},
                "opacity": _opacity(future[i]),
            }
        )
    return out


def _row_labels(geo: Geometry, has_y: bool, cell: str) -> list[dict]:
    f = colors.fonts(geo.big)
    rows = [
        ("x", geo.x.mid, "x_t: the input at step t"),
        ("h", geo.strip.mid, f"h_t: the hidden state of the {ARCH_SHORT[cell]}, one cell per unit (unit 1 on top)"),
    ]
    if has_y:
        rows.append(("y", geo.y.mid, "y_t: the output at step t"))
    if geo.grad is not None:
        rows.append(("grad", geo.grad.mid, "|dL/dh_t|: how much the loss depends on h_t (log scale)"))
    out = [
        {
            "name": f"row-{k}",
            "x": -1.5,
            "y": y,
            "xref": "x",
            "yref": "y",
            "text": f"<b>{ROW_LABELS[k]}</b>",
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "middle",
            "xshift": -4,
            "font": {"size": f["label"], "color": colors.TEXT},
            "hovertext": hover,
        }
        for k, y, hover in rows
    ]
    out.append(
        {
            "name": "h0-label",
            "x": -1,
            "y": geo.strip.y1 + 3,
            "xref": "x",
            "yref": "y",
            "text": "h_0",
            "showarrow": False,
            "xanchor": "center",
            "yanchor": "bottom",
            "font": {"size": f["small"], "color": colors.TEXT},
            "hovertext": "h_0: the state before the first input",
        }
    )
    return out


def _highlight(geo: Geometry, t: int) -> dict:
    bottom = (geo.grad.y0 if geo.grad is not None else geo.x.y0) - 3
    inset = min(0.04, 2 / geo.col_px)
    return {
        "type": "rect",
        "name": "highlight",
        "layer": "below",
        "x0": t - 0.5 + inset,
        "x1": t + 0.5 - inset,
        "y0": bottom,
        "y1": geo.header.y1,
        "fillcolor": colors.HIGHLIGHT_FILL,
        "line": {"color": colors.HIGHLIGHT, "width": _line_w(geo, 2.5)},
    }


def _coloured(name: str) -> str:
    return f"<span style='color:{colors.MATRIX[name]}'><b>{name}</b></span>"


def _caption(geo: Geometry, cell: str, feedback: bool, grad: bool, has_y: bool) -> dict:
    names = ["W_xh", "W_hh"] + (["W_hy"] if has_y else [])
    lines = ["The same " + ", ".join(_coloured(n) for n in names) + " at every step"]
    if cell in CELL_NOTES:
        lines.append(CELL_NOTES[cell])
    extra = []
    if feedback:
        extra.append(
            f"<span style='color:{colors.FEEDBACK}'><b>dashed</b></span>: the sampled y_t is fed back as x_{{t+1}}"
        )
    if grad:
        extra.append("dark arrows and bars: |dL/dh_t| flowing back (log scale)")
    if extra:
        lines.append(";  ".join(extra))
    f = colors.fonts(geo.big)
    return {
        "name": "caption",
        "x": (geo.x_left + geo.x_right) / 2,
        "y": geo.caption.mid,
        "xref": "x",
        "yref": "y",
        "text": "<br>".join(lines),
        "showarrow": False,
        "xanchor": "center",
        "yanchor": "middle",
        "font": {"size": f["small"], "color": colors.TEXT},
    }


# --- options: gradients flowing back, sampling loop ---------------------------------------------------


def grad_norm(g) -> np.ndarray:
    """Log-scaled magnitudes in [0, 1] (see the module doc); zeros (and NaN) map to 0."""
    g = np.nan_to_num(np.abs(np.asarray(g, dtype=float)), nan=0.0, posinf=0.0)
    top = g.max(initial=0.0)
    if top <= 0:
        return np.zeros_like(g)
    decades = float(np.clip(np.log10(top / g[g > 0].min()), 1.0, GRAD_DECADES))
    with np.errstate(divide="ignore"):
        n = (np.log10(g) - (np.log10(top) - decades)) / decades
    return np.where(g > 0, GRAD_FLOOR + (1 - GRAD_FLOOR) * np.clip(n, 0.0, 1.0), 0.0)


def _gradients(g: np.ndarray, geo: Geometry, future: list[bool], t: int | None):
    """Bars under the steps and arrows from h_t back to h_{t-1}, both log-scaled (see the module doc)."""
    norm = grad_norm(g)
    f = colors.fonts(geo.big)
    row = geo.grad
    bar_top = row.y1 - (1.4 * f["small"] if geo.grad_values else 0)
    bar_hw = min(0.3, geo.box_hw)
    shapes, ann = [], []
    back_y = geo.strip.mid - geo.strip.h * 0.18
    max_w = 11.0 if geo.big else 8.0
    gap_x = min(0.06, 4 / geo.col_px)
    for i in range(geo.T):
        op = _opacity(future[i])
        top = row.y0 + max(1.5, norm[i] * (bar_top - row.y0))
        shapes.append(
            {
                "type": "rect",
                "name": f"grad-bar-{i}",
                "x0": i - bar_hw,
                "x1": i + bar_hw,
                "y0": row.y0,
                "y1": top,
                "fillcolor": colors.GRADIENT,
                "line": {"width": 0},
                "opacity": op,
            }
        )
        if geo.grad_values or i == t:
            ann.append(
                {
                    "name": f"grad-value-{i}",
                    "x": i,
                    "y": top + 2,
                    "xref": "x",
                    "yref": "y",
                    "text": f"{g[i]:.1e}",
                    "showarrow": False,
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "font": {"size": f["small"], "color": colors.TEXT},
                    "opacity": op,
                    "bgcolor": "rgba(255,255,255,0.85)",
                }
            )
        width = 0.5 + norm[i] * max_w
        arrow = _arrow(
            f"grad-arrow-{i}",
            i - geo.strip_hw - gap_x,
            back_y,
            i - 1 + geo.strip_hw + gap_x,
            back_y,
            colors.GRADIENT,
            width,
            op,
        )
        # plotly scales the head with the width: keep it modest, and shorter than the arrow itself
        length_px = (1 - 2 * geo.strip_hw - 2 * gap_x) * geo.col_px
        arrow["arrowsize"] = max(0.3, min(max(0.6, 2.6 / width), 0.9 * length_px / (3 * width)))
        ann.append(arrow)
    shapes.append(
        {
            "type": "line",
            "name": "grad-baseline",
            "x0": -0.5,
            "x1": geo.T - 0.5,
            "y0": row.y0,
            "y1": row.y0,
            "line": {"color": colors.MUTED, "width": 1},
        }
    )
    hover = {
        "type": "scatter",
        "name": "|dL/dh_t|",
        "mode": "markers",
        "x": list(range(geo.T)),
        "y": [row.mid] * geo.T,
        "customdata": list(range(geo.T)),
        "hoverinfo": "text",
        "hovertext": [f"|dL/dh_{i + 1}| = {v:.3e}" for i, v in enumerate(g)],
        "marker": {
            "size": max(6.0, min(2 * bar_hw * geo.col_px, row.h)),
            "symbol": "square",
            "color": "rgba(0,0,0,0)",
            "opacity": 0,
        },
    }
    return shapes, ann, hover


def _feedback(geo: Geometry, future: list[bool], present: list[bool]) -> tuple[list[dict], list[dict]]:
    """Dashed S-curves from the right of y_t's box down to the left of x_{t+1}'s box, with an arrowhead."""
    shapes, ann = [], []
    w = _line_w(geo, 2.5)
    tip = 7 / geo.col_px
    for i in range(geo.T - 1):
        if not present[i]:
            continue
        op = _opacity(future[i + 1])
        x0, y0 = geo.y_spans[i][1], geo.y.mid
        x1, y1 = i + 1 - geo.box_hw, geo.x.mid
        xm = i + 0.5
        path = f"M {x0:.4f},{y0:.2f} C {xm:.4f},{y0:.2f} {xm:.4f},{y1:.2f} {x1 - tip:.4f},{y1:.2f}"
        shapes.append(
            {
                "type": "path",
                "name": f"feedback-path-{i}",
                "path": path,
                "layer": "above",
                "line": {"color": colors.FEEDBACK, "width": w, "dash": "dash"},
                "opacity": op,
            }
        )
        ann.append(_arrow(f"feedback-{i}", x1 - tip, y1, x1, y1, colors.FEEDBACK, w, op))
    return shapes, ann
