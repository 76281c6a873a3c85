"""The lecture's "RNN: Unrolling the Process" slide as a plotly figure.

One column per time step. Bottom: the input token x_t in a box. Middle: the hidden state h_t as a
vertical strip of H cells coloured by value (blue negative, white 0, red positive, fixed range -1..1
because tanh is bounded). Top: the output y_t where there is one. Arrows x_t -> h_t (``W_xh``),
h_{t-1} -> h_t (``W_hh``, from an h_0 box on the left) and h_t -> y_t (``W_hy``) keep one colour per
matrix at every step, because they are the same matrices at every step.

LSTM (``c``): a second row of unit columns above h_t holds the cell state c_t (c_0 on the left), on its own
symmetric colour scale (-c_max..c_max, c_max = max |c| rounded up, at least 1: c_t is not squashed into -1..1)
with its own colour bar, joined by thick orange "conveyor belt" arrows c_(t-1) -> c_t, which carry no weight
matrix: c_t = f_t * c_(t-1) + i_t * g_t changes it only elementwise. The W_hy arrow leaves h_t, steps right
past c_t and rises to y_t.

Gates (``gates``, a dict letter -> (T, H)): at the current step only, a band under the x_t boxes, hanging from
the highlighted column, shows each gate as its letter, one cell per unit (unit 1 on the left, the same colours
as h_t: -1 blue .. 0 white .. 1 red; the sigmoid gates run 0..1) and the mean over the units.

Time indices: ``t`` and everything passed per step are 0-based array indices (``h[t]`` is the state
after reading ``x_labels[t]``); people read 1-based steps, so column ``t`` is headed "t={t+1}" and its
state is called h_{t+1}, with h_0 the initial state.

Element names (``name`` on shapes and annotations, handy for tests and pages): ``header-{i}``,
``x-box-{i}``, ``x-label-{i}``, ``y-box-{i}``, ``y-label-{i}``, ``y-prob-{i}``, ``strip-{i}`` (``strip-h0``),
``W_xh-{i}``, ``W_hh-{i}``, ``W_hy-{i}`` (arrows into step i), ``W_xh-label-{i}`` etc., ``grad-bar-{i}``,
``grad-arrow-{i}`` (from h at step i back to step i-1), ``feedback-{i}`` (y at step i to x at i+1),
``highlight``, ``caption``, ``row-x``/``row-h``/``row-y``/``row-grad``; with ``c``: ``c-box-{i}`` (``c-box-c0``),
``c-arrow-{i}`` (c_(i-1) -> c_i, into step i), ``c-label-{i}``, ``W_hy-path-{i}`` (the elbow of W_hy), ``row-c``,
``c0-label``; with ``gates``: ``gate-{letter}`` (the letter), ``gate-{letter}-value`` (the mean),
``gate-{letter}-box`` (frame of its cells ``gate-{letter}-cell-{u}``), ``gates-frame``, ``gates-label``.

Gradient encoding (``grad``, the magnitudes ||dL/dh_t||): log scale. With D = log10(g_max / g_min)
over the non-zero values, clipped to 1..6 decades, norm = 0.08 + 0.92 * (log10 g - (log10 g_max - D)) / D,
clipped to [0.08, 1], and 0 for g = 0. A bar under each step has height proportional to norm, and a
dark arrow from h_t back to h_{t-1} has width 0.5 + norm * (8 px, or 11 px in projector mode). Exact
values are in the hover (and printed above the bars when they fit). Log scale because vanishing
gradients shrink geometrically: a linear scale would show one bar and nothing else.

Hit-testing: the heatmap traces (``h_t`` and ``h_t (future)``, ``c_t`` and ``c_t (future)``) carry
``customdata`` = the 0-based step of each cell (-1 for h_0, NaN in the gaps), and so do the invisible hover
markers on the token boxes (traces ``x_t``, ``y_t``, ``|dL/dh_t|``), so a click can select a step.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz import base, colors, strips
from viz.labels import ARCH_SHORT
from viz.svg import scale_colours
from viz.text import as_label, conceal_after, shorten, text_px
from viz.unrolled_geometry import (
    FUTURE_OPACITY,
    NARROW_PLOT_PX,
    ROW_LABELS,
    Geometry,
    faded,
    geometry,
    plot_width,
)

CELL_NOTES = {
    "lstm": "LSTM: each W holds 4 gate blocks (i, f, g, o); the arrow carries h_t and the cell state c_t",
    "gru": "GRU: each W holds 3 gate blocks (r, z, n)",
}
LSTM_WITH_C = [  # the caption's LSTM note when c_t is drawn: two sentences, each on as few lines as fit
    ["LSTM: each W holds 4 gate blocks (i, f, g, o);", "h_t = o_t * tanh(c_t)"],
    ["<c_t>, the cell state, carries memory", "with only elementwise changes:", "c_t = f_t * c_(t-1) + i_t * g_t"],
]
C_HOVER = (
    "c_(t-1) -> c_t: the LSTM's cell state, its memory. No weight matrix on this path: it changes only "
    "elementwise, c_t = f_t * c_(t-1) + i_t * g_t"
)
GATE_INFO = {
    "i": "input gate, 0..1: how much of the candidate g_t each unit writes into c_t",
    "f": "forget gate, 0..1: how much of c_(t-1) each unit keeps",
    "g": "candidate, -1..1: what could be written into c_t",
    "o": "output gate, 0..1: how much of tanh(c_t) each unit shows in h_t",
    "r": "reset gate, 0..1: how much of h_(t-1) the candidate n_t sees",
    "z": "update gate, 0..1: how much of h_(t-1) each unit keeps",
    "n": "candidate, -1..1: the new value h_t moves towards",
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
    c=None,
    c0=None,
    gates: dict | None = None,
    hide_future: bool = False,
    encoder: str | None = None,
    encoded=None,
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
    width:    fix the figure width in px (else the page stretches it; text is fitted for ~820 px,
              or ~1220 px when ``big``).
    c:        (T, H) LSTM cell states c_1..c_T: adds the c_t row and its conveyor-belt arrows (module doc).
    c0:       (H,) initial cell state; None means zeros (used only with ``c``).
    gates:    {letter: (T, H)} gate values (LSTM i, f, g, o; GRU r, z, n), drawn for step ``t`` only.
    hide_future: predict, then reveal: the steps after ``t`` keep their headers and empty x_t and y_t boxes
              marked "?", and nothing else (no states, arrows or probabilities), so a class can guess them.
    encoder:  the name of an encoder that turns each input into x_t before the cell (e.g. "CNN"): drawn as its own
              block on the way up from every input it reads (``encoder-{i}``, ``encoder-label-{i}``).
    encoded:  T booleans, the steps whose input the encoder reads (default: all).
    """
    h = base.as_2d(h, "h (T, H)")
    T, H = h.shape
    xs = base.per_step("x_labels", x_labels, T)
    x_text = [as_label(v) for v in xs]
    ys = None if y_labels is None else base.per_step("y_labels", y_labels, T)
    y_text = None if ys is None else [None if v is None else as_label(v) for v in ys]
    probs = None if y_probs is None else base.per_step("y_probs", y_probs, T)
    h0 = np.zeros(H) if h0 is None else np.asarray(h0, dtype=float).reshape(-1)
    if h0.shape != (H,):
        raise ValueError(f"h0 should have shape ({H},), got {h0.shape}")
    g = None if grad is None else np.asarray(grad, dtype=float).reshape(-1)
    if g is not None and g.shape != (T,):
        raise ValueError(f"grad should have shape ({T},), got {g.shape}")
    if t is not None:
        t = int(min(max(int(t), 0), T - 1))
    hide = hide_future and t is not None
    if hide:
        x_text, y_text, probs = conceal_after(t, x_text, y_text, probs)
    cell = cell if cell in ARCH_SHORT else "rnn"
    cs, c0 = _cell_states(c, c0, T, H)
    gs = _gates_at(gates, T, H)

    cap_width = plot_width(width, big, cs is not None)
    caption_lines = 1 + bool(feedback or g is not None or encoder)
    caption_lines += len(_lstm_lines(cap_width, big)) if cs is not None else (cell in CELL_NOTES)
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
        cell_state=cs is not None,
        n_gates=len(gs) if gs and t is not None else 0,
    )
    future = [t is not None and i > t for i in range(T)]
    shapes, annotations, data = [], [], []
    data += _strip_traces(h, h0, t, geo)
    shapes += _strips(geo, future)
    if cs is not None:
        data += _c_traces(cs, c0, t, geo)
        shapes += _strips(geo, future, kind="c")
        annotations += _c_arrows(geo, future, t, feedback and y_labels is not None)
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
    enc_top = None
    if encoder:
        reads = [True] * T if encoded is None else [bool(v) for v in base.per_step("encoded", encoded, T)]
        shapes_e, ann_e, enc_top = _encoders(geo, future, reads, encoder)
        shapes += shapes_e
        annotations += ann_e
    starts = None if enc_top is None else [enc_top if r else geo.x.y1 for r in reads]
    annotations += _arrows(geo, future, present, t, loop, enc_top, starts)
    if geo.c is not None:
        shapes += _w_hy_elbows(geo, future, present)
    annotations += _headers(geo, future, t)
    annotations += _row_labels(geo, y_text is not None, cell)
    if geo.gates is not None:
        shapes_g, ann_g = _gates(gs, t, geo)
        shapes += shapes_g
        annotations += ann_g
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
    annotations.append(_caption(geo, cell, loop, g is not None, y_text is not None, cap_width, encoder))
    if hide:
        data, shapes, annotations = _unrevealed_dropped(data, shapes, annotations)

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


KEPT_WHEN_HIDDEN = ("header-", "x-box-", "x-label-", "y-box-", "y-label-")


def _unrevealed_dropped(data: list, shapes: list, annotations: list) -> tuple[list, list, list]:
    """Without what the steps after t show (the faded items, the future states), except their headers and their
    x_t and y_t boxes, which by now say "?"."""

    def kept(item) -> bool:
        name = str(item.get("name", ""))
        return item.get("opacity") != FUTURE_OPACITY or name.startswith(KEPT_WHEN_HIDDEN)

    data = [d for d in data if not str(d.get("name", "")).endswith("(future)")]
    return data, [s for s in shapes if kept(s)], [a for a in annotations if kept(a)]


def _cell_states(c, c0, T: int, H: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    if c is None:
        return None, None
    cs = base.as_2d(c, "c (T, H)")
    if cs.shape != (T, H):
        raise ValueError(f"c should have the shape of h, ({T}, {H}), got {cs.shape}")
    c0 = np.zeros(H) if c0 is None else np.asarray(c0, dtype=float).reshape(-1)
    if c0.shape != (H,):
        raise ValueError(f"c0 should have shape ({H},), got {c0.shape}")
    return cs, c0


def _gates_at(gates, T: int, H: int) -> dict[str, np.ndarray]:
    out = {}
    for name, v in (gates or {}).items():
        a = base.as_2d(v, f"gate {name} (T, H)")
        if a.shape != (T, H):
            raise ValueError(f"gate {name} should have the shape of h, ({T}, {H}), got {a.shape}")
        out[str(name)] = a
    return out


def _prob_text(probs, i: int, fmt: str) -> str:
    if probs is None or probs[i] is None or not np.isfinite(probs[i]):
        return ""
    return fmt.format(float(probs[i]))


# --- the hidden-state strips -------------------------------------------------------------------------


def _strip_traces(h: np.ndarray, h0: np.ndarray, t: int | None, geo: Geometry) -> list[dict]:
    """Two heatmaps: past and current states solid, future states faded (omitted when there are none)."""
    M = np.vstack([h0[None, :], h])  # (T+1, H): column j is h_j, j = 0 the initial state
    cut = len(M) if t is None else t + 2  # h_0 .. h_{t+1} are known at step t
    traces = [_strip_heatmap(M, 0, cut, geo, name="h_t", showscale=True, colorbar=_colorbar(geo))]
    if cut < len(M):
        traces.append(_strip_heatmap(M, cut, len(M), geo, name="h_t (future)", showscale=False, opacity=FUTURE_OPACITY))
    return traces


def _c_traces(c: np.ndarray, c0: np.ndarray, t: int | None, geo: Geometry) -> list[dict]:
    """The cell states as the h_t strips are drawn, in the c row, on their own symmetric scale."""
    M = np.vstack([c0[None, :], c])  # (T+1, H)
    cmax = base.state_bound(M)
    cut = len(M) if t is None else t + 2
    kw = {"row": geo.c, "var": "c", "zmax": cmax}
    bar = _colorbar(geo, geo.c, "c_t", cmax)
    traces = [_strip_heatmap(M, 0, cut, geo, name="c_t", showscale=True, colorbar=bar, **kw)]
    if cut < len(M):
        traces.append(
            _strip_heatmap(M, cut, len(M), geo, name="c_t (future)", showscale=False, opacity=FUTURE_OPACITY, **kw)
        )
    return traces


def _strip_heatmap(
    M: np.ndarray, a: int, b: int, geo: Geometry, row=None, var: str = "h", zmax: float = 1.0, **extra
) -> dict:
    """Rows a..b-1 of ``M`` (h_a .. h_{b-1}, h_j drawn at x = j - 1) as strips (:func:`viz.strips.heatmap`) in
    ``row``, the h_t strip unless given; ``var`` is the state's letter, ``zmax`` its colour range."""
    row = geo.strip if row is None else row
    y = (row.y0, row.y1)
    return strips.heatmap(M, a, b, x_first=-1, hw=geo.strip_hw, y=y, var=var, zmax=zmax, ygap=geo.ygap, **extra)


def _colorbar(geo: Geometry, row=None, title: str = "h_t", zmax: float = 1.0) -> dict:
    """The colour bar beside the h_t strip; with a c_t row, one beside each row (``row``), each its own height."""
    f = colors.fonts(geo.big)
    length = max(0.45, geo.strip.h / geo.plot_h)
    bar = strips.colorbar(title, [-1, -0.5, 0, 0.5, 1], length, geo.strip.mid / geo.plot_h, geo.big)
    if geo.c is None:
        return bar
    row = geo.strip if row is None else row
    ypad, xpad = 2, bar["xpad"]
    length = row.h + (geo.c.y0 - geo.strip.y1) - 4  # the row and half the gap between h_t and c_t on each side
    mid = row.mid
    if geo.big:  # projector mode: its labels need more room; both bars span both rows, c_t's first, h_t's beside
        length, mid = geo.c.y1 - geo.strip.y0, (geo.c.y1 + geo.strip.y0) / 2
        if row is geo.strip:
            xpad += bar["thickness"] + 5 + 3 + text_px("-1.25", f["small"]) + 12  # past c_t's bar and its labels
    title_h = 1.3 * f["small"] + 2
    if text_px(title, f["small"]) > bar["thickness"] + 8:  # viz.svg puts a wide title above the top label
        title_h += f["small"] / 2
    room = length - 2 * ypad - title_h
    ticks = [-zmax, -zmax / 2, 0.0, zmax / 2, zmax]
    if room < 4 * 1.5 * f["small"]:  # too short for five labels
        ticks = ticks[::2] if room >= 2 * 1.3 * f["small"] else [-zmax, zmax]
    return {
        **bar,
        "tickvals": ticks,
        "ticktext": [f"{v:g}" for v in ticks],
        "len": length / geo.plot_h,
        "y": mid / geo.plot_h,
        "ypad": ypad,
        "xpad": xpad,
    }


def _strips(geo: Geometry, future: list[bool], kind: str = "h") -> list[dict]:
    """A thin frame around every strip (the heatmap has no outline of its own); ``kind`` "c": the c_t row's."""
    row = geo.strip if kind == "h" else geo.c
    out = []
    for j in range(-1, geo.T):
        if kind == "h":
            name = "strip-h0" if j < 0 else f"strip-{j}"
        else:
            name = "c-box-c0" if j < 0 else f"c-box-{j}"
        out.append(strips.frame(name, j, geo.strip_hw, (row.y0, row.y1), geo.big, faded(j >= 0 and future[j])))
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
            "line": {"color": colors.BOX_LINE, "width": base.line_width(geo.big, 1.5)},
            "opacity": faded(future[i]),
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
            base.label(
                f"{kind}-label-{i}",
                sum(_span(kind, i, geo)) / 2,
                y,
                text,
                textangle=style.angle,
                xanchor="center",
                yanchor="middle",
                font={"size": style.size, "color": colors.TEXT},
                opacity=faded(future[i]),
                hovertext=f"{kind}_{i + 1} = {s}",
            )
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
            base.label(
                f"y-prob-{i}",
                sum(_span("y", i, geo)) / 2,
                geo.y.y0 + 3,
                text,
                xanchor="center",
                yanchor="bottom",
                font={"size": size, "color": colors.MUTED},
                opacity=faded(future[i]),
            )
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


def _w_label(name: str, x: float, y: float, text: str, geo: Geometry, opacity: float, **pos) -> dict:
    f = colors.fonts(geo.big)
    return base.label(
        name,
        x,
        y,
        f"<b>{text}</b>",
        font={"size": f["small"], "color": colors.MATRIX[text]},
        opacity=opacity,
        hovertext=MATRIX_HOVER[text],
        bgcolor="rgba(255,255,255,0.85)",
        **pos,
    )


def _encoders(geo: Geometry, future: list[bool], reads: list[bool], name: str):
    """The encoder as its own block just above each input it reads, on the way up to h_t (sized in px, centred on
    the W_xh arrow). Returns shapes, annotations and the blocks' top (px)."""
    f = colors.fonts(geo.big)
    h = 1.4 * f["small"] + 4
    y0 = geo.x.y1 + 3
    w = text_px(name, f["small"]) + 12
    fill = {
        "fillcolor": "#D7ECF9",
        "line": {"color": colors.OKABE_ITO["sky_blue"], "width": base.line_width(geo.big, 1.5)},
    }
    shapes, ann = [], []
    for i, on in enumerate(reads):
        if not on:
            continue
        op = faded(future[i])
        rect = dict(type="rect", name=f"encoder-{i}", xsizemode="pixel", xanchor=i, x0=-w / 2, x1=w / 2)
        shapes.append({**rect, "y0": y0, "y1": y0 + h, "layer": "above", "opacity": op, **fill})
        ann.append(
            base.label(
                f"encoder-label-{i}",
                i,
                y0 + h / 2,
                f"<b>{name}</b>",
                font={"size": f["small"], "color": colors.TEXT},
                opacity=op,
                hovertext=f"{name}: the same encoder at every step turns this input into x_{i + 1}",
            )
        )
    return shapes, ann, y0 + h


def _arrows(
    geo: Geometry,
    future: list[bool],
    present: list[bool],
    t: int | None,
    feedback: bool,
    low: float | None = None,
    starts: list[float] | None = None,
) -> list[dict]:
    """W_xh up into every strip, W_hh along from the previous strip (or h_0), W_hy up to each output."""
    aw = base.line_width(geo.big, 2.2)
    pad = 3.0
    # Dense diagrams label only the current step (with no current step, the coloured caption is the legend).
    labelled = set(range(geo.T)) if geo.w_labels_everywhere else (set() if t is None else {t})
    forward_y = geo.strip.mid + (geo.strip.h * 0.18 if geo.grad is not None else 0)
    gap_x = min(0.06, 4 / geo.col_px)
    out = []
    for i in range(geo.T):
        op = faded(future[i])
        start = geo.x.y1 if starts is None else starts[i]  # above the encoder's block where there is one
        out.append(base.arrow(f"W_xh-{i}", i, start + pad, i, geo.strip.y0 - pad, colors.MATRIX["W_xh"], aw, op))
        out.append(
            base.arrow(
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
        if present[i] and geo.c is not None:  # from the elbow beside c_t (see _w_hy_elbows) up to y_t
            xr, y_elbow = _w_hy_elbow(geo, i)
            out.append(base.arrow(f"W_hy-{i}", xr, y_elbow - aw / 2, xr, geo.y.y0 - pad, colors.MATRIX["W_hy"], aw, op))
        elif present[i]:
            out.append(base.arrow(f"W_hy-{i}", i, geo.strip.y1 + pad, i, geo.y.y0 - pad, colors.MATRIX["W_hy"], aw, op))
        if i in labelled:
            # beside the vertical arrows, on the right unless that would run into the colour bar
            side = {"xanchor": "left", "xshift": 4}
            if i == geo.T - 1 and geo.col_px / 2 < text_px("W_xh", colors.fonts(geo.big)["small"]) + 10:
                side = {"xanchor": "right", "xshift": -4}
            mid_low = ((geo.x.y1 if low is None else low) + geo.strip.y0) / 2
            out.append(_w_label(f"W_xh-label-{i}", i, mid_low, "W_xh", geo, op, yanchor="middle", **side))
            if feedback:  # the sampling loop runs down the middle of the gap: keep the label clear of it
                hh_x, hh = i - 1 + geo.strip_hw + gap_x, {"xanchor": "left", "xshift": 2}
            else:
                hh_x, hh = i - 0.5, {"xanchor": "center"}
            out.append(_w_label(f"W_hh-label-{i}", hh_x, forward_y, "W_hh", geo, op, yanchor="bottom", yshift=3, **hh))
            if present[i] and geo.c is not None:  # left of the arrow, over c_t, where nothing else is
                mid_high = (geo.c.y1 + geo.y.y0) / 2
                xr = _w_hy_elbow(geo, i)[0]
                pos = {"yanchor": "middle", "xanchor": "right", "xshift": -4}
                out.append(_w_label(f"W_hy-label-{i}", xr, mid_high, "W_hy", geo, op, **pos))
            elif present[i]:
                mid_high = (geo.strip.y1 + geo.y.y0) / 2
                out.append(_w_label(f"W_hy-label-{i}", i, mid_high, "W_hy", geo, op, yanchor="middle", **side))
    return out


# --- the LSTM's cell state ---------------------------------------------------------------------------


def _w_hy_elbow(geo: Geometry, i: int) -> tuple[float, float]:
    """Where W_hy turns up to y_t when c_t sits above h_t: right of the c_t strip, still under y_t's box."""
    right = min(geo.y_spans[i][1] - i, 0.5) if i in geo.y_spans else geo.box_hw
    return i + (geo.strip_hw + right) / 2, (geo.strip.y1 + geo.c.y0) / 2


def _w_hy_elbows(geo: Geometry, future: list[bool], present: list[bool]) -> list[dict]:
    """W_hy's first leg: up out of h_t into the gap under c_t, then right to where its arrow rises past c_t."""
    out = []
    for i in range(geo.T):
        if not present[i]:
            continue
        xr, y = _w_hy_elbow(geo, i)
        out.append(
            {
                "type": "path",
                "name": f"W_hy-path-{i}",
                "path": f"M {i:.4f},{geo.strip.y1:.2f} L {i:.4f},{y:.2f} L {xr:.4f},{y:.2f}",
                "layer": "above",
                "line": {"color": colors.MATRIX["W_hy"], "width": base.line_width(geo.big, 2.2)},
                "opacity": faded(future[i]),
            }
        )
    return out


def _c_arrows(geo: Geometry, future: list[bool], t: int | None, feedback: bool) -> list[dict]:
    """The conveyor belt: a thick orange arrow c_(i-1) -> c_i into every step (from c_0 on the left), labelled c_t
    where the W labels are (every step, or the current one)."""
    aw = base.line_width(geo.big, 3.6)
    gap_x = min(0.06, 4 / geo.col_px)
    labelled = set(range(geo.T)) if geo.w_labels_everywhere else (set() if t is None else {t})
    f = colors.fonts(geo.big)
    y = geo.c.mid
    out = []
    for i in range(geo.T):
        op = faded(future[i])
        a = base.arrow(
            f"c-arrow-{i}", i - 1 + geo.strip_hw + gap_x, y, i - geo.strip_hw - gap_x, y, colors.CELL_STATE, aw, op
        )
        a["arrowsize"] = 0.8
        a["hovertext"] = C_HOVER
        out.append(a)
        if i in labelled:
            if feedback:  # as W_hh's label: clear of the sampling loop down the middle of the gap
                x, pos = i - 1 + geo.strip_hw + gap_x, {"xanchor": "left", "xshift": 2}
            else:
                x, pos = i - 0.5, {"xanchor": "center"}
            out.append(
                base.label(
                    f"c-label-{i}",
                    x,
                    y,
                    "<b>c_t</b>",
                    yanchor="bottom",
                    yshift=3,
                    font={"size": f["small"], "color": colors.CELL_STATE_TEXT},
                    opacity=op,
                    hovertext=C_HOVER,
                    bgcolor="rgba(255,255,255,0.85)",
                    **pos,
                )
            )
    return out


# --- the gates at the current step -------------------------------------------------------------------


def _gates(gates: dict[str, np.ndarray], t: int, geo: Geometry) -> tuple[list[dict], list[dict]]:
    """Under the highlighted column, per gate: its letter, one cell per unit coloured as h_t is, and the mean.

    Laid out in px from one anchor (``xsizemode`` "pixel" shapes, ``xshift`` text), so the pieces keep their
    spacing however wide the page draws the figure: centred under column t, or flush with the side it would
    otherwise run past on a narrow page.
    """
    gs, row = geo.gate_strip, geo.gates
    f = colors.fonts(geo.big)
    names = list(gates)
    lines = [names[k : k + gs.per_line] for k in range(0, len(names), gs.per_line)]
    # judged as if the page drew the plot only NARROW_PLOT_PX wide, so that it still fits when it does
    narrow = min(1.0, NARROW_PLOT_PX / plot_width(geo.width, geo.big, geo.c is not None))
    half = geo.px_to_cols(gs.width_px / 2 + 6) / narrow
    lo, hi = -1.5 + geo.px_to_cols(4), geo.x_right - geo.px_to_cols(4)  # right of the row labels, inside the plot
    if t - half < lo:
        anchor, start = lo, 6.0
    elif t + half > hi:
        anchor, start = hi, -gs.width_px - 6
    else:
        anchor, start = float(t), -gs.width_px / 2

    def rect(name: str, x0: float, x1: float, y0: float, y1: float, **style) -> dict:
        return dict(type="rect", name=name, xsizemode="pixel", xanchor=anchor, x0=x0, x1=x1, y0=y0, y1=y1, **style)

    def text(name: str, x: float, y: float, s: str, hover: str) -> dict:
        font = {"size": f["small"], "color": colors.TEXT}
        pos = {"x": anchor, "xshift": x, "y": y, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle"}
        return {"name": name, **pos, "text": s, "showarrow": False, "font": font, "hovertext": hover}

    frame = {
        "fillcolor": colors.HIGHLIGHT_FILL,
        "line": {"color": colors.HIGHLIGHT, "width": base.line_width(geo.big, 1.5)},
    }
    shapes = [rect("gates-frame", start - 6, start + gs.width_px + 6, row.y0, row.y1, layer="below", **frame)]
    top = row.y1 - 3 - gs.line_h / 2
    lead = "the gates at this step: per gate one cell per unit (unit 1 on the left, coloured as h_t), then their mean"
    ann = [text("gates-label", start, top, "<b>gates</b>", lead)]
    cell_h = min(gs.line_h - 6, 1.3 * f["small"])
    for n, line in enumerate(lines):
        y = top - n * gs.line_h
        for k, name in enumerate(line):
            v = gates[name][t]
            info = GATE_INFO.get(name, "gate")
            x = start + gs.lead_px + k * (gs.item_px + gs.gap_px)
            a = x + gs.letter_px
            ann.append(text(f"gate-{name}", x, y, f"<b>{name}</b>", f"{name}_{t + 1}: {info}"))
            fills = scale_colours(v, -1.0, 1.0, colors.DIVERGING)
            for u, fill in enumerate(fills):
                x0 = a + u * gs.cell_px
                cell = {"fillcolor": fill or colors.BACKGROUND, "line": {"width": 0}, "layer": "above"}
                shapes.append(
                    rect(f"gate-{name}-cell-{u}", x0, x0 + gs.cell_px, y - cell_h / 2, y + cell_h / 2, **cell)
                )
            box = {"line": {"color": colors.BOX_LINE, "width": 1}, "layer": "above"}
            shapes.append(rect(f"gate-{name}-box", a, a + gs.cells_px, y - cell_h / 2, y + cell_h / 2, **box))
            values = ", ".join(f"{float(u):.4f}" for u in v)
            hover = f"{name}_{t + 1} per unit (unit 1 first): {values}; their mean {float(np.mean(v)):.6f} ({info})"
            ann.append(text(f"gate-{name}-value", a + gs.cells_px + 4, y, f"{float(np.mean(v)):.2f}", hover))
    return shapes, ann


# --- headers, row labels, highlight, caption ---------------------------------------------------------


def _headers(geo: Geometry, future: list[bool], t: int | None) -> list[dict]:
    out = []
    k = geo.header_stride
    for i in range(geo.T):
        if k > 1 and i != t and (i % k or (t is not None and abs(i - t) < k)):
            continue  # thinned: every k-th header and the current step's, none closer to it than k columns
        text = f"t={i + 1}"
        out.append(
            base.label(
                f"header-{i}",
                i,
                geo.header.y0 + 2,
                f"<b>{text}</b>" if i == t else text,
                textangle=geo.header_angle,
                xanchor="center",
                yanchor="bottom",
                font={"size": geo.header_size * (1.1 if i == t else 1.0), "color": colors.TEXT},
                opacity=faded(future[i]),
            )
        )
    return out


def _row_labels(geo: Geometry, has_y: bool, cell: str) -> list[dict]:
    f = colors.fonts(geo.big)
    rows = [
        ("x", geo.x.mid, "x_t: the input at step t"),
        ("h", geo.strip.mid, f"h_t: the hidden state of the {ARCH_SHORT[cell]}, one cell per unit (unit 1 on top)"),
    ]
    if geo.c is not None:
        rows.append(("c", geo.c.mid, "c_t: the LSTM's cell state, its memory, one cell per unit (unit 1 on top)"))
    if has_y:
        rows.append(("y", geo.y.mid, "y_t: the output at step t"))
    if geo.grad is not None:
        rows.append(("grad", geo.grad.mid, "|dL/dh_t|: how much the loss depends on h_t (log scale)"))
    out = [
        base.label(
            f"row-{k}",
            -1.5,
            y,
            f"<b>{ROW_LABELS[k]}</b>",
            xanchor="right",
            yanchor="middle",
            xshift=-4,
            font={"size": f["label"], "color": colors.TEXT},
            hovertext=hover,
        )
        for k, y, hover in rows
    ]
    out.append(
        base.label(
            "h0-label",
            -1,
            geo.strip.y1 + 3,
            "h_0",
            xanchor="center",
            yanchor="bottom",
            font={"size": f["small"], "color": colors.TEXT},
            hovertext="h_0: the state before the first input",
        )
    )
    if geo.c is not None:
        out.append(
            {
                **out[-1],
                "name": "c0-label",
                "y": geo.c.y1 + 3,
                "text": "c_0",
                "hovertext": "c_0: the cell state before the first input",
            }
        )
    return out


def _highlight(geo: Geometry, t: int) -> dict:
    bottom = (geo.grad.y0 if geo.grad is not None else geo.x.y0) - 3
    return base.step_highlight(t, bottom, geo.header.y1, geo.col_px, geo.big)


def _coloured(name: str) -> str:
    return f"<span style='color:{colors.MATRIX[name]}'><b>{name}</b></span>"


def _lstm_lines(width_px: float, big: bool) -> list[str]:
    """The LSTM's note (``LSTM_WITH_C``) on as few caption lines as fit ``width_px`` (four fifths of it: pages
    are often narrower than assumed), c_t in its orange."""
    size = colors.fonts(big)["small"]
    lines: list[str] = []
    for sentence in LSTM_WITH_C:
        lines.append(sentence[0])
        for piece in sentence[1:]:
            joined = f"{lines[-1]} {piece}"
            if text_px(joined.replace("<c_t>", "c_t"), size) <= 0.8 * width_px:
                lines[-1] = joined
            else:
                lines.append(piece)
    c_t = f"<span style='color:{colors.CELL_STATE_TEXT}'><b>c_t</b></span>"
    return [s.replace("<c_t>", c_t) for s in lines]


def _caption(
    geo: Geometry, cell: str, feedback: bool, grad: bool, has_y: bool, width_px: float, encoder: str | None = None
) -> dict:
    names = ["W_xh", "W_hh"] + (["W_hy"] if has_y else [])
    lines = ["The same " + ", ".join(_coloured(n) for n in names) + " at every step"]
    if geo.c is not None:
        lines += _lstm_lines(width_px, geo.big)
    elif cell in CELL_NOTES:
        lines.append(CELL_NOTES[cell])
    extra = []
    if feedback:
        extra.append(
            f"<span style='color:{colors.FEEDBACK}'><b>dashed</b></span>: the chosen y_t is fed back as x_(t+1)"
        )
    if encoder:
        extra.append(f"<b>{encoder}</b>: the same encoder turns each input into x_t")
    if grad:
        extra.append("dark arrows and bars: |dL/dh_t| flowing back (log scale)")
    if extra:
        lines.append(";  ".join(extra))
    f = colors.fonts(geo.big)
    return base.label(
        "caption",
        (geo.x_left + geo.x_right) / 2,
        geo.caption.mid,
        "<br>".join(lines),
        xanchor="center",
        yanchor="middle",
        font={"size": f["small"], "color": colors.TEXT},
    )


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
        op = faded(future[i])
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
                base.label(
                    f"grad-value-{i}",
                    i,
                    top + 2,
                    f"{g[i]:.1e}",
                    xanchor="center",
                    yanchor="bottom",
                    font={"size": f["small"], "color": colors.TEXT},
                    opacity=op,
                    bgcolor="rgba(255,255,255,0.85)",
                )
            )
        width = 0.5 + norm[i] * max_w
        arrow = base.arrow(
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
    w = base.line_width(geo.big, 2.5)
    tip = 7 / geo.col_px
    for i in range(geo.T - 1):
        if not present[i]:
            continue
        op = faded(future[i + 1])
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
        ann.append(base.arrow(f"feedback-{i}", x1 - tip, y1, x1, y1, colors.FEEDBACK, w, op))
    return shapes, ann
