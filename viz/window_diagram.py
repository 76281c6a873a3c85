"""The fixed-window feedforward network drawn over a sequence, as the unrolled RNN is drawn (``viz.unrolled``).

One column per time step. Bottom: the inputs x_t in boxes. Around the k inputs the model reads at step t, a frame
(the window), sliding with t; where it reaches before the start, dashed boxes hold the zeros it reads there. Above
each column a dense block (the same ``W_1`` at every position), then the hidden activation a_t as a strip of M
cells (blue -1 .. white 0 .. red 1), then the output y_t where the task has one. Arrows from the window's inputs
fan into the current step's dense block; dense -> a_t and a_t -> y_t (``W_hy``) at every step. There is no arrow
from one step to the next: nothing is carried over.

    z_t = [x_(t-k+1); ...; x_t],  a_t = tanh(W_1 z_t + b_1),  y_t = W_hy a_t + b_y

Time indices as in ``viz.unrolled``: ``t`` is 0-based, column i is headed "t={i+1}". Coordinates: x in columns
(step i at x = i, the zero pads at x = -1, -2, ...), y in px of the plot area from the bottom.

Element names (``name``): ``header-{i}``, ``x-box-{i}``, ``x-label-{i}``, ``pad-box-{p}`` and ``pad-label-{p}``
(p = 1 is the zero just before x_1, p = 2 the one before it), ``window-frame``, ``window-label``, ``fan-{j}`` (the
arrow from the window's j-th input, oldest first, into the current dense block), ``dense-{i}``,
``dense-label-{i}``, ``up-{i}`` (dense -> a_t), ``a-strip-{i}``, ``W_hy-{i}``, ``y-box-{i}``, ``y-label-{i}``,
``y-prob-{i}``, ``highlight``, ``caption``, ``row-x``/``row-dense``/``row-a``/``row-y``; heatmap traces ``a_t``
and ``a_t (future)`` carry the 0-based step of each cell in ``customdata``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz import base, colors, strips
from viz.text import as_label, conceal_after, shorten, text_px
from viz.unrolled_geometry import FUTURE_OPACITY, MAX_TOKEN_CHARS, TokenStyle, faded, token_style

WINDOW = colors.WINDOW_MODEL  # the window, its W_1 and its arrows
W_HY = colors.MATRIX["W_hy"]
ROW_HOVER = {
    "x": "x_t: the input at step t",
    "dense": "one dense layer, the same W_1 and b_1 at every step: a_t = tanh(W_1 z_t + b_1)",
    "a": "a_t: the dense layer's activation at step t, one cell per unit (unit 1 on top)",
    "y": "y_t = W_hy a_t + b_y: the output at step t",
}
PAD_ROOM = 2.0  # columns the zero pads before the start may take in all
LONE_HW = 1.5  # half width, in columns, that a lone output's box may take (at least LONE_PX wide in all)
LONE_PX = 150
ROW_TEXT = {"x": "x_t", "dense": "W_1", "a": "a_t", "y": "y_t"}


@dataclass(frozen=True)
class _Geo:
    T: int
    k: int
    big: bool
    col_px: float
    x_left: float
    x_right: float
    box_hw: float
    caption: tuple[float, float]
    wlabel: tuple[float, float]
    x: tuple[float, float]
    dense: tuple[float, float]
    a: tuple[float, float]
    y: tuple[float, float] | None
    header: tuple[float, float]
    tokens: object  # TokenStyle of the x row
    y_tokens: object
    plot_h: float
    margin: dict
    labels_everywhere: bool
    lone_hw: float  # half width, in columns, of a lone output's box at most
    pad_w: float  # width of a zero pad's column, in columns (narrower than a step's when k is large)


def _mid(r) -> float:
    return (r[0] + r[1]) / 2


def _layout(T: int, k: int, M: int, x_text, y_text, big: bool, width: int | None, cap_lines: int) -> _Geo:
    f = colors.fonts(big)
    margin = {"l": 8, "r": 78 if big else 64, "t": 6, "b": 6}
    plot_w = (width or colors.MAIN_COLUMN[big]) - margin["l"] - margin["r"]
    label_px = text_px("W_1", f["label"]) + 14
    pad_w = min(1.0, PAD_ROOM / max(1, k - 1))  # the k-1 zero pads share at most PAD_ROOM columns
    n = T + (k - 1) * pad_w  # columns: the zero pads and the T steps
    col_px = max((plot_w - label_px) / n, 4.0)
    box_hw = 0.42
    tokens, x_h = token_style([s for s in x_text if s], 2 * box_hw * col_px, f, turned=f["token"])
    ys = [s for s in (y_text or []) if s is not None]
    lone_hw = max(LONE_HW, LONE_PX / 2 / col_px)
    lone_px = 2 * lone_hw * col_px - 16  # a lone output (many-to-one) may be this wide
    if len(ys) == 1 and text_px(shorten(ys[0], MAX_TOKEN_CHARS), f["token"]) <= lone_px:
        y_tokens, y_h = TokenStyle(f["token"], 0, MAX_TOKEN_CHARS), 1.9 * f["token"]
    else:
        y_tokens, y_h = token_style(ys or ["?"], 2 * box_hw * col_px, f, grow=1.0)
    y_h = max(y_h, 1.9 * f["token"]) + (1.3 * f["small"] if ys else 0)
    small = f["small"]
    y0 = 0.0
    caption = (y0, y0 + cap_lines * 1.35 * small + 6)
    wlabel = (caption[1], caption[1] + 1.5 * small + 6)
    x = (wlabel[1] + 6, wlabel[1] + 6 + max(x_h, 1.9 * f["token"]))
    dense = (x[1] + (70 if big else 48), x[1] + (70 if big else 48) + (1.9 * f["label"] + 4))
    strip_h = float(np.clip((14 if big else 11) * M, 36, 150 if big else 120))
    a = (dense[1] + (30 if big else 22), dense[1] + (30 if big else 22) + strip_h)
    top = a[1]
    yrow = None
    if y_text is not None:
        yrow = (a[1] + (40 if big else 30), a[1] + (40 if big else 30) + y_h)
        top = yrow[1]
    header = (top + 4, top + 4 + 1.6 * f["small"])
    plot_h = header[1] + 2
    label_cols = label_px / col_px
    return _Geo(
        T=T,
        k=k,
        big=big,
        col_px=col_px,
        x_left=-(k - 1) * pad_w - 0.5 - label_cols,
        pad_w=pad_w,
        x_right=T - 0.5,
        box_hw=box_hw,
        caption=caption,
        wlabel=wlabel,
        x=x,
        dense=dense,
        a=a,
        y=yrow,
        header=header,
        tokens=tokens,
        y_tokens=y_tokens,
        plot_h=plot_h,
        margin=margin,
        labels_everywhere=text_px("W_1", f["small"]) + 6 <= 2 * box_hw * col_px,
        lone_hw=lone_hw,
    )


def window_figure(
    a,
    t: int | None,
    k: int,
    x_labels,
    y_labels=None,
    *,
    y_probs=None,
    big: bool = False,
    width: int | None = None,
    hide_future: bool = False,
    n_params: int | None = None,
    input_dim: int | None = None,
) -> go.Figure:
    """The window model over ``T`` steps, reading ``k`` inputs at a time, with step ``t`` highlighted.

    a:        (T, M) activations a_1..a_T (a 1-D array is read as M = 1).
    t:        current step, 0-based (clamped); its window is framed and fans into its dense block; None: no frame.
    k:        the window size.
    x_labels: T inputs as people read them; y_labels: T outputs (None entries: no output there), or None.
    y_probs:  T probabilities printed under the outputs (None entries skipped).
    big:      projector mode. width: fix the figure's width in px.
    hide_future: predict, then reveal: the inputs and outputs after ``t`` read "?", their activations are hidden.
    n_params, input_dim: named in the caption (how many numbers the model has, and D, so k*D is said).
    """
    A = base.as_2d(a, "a (T, M)")
    T, M = A.shape
    k = int(k)
    if k < 1:
        raise ValueError(f"k should be at least 1, got {k}")
    xs = base.per_step("x_labels", x_labels, T)
    ys = None if y_labels is None else base.per_step("y_labels", y_labels, T)
    probs = None if y_probs is None else base.per_step("y_probs", y_probs, T)
    x_text = [as_label(v) for v in xs]
    y_text = None if ys is None else [None if v is None else as_label(v) for v in ys]
    if t is not None:
        t = int(min(max(int(t), 0), T - 1))
    hide = hide_future and t is not None
    if hide:
        x_text, y_text, probs = conceal_after(t, x_text, y_text, probs)
    cap = _caption_lines(k, n_params, input_dim)
    geo = _layout(T, k, M, x_text, y_text, big, width, len(cap))
    future = [t is not None and i > t for i in range(T)]
    shapes, ann, data = [], [], []
    if t is not None:
        shapes.append(_highlight(geo, t))
    data += _a_traces(A, t, geo, drop_future=hide)
    shapes += _a_frames(geo, future, M)
    shapes += _boxes(geo, x_text, future)
    ann += _x_tokens(geo, x_text, future, t)
    shapes += _dense(geo, future)
    ann += _dense_labels(geo, future)
    ann += _ups(geo, future, y_text)
    if y_text is not None:
        s, a_ = _outputs(geo, y_text, probs, future, t)
        shapes += s
        ann += a_
    if t is not None:
        s, a_ = _window(geo, t)
        shapes += s
        ann += a_
    ann += _headers(geo, future, t)
    ann += _row_labels(geo, y_text is not None)
    ann.append(_caption(geo, cap))
    if hide:
        shapes = [s for s in shapes if s.get("opacity") != FUTURE_OPACITY or _kept(s)]
        ann = [x for x in ann if x.get("opacity") != FUTURE_OPACITY or _kept(x)]
    f = colors.fonts(big)
    layout = {
        "height": int(geo.plot_h + geo.margin["t"] + geo.margin["b"]),
        "margin": {**geo.margin, "pad": 0, "autoexpand": False},
        "xaxis": base.hidden_axis(geo.x_left, geo.x_right),
        "yaxis": base.hidden_axis(0, geo.plot_h),
        "shapes": shapes,
        "annotations": ann,
        "font": {"family": colors.FAMILY, "size": f["base"], "color": colors.TEXT},
    }
    if width:
        layout["width"] = int(width)
    return base.figure(data, layout, big)


def _kept(item) -> bool:
    return str(item.get("name", "")).startswith(("header-", "x-box-", "x-label-", "y-box-", "y-label-"))


def _caption_lines(k: int, n_params: int | None, D: int | None) -> list[str]:
    same = (
        f"The same <span style='color:{WINDOW}'><b>W_1</b></span>, b_1 and "
        f"<span style='color:{W_HY}'><b>W_hy</b></span> at every step; no arrow from step to step: nothing is "
        "carried over"
    )
    window = f"<span style='color:{WINDOW}'><b>frame</b></span>: the window, z_t = the last {k} input" + (
        "s" if k > 1 else ""
    )
    window += " (zeros before the start)" if k > 1 else ""
    if D is not None:
        window += f", {k} x {D} = {k * D} numbers"
    lines = [same, window]
    if n_params is not None:
        lines[-1] += f"; {n_params:,} parameters"
    return lines


def _highlight(geo: _Geo, t: int) -> dict:
    return base.step_highlight(t, geo.dense[0] - 4, geo.header[1], geo.col_px, geo.big)


def _a_traces(A: np.ndarray, t: int | None, geo: _Geo, drop_future: bool) -> list[dict]:
    """a_t as strips: solid up to step t, faded after it (left out when ``drop_future``)."""
    T = len(A)
    cut = T if t is None else t + 1
    out = [_a_heatmap(A, 0, cut, geo, "a_t", showscale=True)]
    if cut < T and not drop_future:
        out.append(_a_heatmap(A, cut, T, geo, "a_t (future)", showscale=False, opacity=FUTURE_OPACITY))
    return out


def _strip_hw(geo: _Geo) -> float:
    return min(0.3, max(0.12, 14 / geo.col_px))


def _a_heatmap(A: np.ndarray, lo: int, hi: int, geo: _Geo, name: str, showscale: bool, **extra) -> dict:
    """Steps lo..hi-1 of a_t as strips (:func:`viz.strips.heatmap`), with its colour bar when ``showscale``."""
    M = A.shape[1]
    ygap = 1 if (geo.a[1] - geo.a[0]) / M >= 8 else 0
    if showscale:
        length = max(0.3, (geo.a[1] - geo.a[0]) / geo.plot_h)
        extra["colorbar"] = strips.colorbar("a_t", [-1, 0, 1], length, _mid(geo.a) / geo.plot_h, geo.big)
    hw = _strip_hw(geo)
    return strips.heatmap(
        A, lo, hi, x_first=0, hw=hw, y=geo.a, var="a", zmax=1.0, ygap=ygap, name=name, showscale=showscale, **extra
    )


def _a_frames(geo: _Geo, future: list[bool], M: int) -> list[dict]:
    hw = _strip_hw(geo)
    return [strips.frame(f"a-strip-{i}", i, hw, geo.a, geo.big, faded(future[i])) for i in range(geo.T)]


def _box(name: str, x0: float, x1: float, row, opacity: float, geo: _Geo, dash: str | None = None) -> dict:
    line = {"color": colors.BOX_LINE, "width": base.line_width(geo.big, 1.5)}
    if dash:
        line = {**line, "dash": dash, "color": colors.MUTED}
    return {
        "type": "rect",
        "name": name,
        "layer": "below",
        "x0": x0,
        "x1": x1,
        "y0": row[0],
        "y1": row[1],
        "fillcolor": colors.BOX_FILL if not dash else colors.BACKGROUND,
        "line": line,
        "opacity": opacity,
    }


def _text(name: str, x: float, y: float, text: str, size: float, opacity: float = 1.0, **extra) -> dict:
    """Centred text (``extra`` may move its anchors and give its ``color``)."""
    anchors = {"xanchor": extra.pop("xanchor", "center"), "yanchor": extra.pop("yanchor", "middle")}
    font = {"size": size, "color": extra.pop("color", colors.TEXT)}
    return base.label(name, x, y, text, **anchors, font=font, opacity=opacity, **extra)


def _boxes(geo: _Geo, x_text: list, future: list[bool]) -> list[dict]:
    return [_box(f"x-box-{i}", i - geo.box_hw, i + geo.box_hw, geo.x, faded(future[i]), geo) for i in range(geo.T)]


def _x_tokens(geo: _Geo, x_text: list, future: list[bool], t: int | None) -> list[dict]:
    style = geo.tokens
    out = []
    for i, s in enumerate(x_text):
        text = shorten(s, style.max_chars).replace("<", "&lt;")
        text = f"<b>{text}</b>" if i == t else text
        out.append(
            _text(
                f"x-label-{i}",
                i,
                _mid(geo.x),
                text,
                style.size,
                faded(future[i]),
                textangle=style.angle,
                hovertext=f"x_{i + 1} = {s}",
            )
        )
    return out


def _dense(geo: _Geo, future: list[bool]) -> list[dict]:
    hw = min(0.4, geo.box_hw)
    return [
        {
            "type": "rect",
            "name": f"dense-{i}",
            "layer": "below",
            "x0": i - hw,
            "x1": i + hw,
            "y0": geo.dense[0],
            "y1": geo.dense[1],
            "fillcolor": "rgba(213, 94, 0, 0.12)",
            "line": {"color": WINDOW, "width": base.line_width(geo.big, 1.8)},
            "opacity": faded(future[i]),
        }
        for i in range(geo.T)
    ]


def _dense_labels(geo: _Geo, future: list[bool]) -> list[dict]:
    f = colors.fonts(geo.big)
    shown = range(geo.T) if geo.labels_everywhere else []  # too narrow: the row's label names it
    return [
        _text(
            f"dense-label-{i}",
            i,
            _mid(geo.dense),
            "<b>W_1</b>",
            f["small"],
            faded(future[i]),
            color=WINDOW,
            hovertext=ROW_HOVER["dense"],
        )
        for i in shown
    ]


def _arrow(name: str, x0: float, y0: float, x1: float, y1: float, color: str, width: float, opacity: float) -> dict:
    return base.arrow(name, x0, y0, x1, y1, color, width, opacity, size=1.0)


def _ups(geo: _Geo, future: list[bool], y_text) -> list[dict]:
    """dense -> a_t at every step, and a_t -> y_t (W_hy) where there is an output."""
    out = []
    aw = base.line_width(geo.big, 2.0)
    for i in range(geo.T):
        op = faded(future[i])
        out.append(_arrow(f"up-{i}", i, geo.dense[1] + 2, i, geo.a[0] - 3, WINDOW, aw, op))
        if y_text is not None and y_text[i] is not None:
            out.append(_arrow(f"W_hy-{i}", i, geo.a[1] + 3, i, geo.y[0] - 3, W_HY, aw, op))
    return out


def _outputs(geo: _Geo, y_text: list, probs, future: list[bool], t: int | None):
    f = colors.fonts(geo.big)
    shapes, ann = [], []
    lone = sum(s is not None for s in y_text) == 1
    for i, s in enumerate(y_text):
        if s is None:
            continue
        hw = geo.box_hw
        if lone:  # a many-to-one output may take the room of the empty columns on its left
            want = (text_px(shorten(s, MAX_TOKEN_CHARS), geo.y_tokens.size) + 16) / geo.col_px / 2
            hw = min(max(hw, want), geo.lone_hw)
        x0, x1 = i - hw, i + hw
        if x1 > geo.x_right:
            x0, x1 = x0 - (x1 - geo.x_right), geo.x_right
        op = faded(future[i])
        shapes.append(_box(f"y-box-{i}", x0, x1, geo.y, op, geo))
        p = None if probs is None or probs[i] is None else float(probs[i])
        mid_y = _mid(geo.y) + (0.6 * f["small"] if p is not None else 0)
        text = shorten(s, geo.y_tokens.max_chars).replace("<", "&lt;")
        text = f"<b>{text}</b>" if i == t else text
        hover = f"y_{i + 1} = {s}" + ("" if p is None else f" (p = {p:.1%})")
        ann.append(
            _text(
                f"y-label-{i}",
                (x0 + x1) / 2,
                mid_y,
                text,
                geo.y_tokens.size,
                op,
                textangle=geo.y_tokens.angle,
                hovertext=hover,
            )
        )
        if p is not None:
            pt = "<1%" if 0 < p < 0.005 else f"{p:.0%}"
            ann.append(
                _text(
                    f"y-prob-{i}", (x0 + x1) / 2, geo.y[0] + 3, pt, f["small"], op, yanchor="bottom", color=colors.MUTED
                )
            )
    return shapes, ann


def _at(geo: _Geo, j: int) -> tuple[float, float]:
    """Centre and half width of input j's box (0-based; j < 0: the zero pad -j places before x_1)."""
    if j >= 0:
        return float(j), geo.box_hw
    return -0.5 - (-j - 0.5) * geo.pad_w, geo.box_hw * geo.pad_w


def _window(geo: _Geo, t: int) -> tuple[list[dict], list[dict]]:
    """The frame around the k inputs step t reads (with the zero pads before the start), and their arrows."""
    f = colors.fonts(geo.big)
    first = t - geo.k + 1
    shapes, ann = [], []
    for j in range(first, 0):  # before the start: zeros
        p = -j
        x, hw = _at(geo, j)
        shapes.append(_box(f"pad-box-{p}", x - hw, x + hw, geo.x, 1.0, geo, dash="dot"))
        if 2 * hw * geo.col_px < 12:  # too narrow to write in: the hover of the frame says it
            continue
        ann.append(
            _text(
                f"pad-label-{p}",
                x,
                _mid(geo.x),
                "0",
                min(f["token"], max(9.0, 2 * hw * geo.col_px - 4)),
                color=colors.MUTED,
                hovertext=f"x_{j + 1}: before the start, the window reads zeros",
            )
        )
    pad = min(0.06, 5 / geo.col_px)
    shapes.append(
        {
            "type": "rect",
            "name": "window-frame",
            "layer": "above",
            "x0": _at(geo, first)[0] - _at(geo, first)[1] - pad,
            "x1": t + geo.box_hw + pad,
            "y0": geo.x[0] - 4,
            "y1": geo.x[1] + 4,
            "line": {"color": WINDOW, "width": base.line_width(geo.big, 3.0)},
        }
    )
    k = geo.k
    parts = [f"x_{j + 1}" if j >= 0 else "0" for j in range(first, t + 1)]
    label = f"z_{t + 1} = [" + ("; ".join(parts) if k <= 4 else f"{parts[0]}; …; {parts[-1]}") + "]"
    ann.append(
        _text(
            "window-label",
            (_at(geo, first)[0] + t) / 2,
            _mid(geo.wlabel),
            f"<b>{label}</b>",
            f["small"],
            color=WINDOW,
            hovertext=f"the window at step {t + 1}: the last {k} inputs, concatenated into one vector z_{t + 1}",
        )
    )
    hw = min(0.4, geo.box_hw)
    aw = base.line_width(geo.big, 1.8)
    for n, j in enumerate(range(first, t + 1)):
        end_x = t - hw * 0.8 + (1.6 * hw * (n + 0.5) / k)
        ann.append(_arrow(f"fan-{n}", _at(geo, j)[0], geo.x[1] + 5, end_x, geo.dense[0] - 2, WINDOW, aw, 1.0))
    return shapes, ann


def _headers(geo: _Geo, future: list[bool], t: int | None) -> list[dict]:
    f = colors.fonts(geo.big)
    stride = max(1, int(np.ceil((text_px("t=00", f["small"]) + 6) / geo.col_px)))
    out = []
    for i in range(geo.T):
        if stride > 1 and i != t and (i % stride or (t is not None and abs(i - t) < stride)):
            continue
        out.append(
            _text(
                f"header-{i}",
                i,
                geo.header[0] + 2,
                f"<b>t={i + 1}</b>" if i == t else f"t={i + 1}",
                f["small"] * (1.1 if i == t else 1.0),
                faded(future[i]),
                yanchor="bottom",
            )
        )
    return out


def _row_labels(geo: _Geo, has_y: bool) -> list[dict]:
    f = colors.fonts(geo.big)
    rows = [("x", geo.x), ("dense", geo.dense), ("a", geo.a)] + ([("y", geo.y)] if has_y else [])
    x = -(geo.k - 1) * geo.pad_w - 0.5
    return [
        _text(
            f"row-{name}",
            x,
            _mid(row),
            f"<b>{ROW_TEXT[name]}</b>",
            f["label"],
            xanchor="right",
            xshift=-4,
            color=WINDOW if name == "dense" else colors.TEXT,
            hovertext=ROW_HOVER[name],
        )
        for name, row in rows
    ]


def _caption(geo: _Geo, lines: list[str]) -> dict:
    f = colors.fonts(geo.big)
    return _text("caption", (geo.x_left + geo.x_right) / 2, _mid(geo.caption), "<br>".join(lines), f["small"])
