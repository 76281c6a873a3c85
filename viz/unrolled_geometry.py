"""Where everything goes in the unrolled diagram, worked out once from T, H, the labels and the mode.

Coordinates: x is in columns (step i, 0-based, sits at x = i; the initial state h_0 at x = -1);
y is in pixels of the plot area, 0 at the bottom, so text and boxes can be sized exactly in the
vertical direction. The width of a column in pixels is not known (the page stretches the figure
to its container), so it is estimated from an assumed plot width (``width`` if the caller fixes
one, else the main column at 1280 px: ~820 px on a laptop, ~1220 px in projector mode) and used only
to decide how much text fits: horizontal or rotated tokens, W labels on every step or only on the
current one. Assuming the narrowest screen keeps text inside its boxes there; a wider one spreads it.

Rows, bottom to top: caption, |dL/dh_t| bars (optional), the gates of the current step (optional), x_t
boxes, W_xh arrows, the h_t strip, the LSTM's c_t strip (optional), W_hy arrows, y_t boxes (optional),
column headers "t=1..T".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from viz import colors
from viz.text import EM, shorten, text_px

MAX_TOKEN_CHARS = 10  # longer tokens are shortened with an ellipsis (the full token is in the hover)
FUTURE_OPACITY = 0.25
GATES_SEP = 3.0  # px between the gates band and the x_t boxes above it: the band hangs under the highlight
ROW_LABELS = {"x": "x_t", "h": "h_t", "c": "c_t", "y": "y_t", "grad": "|dL/dh_t|"}
ASSUMED_WIDTH = colors.MAIN_COLUMN  # px: the main column at 1280 px, laptop or projector mode
NARROW_PLOT_PX = 660  # the gates' band fits a plot this narrow (projector mode on a laptop)


def faded(is_future: bool) -> float:
    """The opacity of what belongs to a step: faded after the current one."""
    return FUTURE_OPACITY if is_future else 1.0


@dataclass(frozen=True)
class Row:
    """A horizontal band of the diagram, in plot pixels from the bottom."""

    y0: float
    y1: float

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class TokenStyle:
    """How the tokens of one row are written: font size, rotation, max characters."""

    size: float
    angle: int  # 0 horizontal, -90 reading bottom to top
    max_chars: int


@dataclass(frozen=True)
class GateStrip:
    """How the current step's gates are laid out in their band, in px (so that they keep their spacing however
    wide the page draws the figure): "gates", then per gate its letter, one cell per unit and the mean, side by
    side, ``per_line`` gates to a line."""

    lead_px: float  # "gates"
    letter_px: float
    cell_px: float  # one unit's cell
    cells_px: float  # all H cells
    value_px: float
    gap_px: float  # between two gates
    per_line: int
    line_h: float

    @property
    def item_px(self) -> float:
        return self.letter_px + self.cells_px + 4 + self.value_px

    @property
    def width_px(self) -> float:
        return self.lead_px + self.per_line * self.item_px + (self.per_line - 1) * self.gap_px


def gate_strip(n: int, H: int, room_px: float, f: dict) -> GateStrip:
    """Fit ``n`` gates of ``H`` units into one line if it fits ``room_px`` and a narrow page (``NARROW_PLOT_PX``),
    else into two."""
    size = f["small"]
    big = size > 15
    cell = min(14.0 if big else 10.0, (84.0 if big else 56.0) / H)
    g = GateStrip(
        lead_px=text_px("gates", size) + 12,
        letter_px=text_px("M", size) + 2,
        cell_px=cell,
        cells_px=cell * H,
        value_px=text_px("-0.00", size) + 2,
        gap_px=float(size),
        per_line=n,
        line_h=1.7 * size,
    )
    if n > 1 and g.width_px > min(room_px, NARROW_PLOT_PX):
        g = GateStrip(**{**g.__dict__, "per_line": -(-n // 2)})
    return g


@dataclass(frozen=True)
class Geometry:
    T: int
    H: int
    big: bool
    width: int | None  # the figure's width if fixed
    col_px: float  # estimated width of one column, px
    x_left: float  # left end of the x range (room for row labels)
    x_right: float
    box_hw: float  # half width of a token box, columns
    strip_hw: float  # half width of the h_t strip, columns
    caption: Row
    grad: Row | None
    x: Row
    strip: Row
    y: Row | None
    header: Row
    plot_h: float
    height: int
    margin: dict
    x_tokens: TokenStyle
    y_tokens: TokenStyle | None
    y_spans: dict  # step -> (x0, x1) of its output box; lone outputs widen into empty neighbours
    prob_line: bool  # probabilities printed under y labels
    header_angle: int
    header_size: float
    header_stride: int  # every k-th column header is written (and the current step's): rotated headers too close
    w_labels_everywhere: bool  # W_xh / W_hh / W_hy labels on every step, else on the current one only
    grad_values: bool  # |dL/dh_t| printed above every bar, else in the hover only
    ygap: int  # px between units in the strip
    c: Row | None = None  # the LSTM's cell state, above the h_t strip
    gates: Row | None = None  # the current step's gates, under the x_t boxes
    gate_strip: GateStrip | None = None

    def px_to_cols(self, px: float) -> float:
        return px / self.col_px


def token_style(
    labels: list[str], box_px: float, f: dict, grow: float = 1.5, floor: float = 9.0, turned: float | None = None
) -> tuple[TokenStyle, float]:
    """Pick a style that fits ``labels`` into boxes ``box_px`` wide; returns it and the box height (px).

    Horizontal if the longest token fits (grown up to ``grow`` times when there is room, for a few short
    tokens), shrunk for one- or two-character tokens in narrow columns, otherwise rotated to read
    bottom to top (at most ``turned`` px, default the token size), shortened to ``MAX_TOKEN_CHARS``; never smaller
    than ``floor`` px.
    """
    size = float(f["token"])
    n = min(max((len(s) for s in labels), default=1), MAX_TOKEN_CHARS)
    n = max(n, 1)
    if text_px("M" * n, size) <= box_px - 8:
        size = min(grow * size, (box_px - 8) / (EM * n))
        return TokenStyle(size, 0, MAX_TOKEN_CHARS), 1.9 * size
    if n <= 2:  # one or two characters: shrink rather than rotate
        size = max(floor, (box_px - 2) / (EM * n))
        return TokenStyle(size, 0, 2), 2.0 * max(size, f["small"])
    size = max(floor, min(turned or size, box_px / 1.25))  # rotated: the line height has to fit the column
    return TokenStyle(size, -90, MAX_TOKEN_CHARS), text_px("M" * n, size) + 14


def output_spans(y_labels: list, box_hw: float, col_px: float, f: dict) -> dict[int, tuple[float, float]]:
    """Extent (x0, x1) of each output box: one box width, widened into free neighbouring columns
    (no output there) when the token needs more room, e.g. the single output of a many-to-one model."""
    T = len(y_labels)
    present = [s is not None for s in y_labels]
    spans = {}
    for i, s in enumerate(y_labels):
        if s is None:
            continue
        free_l = next((k for k in range(1, i + 1) if present[i - k]), i + 1) - 1
        free_r = next((k for k in range(1, T - i) if present[i + k]), T - i) - 1
        want = min(text_px(shorten(s, MAX_TOKEN_CHARS), f["token"]) + 20, 240.0)
        want = max(want, text_px("100%", f["small"]) + 12)
        extra = max(0.0, want / col_px - 2 * box_hw)
        left = min(extra / 2, free_l)
        right = min(extra - left, free_r)
        left = min(extra - right, free_l)
        spans[i] = (i - box_hw - left, i + box_hw + right)
    return spans


def geometry(
    T: int,
    H: int,
    x_labels: list[str],
    y_labels: list[str] | None,
    *,
    probs: bool,
    grad: bool,
    big: bool,
    title_px: int,
    width: int | None,
    caption_lines: int,
    cell_state: bool = False,
    n_gates: int = 0,
) -> Geometry:
    """Lay out the diagram for ``T`` steps and ``H`` units; ``cell_state`` adds a c_t row above the h_t strip,
    ``n_gates`` a band for the current step's gates under the x_t boxes."""
    f = colors.fonts(big)
    margin = {"l": 6, "r": right_margin(big, cell_state), "t": title_px, "b": 4}
    plot_w = plot_width(width, big, cell_state)
    labels_for_width = [ROW_LABELS[k] for k in "xhy"] + (["|dL/dh_t|"] if grad else [])
    label_px = max(text_px(s, f["label"]) for s in labels_for_width) + 12
    col_px = max(8.0, (plot_w - label_px) / (T + 1))  # T steps plus the h_0 column
    widest = 380.0 if big else 260.0  # with one or two steps, keep columns compact and centre them
    pad_cols = 0.0
    if col_px > widest:
        pad_cols = (plot_w - label_px) / widest - (T + 1)
        col_px = widest
    x_left = -1.5 - label_px / col_px - pad_cols / 2
    box_hw = min(0.40, 90 / col_px)  # token boxes: 80% of a column, at most 180 px wide
    strip_px = min(max(0.36 * col_px, 9.0), 64.0 if big else 52.0)
    strip_hw = min(0.4, strip_px / 2 / col_px)

    box_px = 2 * box_hw * col_px
    grow = 1.0 if big else 1.5  # projector mode: its tokens are big already, and the diagram fits 768 px high
    smallest = 20.0 if big else 9.0  # projector mode: a long sequence's tokens shrink to 20 px at most (1280 px)
    turned = f["label"] if big else None  # projector mode: rotated tokens a little smaller, the diagram shorter
    x_tokens, x_h = token_style(x_labels, box_px, f, grow, smallest, turned)
    y_tokens, y_h, y_spans = None, 0.0, {}
    prob_line = False
    if y_labels is not None:
        y_spans = output_spans(y_labels, box_hw, col_px, f)
        present = [s for s in y_labels if s is not None]
        y_px = min((x1 - x0) * col_px for x0, x1 in y_spans.values()) if y_spans else box_px
        y_tokens, y_h = token_style(present, y_px, f, grow, smallest, turned)
        prob_line = probs and text_px("100%", f["small"]) <= y_px - 4
        if prob_line:
            y_h += 1.3 * f["small"]

    gap = max((2.2 if big else 2.6) * f["small"], 34.0)
    cell = 48 if big else 30  # px per unit while the strip is short; it stops growing at ``hi``
    lo, hi = (140, 320) if big else (96, 220)
    strip_h = float(min(max(H * cell, lo), hi))
    gap_hc = 1.5 * f["small"] + 6 if cell_state else 0.0  # between h_t and c_t: the h_0 label, W_hy's elbow
    if cell_state:  # h_t and c_t share a little more than one strip's height
        strip_h = max(0.6 * strip_h, 0.6 * lo)
    c_h = strip_h if cell_state else 0.0
    gates = None
    if n_gates:
        gates = gate_strip(n_gates, H, plot_w - label_px - 24, f)
    gates_h = (-(-n_gates // gates.per_line) * gates.line_h + 6) if gates else 0.0

    header_size = float(f["small"])
    header_stride = 1
    last = f"t={T}"
    if text_px(last, header_size) <= 0.95 * col_px:
        header_angle, header_h = 0, 1.8 * header_size
    else:
        if big:  # projector mode keeps its smallest size: every k-th header (and the current step's)
            header_stride = math.ceil(1.2 * header_size / col_px)
        else:
            header_size = max(8.0, min(header_size, col_px / 1.2))
        header_angle, header_h = -90, text_px(last, header_size) + 10

    value_px = text_px("1.0e-03", f["small"])
    grad_values = grad and value_px <= 0.95 * col_px
    grad_h = (2.4 * f["base"] + (1.4 * f["small"] if grad_values else 0)) if grad else 0.0
    caption_h = 1.5 * f["small"] * caption_lines + 6

    pad, sep = 4.0, 8.0
    has_y = y_labels is not None
    heights = [
        pad,
        caption_h,
        sep,
        grad_h + sep if grad else 0.0,
        gates_h + GATES_SEP if gates else 0.0,
        x_h,
        gap,
        strip_h,
        gap_hc + c_h,
        gap if has_y else 0.0,
        y_h,
        header_h + 4,
        pad,
    ]
    total = sum(heights) + title_px + margin["b"]
    floor = 500 if big else 380  # projector mode: the diagram, under the stepper, fits a 1280 x 800 screen
    ceiling = (560 if big else 580) + ((100 if big else 80) if cell_state else 0)
    rows_of_units = 2 if cell_state else 1  # the h_t strip, and c_t's
    if total < floor:  # short diagrams (few units, one-character tokens): the slack goes to the strip and gaps
        slack = floor - total
        strip_h += 0.7 * slack / rows_of_units
        gap += 0.3 * slack / (2 if has_y else 1)
    elif total > ceiling:  # tall rotated tokens and many units: the strip gives way, down to 70 % of its minimum
        strip_h = max(0.7 * lo / rows_of_units, strip_h - (total - ceiling) / rows_of_units)
    c_h = strip_h if cell_state else 0.0

    rows = {}
    y = pad
    for name, hgt, after in [
        ("caption", caption_h, sep),
        ("grad", grad_h if grad else None, sep),
        ("gates", gates_h if gates else None, GATES_SEP),
        ("x", x_h, gap),
        ("strip", strip_h, gap_hc if cell_state else (gap if has_y else 1.6 * f["small"] + 6)),
        ("c", c_h if cell_state else None, gap if has_y else 1.6 * f["small"] + 6),
        ("y", y_h if has_y else None, 4.0),
        ("header", header_h, pad),
    ]:
        if hgt is None:
            rows[name] = None
            continue
        rows[name] = Row(y, y + hgt)
        y += hgt + after
    plot_h = y

    w_px = text_px("W_hh", f["small"]) + 8
    arrow_px = (1 - 2 * strip_hw) * col_px
    everywhere = T <= 25 and w_px <= arrow_px and w_px + 6 <= col_px / 2

    return Geometry(
        T=T,
        H=H,
        big=big,
        width=width,
        col_px=col_px,
        x_left=x_left,
        x_right=T - 0.5 + pad_cols / 2,
        box_hw=box_hw,
        strip_hw=strip_hw,
        caption=rows["caption"],
        grad=rows["grad"],
        x=rows["x"],
        strip=rows["strip"],
        y=rows["y"],
        header=rows["header"],
        plot_h=plot_h,
        height=int(round(plot_h + margin["t"] + margin["b"])),
        margin=margin,
        x_tokens=x_tokens,
        y_tokens=y_tokens,
        y_spans=y_spans,
        prob_line=prob_line,
        header_angle=header_angle,
        header_size=header_size,
        header_stride=header_stride,
        w_labels_everywhere=everywhere,
        grad_values=grad_values,
        ygap=1 if rows["strip"].h / H >= 7 else 0,
        c=rows["c"],
        gates=rows["gates"],
        gate_strip=gates,
    )


def right_margin(big: bool, cell_state: bool = False) -> int:
    """px right of the plot for the colour bar(s): in projector mode with c_t, c_t's and h_t's side by side."""
    return (176 if cell_state else 96) if big else 70


def plot_width(width: int | None, big: bool, cell_state: bool = False) -> float:
    """The plot's width in px as the layout assumes it: ``width`` if fixed, else a laptop's or a projector's,
    less the margins."""
    return (width or ASSUMED_WIDTH[bool(big)]) - 6 - right_margin(big, cell_state)
