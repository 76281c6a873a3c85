"""A sentence drawn as word boxes: the fixed window over its last k words, and what each word meant to a model.

Words are laid out left to right and wrap onto new lines like text, in boxes sized to fit them
(widths estimated for an assumed plot width, ``width`` or ~860 px on a laptop and ~1450 px on a
projector; the page stretches the figure, so a wider screen only spreads the boxes). After the
last word comes the blank the models fill in. Coordinates are pixels: x from the left, y from the
top (the y axis is reversed).

``sentence_figure`` frames the last ``k`` words as the window a feedforward network sees
(``<pad>`` boxes stand in front when the sentence is shorter than k), marks the clue words
(a country or city: thick bluish-green border, bold) and the words outside the vocabulary
(dashed grey border, grey italic text; the models read them as ``<unk>``).

``saliency_figure`` fills each word with how much it moved a model's answer (0..1, e.g.
``FluentDemo.saliency``) on ColorBrewer's single-hue Purples scale, which stays readable under
colour-vision deficiencies and in greyscale, with a legend bar under the words.

Element names: ``word-box-{i}``, ``word-{i}`` (i is the 0-based word index), ``pad-box-{j}``,
``blank-box``, ``blank``, ``window-{line}`` (one frame per line the window spans), ``window-label``,
``clue-note``, ``legend-{j}``, ``legend-lo``/``legend-hi``, ``key``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px

MAX_WORD_CHARS = 16
ASSUMED_WIDTH = {False: 860, True: colors.MAIN_COLUMN[True]}
WINDOW = colors.WINDOW_MODEL
WINDOW_FILL = "rgba(213, 94, 0, 0.08)"  # vermillion, translucent
CLUE = colors.OKABE_ITO["bluish_green"]
UNKNOWN = "#777777"
# ColorBrewer Purples, 9 classes: white-ish at 0, dark purple at 1.
PURPLES = ["#FCFBFD", "#EFEDF5", "#DADAEB", "#BCBDDC", "#9E9AC8", "#807DBA", "#6A51A3", "#54278F", "#3F007D"]
LEGEND_STEPS = 11
LEGEND_CELL_H = {False: 13.0, True: 18.0}


@dataclass(frozen=True)
class Slot:
    """One box of the layout: its text, kind ('word', 'pad', 'blank'), word index (or -1), line and x extent."""

    text: str
    kind: str
    index: int
    line: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Words:
    """The checked inputs: the words, which are unknown or clues, the window size and the saliency values."""

    words: list[str]
    unknown: list[bool]
    clues: set[int]  # 0-based positions, those outside the sentence dropped
    k: int | None
    distance: int | None
    values: np.ndarray | None  # (T,) saliency in 0..1, None for the plain sentence


@dataclass(frozen=True)
class SentenceGeometry:
    """Where the boxes go, in px (x from the left, y from the top), worked out once from the words and the width."""

    big: bool
    W: float  # assumed plot width
    slots: list[Slot]  # pads, words, then the blank
    box_h: float
    above: list[float]  # room above each line's boxes (the window label)
    tops: np.ndarray  # (lines + 1,) top of each line, then the bottom of the last
    window: list[Slot]  # the boxes inside the window, empty without one
    clue: Slot | None  # the last clue word
    legend_y: float | None  # top of the saliency legend, None without values
    key: list[str]  # lines of the border key, empty when no special border is in use
    key_y: float
    height: float  # of the whole drawing
    top: int  # the title's room above it

    def y_of(self, line: int) -> tuple[float, float]:
        """Top and bottom of the boxes on ``line``."""
        y0 = self.tops[line] + self.above[line]
        return y0, y0 + self.box_h

    def box(self, s: Slot) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of the box of ``s``."""
        y0, y1 = self.y_of(s.line)
        return s.x0 + 4, y0, s.x1 + 4, y1

    def centre(self, s: Slot) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box(s)
        return (x0 + x1) / 2, (y0 + y1) / 2


def rgba(color: str, opacity: float) -> str:
    """``#RRGGBB`` as an ``rgba()`` string with the given opacity."""
    r, g, b = _rgb(color)
    return f"rgba({r}, {g}, {b}, {opacity:g})"


def sequential_color(v: float) -> str:
    """``v`` in 0..1 on the Purples scale, interpolated between its classes (NaN and < 0 read as 0)."""
    v = float(np.clip(np.nan_to_num(v, nan=0.0), 0.0, 1.0))
    pos = v * (len(PURPLES) - 1)
    i = min(int(pos), len(PURPLES) - 2)
    a, b = _rgb(PURPLES[i]), _rgb(PURPLES[i + 1])
    w = pos - i
    r, g, bl = (round(x + (y - x) * w) for x, y in zip(a, b, strict=True))
    return f"#{r:02X}{g:02X}{bl:02X}"


def _rgb(c: str) -> tuple[int, int, int]:
    c = c.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def layout_words(
    texts: list[str], kinds: list[str], size: float, width: float, keep_last: int = 0
) -> tuple[list[Slot], float, float]:
    """Boxes for ``texts`` wrapped into lines ``width`` px wide: (slots, box height, gap) in px.

    The last ``keep_last`` boxes start a new line together rather than break across two, when they fit on one.
    """
    pad_x, gap = 0.45 * size, 0.38 * size
    widths = [text_px(s, size) + 2 * pad_x for s in texts]
    tail_start = len(texts) - keep_last
    tail_w = sum(widths[tail_start:]) + gap * max(keep_last - 1, 0)
    out, x, line, index = [], 0.0, 0, 0
    for n, (s, kind, w) in enumerate(zip(texts, kinds, widths, strict=True)):
        whole = n == tail_start and keep_last > 1 and tail_w <= width
        if x > 0 and x + (tail_w if whole else w) > width:
            x, line = 0.0, line + 1
        out.append(Slot(s, kind, index if kind == "word" else -1, line, x, x + w))
        index += kind == "word"
        x += w + gap
    return out, 1.9 * size, gap


def sentence_figure(
    tokens,
    *,
    k: int | None = None,
    unknown=None,
    clues=(),
    distance: int | None = None,
    big: bool = False,
    width: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """The sentence as word boxes, the blank after it, and the fixed window framing the last ``k`` words.

    tokens:   the T words the models read (T >= 0; an empty sentence shows only the blank).
    k:        window size (>= 1) or None for no window; when k > T, k - T ``<pad>`` boxes come first.
    unknown:  T flags, True for a word outside the vocabulary.
    clues:    0-based positions of clue words; ``distance`` (words between the last clue and the blank)
              is written under the last one.
    """
    return _figure(
        tokens, k=k, unknown=unknown, clues=clues, distance=distance, values=None, big=big, width=width, title=title
    )


def saliency_figure(
    tokens,
    values,
    *,
    k: int | None = None,
    unknown=None,
    clues=(),
    big: bool = False,
    width: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """Each word filled by ``values[t]`` in 0..1 (how much it moved the answer), with a legend bar.

    ``k`` frames a window model's last k words too (the words outside it get exactly 0).
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if v.shape != (len(list(tokens)),):
        raise ValueError(f"need one value per word ({len(list(tokens))}), got shape {v.shape}")
    return _figure(
        tokens, k=k, unknown=unknown, clues=clues, distance=None, values=v, big=big, width=width, title=title
    )


def _figure(tokens, *, k, unknown, clues, distance, values, big, width, title) -> go.Figure:
    """The word boxes with what was asked for around them: the window, the clue note, the legend, the key."""
    w = _words(tokens, k, unknown, clues, distance, values)
    g = _geometry(w, big, width, title)
    boxes = [_slot(n, s, w, g) for n, s in enumerate(g.slots)]
    centres = [g.centre(s) for s in g.slots]
    window_shapes, window_label = _window(w, g)
    legend_shapes, legend_labels = _legend(g)
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "words",
            "x": [x for x, _ in centres],
            "y": [y for _, y in centres],
            "hovertext": [hover for _, _, hover in boxes],
            "hoverinfo": "text",
            "marker": {"size": g.box_h, "opacity": 0, "symbol": "square"},
            "showlegend": False,
        }
    ]
    layout = {
        "width": int(g.W + 24),
        "height": int(g.height + g.top + 10),
        "margin": {"l": 6, "r": 6, "t": g.top, "b": 6, "pad": 0},
        "title": base.title(title, big, max_px=g.W),  # wrapped to the drawing's width
        "xaxis": base.hidden_axis(-6, g.W + 6),
        "yaxis": base.hidden_axis(g.height + 4, 0),
        "shapes": [box for box, _, _ in boxes] + window_shapes + legend_shapes,
        "annotations": [text for _, text, _ in boxes] + window_label + _clue_note(w, g) + legend_labels + _key(g),
    }
    return base.figure(data, layout, big)


def _words(tokens, k, unknown, clues, distance, values) -> Words:
    """The inputs checked: one unknown flag per word, clues inside the sentence, k at least 1."""
    words = [str(w) for w in tokens]
    T = len(words)
    unk = [False] * T if unknown is None else [bool(u) for u in unknown]
    if len(unk) != T:
        raise ValueError(f"unknown should have one flag per word ({T}), got {len(unk)}")
    clue_set = {int(i) for i in clues if 0 <= int(i) < T}
    if k is not None and int(k) < 1:
        raise ValueError(f"k should be at least 1, got {k}")
    return Words(words, unk, clue_set, None if k is None else int(k), distance, values)


def _geometry(w: Words, big: bool, width: int | None, title: str | None) -> SentenceGeometry:
    """Wrap the boxes into lines, leaving room above the window's first line and under the last clue's line."""
    f = colors.fonts(big)
    W = float(width or ASSUMED_WIDTH[big])
    T, k = len(w.words), w.k
    n_pad = max(0, (k or 0) - T)
    texts = ["<pad>"] * n_pad + [shorten(s, MAX_WORD_CHARS) for s in w.words] + ["___"]
    kinds = ["pad"] * n_pad + ["word"] * T + ["blank"]
    slots, box_h, _ = layout_words(texts, kinds, f["token"], W - 8, keep_last=(k or 0) + 1)
    window = [s for s in slots if s.kind != "blank"][-k:] if k else []
    clue = next(s for s in slots if s.kind == "word" and s.index == max(w.clues)) if w.clues else None
    window_line = window[0].line if window else None
    clue_line = clue.line if clue is not None and w.distance is not None else None
    n_lines = slots[-1].line + 1
    above = [1.5 * f["small"] + 8 if n == window_line else 8.0 for n in range(n_lines)]  # the window label
    below = [1.5 * f["small"] + 4 if n == clue_line else 6.0 for n in range(n_lines)]  # the clue note
    tops = np.concatenate([[0.0], np.cumsum([a + box_h + b for a, b in zip(above, below, strict=True)])])
    height = float(tops[-1])
    legend_y = None
    if w.values is not None:
        legend_y = height + 6
        height += LEGEND_CELL_H[big] + 12
    key = _key_lines(w, W, f["small"])
    key_y = height + 4
    if key:
        height += len(key) * 1.3 * f["small"] + 12
    return SentenceGeometry(
        big=big,
        W=W,
        slots=slots,
        box_h=box_h,
        above=above,
        tops=tops,
        window=window,
        clue=clue,
        legend_y=legend_y,
        key=key,
        key_y=key_y,
        height=height,
        top=base.title_space(title, big, max_px=W),
    )


def _slot(n: int, s: Slot, w: Words, g: SentenceGeometry) -> tuple[dict, dict, str]:
    """The box, the text and the hover of the n-th slot."""
    if s.kind == "word":
        return _word(s, w, g)
    if s.kind == "pad":
        return _pad(n, s, g)
    return _blank(s, g)


def _word(s: Slot, w: Words, g: SentenceGeometry) -> tuple[dict, dict, str]:
    """A word: thick green frame and bold for a clue, dashed grey and italic when unknown, filled by its value."""
    f = colors.fonts(g.big)
    i = s.index
    x0, y0, x1, y1 = g.box(s)
    cx, cy = g.centre(s)
    is_unk, is_clue = w.unknown[i], i in w.clues
    v = None if w.values is None else float(w.values[i])
    line = {
        "color": CLUE if is_clue else (UNKNOWN if is_unk else colors.BOX_LINE),
        "width": (4.5 if g.big else 3.5) if is_clue else (1.5 if g.big else 1.2),
        "dash": "dash" if is_unk else "solid",
    }
    box = {
        "type": "rect",
        "name": f"word-box-{i}",
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "fillcolor": sequential_color(v) if v is not None else colors.BOX_FILL,
        "line": line,
        "layer": "below",
    }
    text = s.text.replace("<", "&lt;")
    text = f"<b>{text}</b>" if is_clue else (f"<i>{text}</i>" if is_unk else text)
    dark = v is not None and v > 0.55
    label = base.label(
        f"word-{i}",
        cx,
        cy,
        text,
        xanchor="center",
        yanchor="middle",
        font={"size": f["token"], "color": "white" if dark else (UNKNOWN if is_unk else colors.TEXT)},
    )
    hover = f"word {i + 1}: {shorten(w.words[i], 120)}".replace("<", "&lt;")
    if is_clue:
        hover += " (clue: a country or one of its cities)"
    if is_unk:
        hover += " (not in the vocabulary: read as &lt;unk&gt;)"
    if v is not None:
        hover += f"<br>influence on the answer: {v:.3f}"
    return box, label, hover


def _pad(n: int, s: Slot, g: SentenceGeometry) -> tuple[dict, dict, str]:
    """A dotted ``<pad>`` box in front of a sentence shorter than the window."""
    x0, y0, x1, y1 = g.box(s)
    cx, cy = g.centre(s)
    box = {
        "type": "rect",
        "name": f"pad-box-{n}",
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "fillcolor": "white",
        "line": {"color": colors.MUTED, "width": 1, "dash": "dot"},
        "layer": "below",
    }
    label = base.label(None, cx, cy, "&lt;pad&gt;", font={"size": colors.fonts(g.big)["small"], "color": colors.MUTED})
    return box, label, "&lt;pad&gt;: the window reaches before the first word"


def _blank(s: Slot, g: SentenceGeometry) -> tuple[dict, dict, str]:
    """The highlighted blank after the last word."""
    x0, y0, x1, y1 = g.box(s)
    cx, cy = g.centre(s)
    box = {
        "type": "rect",
        "name": "blank-box",
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "fillcolor": colors.HIGHLIGHT_FILL,
        "line": {"color": colors.TEXT, "width": 2 if g.big else 1.5, "dash": "dot"},
        "layer": "below",
    }
    label = base.label("blank", cx, cy, "<b>___</b>", font={"size": colors.fonts(g.big)["token"], "color": colors.TEXT})
    return box, label, "the blank: the word the models predict"


def _window(w: Words, g: SentenceGeometry) -> tuple[list[dict], list[dict]]:
    """A frame around the last ``k`` boxes before the blank, one per line it spans, and its label above."""
    if w.k is None:
        return [], []
    k = w.k
    small = colors.fonts(g.big)["small"]
    inside = g.window
    m = 5.0
    shapes = []
    for n, line in enumerate(sorted({s.line for s in inside})):
        seg = [s for s in inside if s.line == line]
        y0, y1 = g.y_of(line)
        shapes.append(
            {
                "type": "rect",
                "name": f"window-{n}",
                "x0": seg[0].x0 + 4 - m,
                "x1": seg[-1].x1 + 4 + m,
                "y0": y0 - m,
                "y1": y1 + m,
                "fillcolor": WINDOW_FILL,
                "layer": "below",
                "line": {"color": WINDOW, "width": 4 if g.big else 3},
            }
        )
    text = f"window: the last {k} word{'s' if k != 1 else ''}"
    first = inside[0]
    x, anchor = first.x0 + 4 - m, "left"
    if x + text_px(text, small) > g.W:
        x, anchor = min(s.x1 for s in inside if s.line == first.line) + 4 + m, "right"
        x = max(x, text_px(text, small))
    y0, _ = g.y_of(first.line)
    label = base.label(
        "window-label",
        x,
        y0 - m - 2,
        f"<b>{text}</b>",
        xanchor=anchor,
        yanchor="bottom",
        font={"size": small, "color": WINDOW},
    )
    return shapes, [label]


def _clue_note(w: Words, g: SentenceGeometry) -> list[dict]:
    """Under the last clue: how many words before the blank it is, and whether the window holds it."""
    if w.distance is None or g.clue is None:
        return []
    small = colors.fonts(g.big)["small"]
    distance, k, last = w.distance, w.k, g.clue
    _, y1 = g.y_of(last.line)
    note = f"the clue, {distance} word{'s' if distance != 1 else ''} before the blank" + (
        "" if k is None else (": inside the window" if distance < k else ": outside the window")
    )
    x, anchor = last.x0 + 4, "left"
    if x + text_px(note, small) > g.W:
        x, anchor = max(last.x1 + 4, text_px(note, small)), "right"
    return [
        base.label("clue-note", x, y1 + 4, note, xanchor=anchor, yanchor="top", font={"size": small, "color": CLUE})
    ]


def _legend(g: SentenceGeometry) -> tuple[list[dict], list[dict]]:
    """A bar of LEGEND_STEPS colours from 0 to 1 with its two ends explained, fitted into the width."""
    if g.legend_y is None:
        return [], []
    small = colors.fonts(g.big)["small"]
    y = g.legend_y
    lo_text, hi_text = "0 = no effect", "1 = moved it most"
    room = g.W - 8 - text_px(lo_text, small) - text_px(hi_text, small) - 20
    cell_w = float(np.clip(room / LEGEND_STEPS, 6.0, 34.0 if g.big else 24.0))
    cell_h = LEGEND_CELL_H[g.big]
    x = 4 + text_px(lo_text, small) + 10
    shapes = [
        {
            "type": "rect",
            "name": f"legend-{j}",
            "x0": x + j * cell_w,
            "x1": x + (j + 1) * cell_w,
            "y0": y,
            "y1": y + cell_h,
            "fillcolor": sequential_color(j / (LEGEND_STEPS - 1)),
            "line": {"color": colors.BOX_LINE, "width": 0.5},
        }
        for j in range(LEGEND_STEPS)
    ]
    mid = y + cell_h / 2
    ann = [
        base.label(
            "legend-lo", 4, mid, lo_text, xanchor="left", yanchor="middle", font={"size": small, "color": colors.TEXT}
        ),
        base.label(
            "legend-hi",
            x + LEGEND_STEPS * cell_w + 10,
            mid,
            hi_text,
            xanchor="left",
            yanchor="middle",
            font={"size": small, "color": colors.TEXT},
        ),
    ]
    return shapes, ann


def _key_lines(w: Words, W: float, small: int) -> list[str]:
    """Lines explaining the border styles in use, joined on one line when they fit in ``W`` px."""
    parts = []
    if w.clues and w.distance is None:
        parts.append(
            (
                "green frame: a clue (country or city)",
                f"<span style='color:{CLUE}'><b>green frame</b></span>: a clue (country or city)",
            )
        )
    if any(w.unknown):
        parts.append(
            (
                "dashed grey frame: not in the vocabulary, read as <unk>",
                "<i>dashed grey frame</i>: not in the vocabulary, read as &lt;unk&gt;",
            )
        )
    sep = "   ·   "
    if parts and text_px(sep.join(p for p, _ in parts), small) <= W - 8:
        return [sep.join(h for _, h in parts)]
    return [h for _, h in parts]


def _key(g: SentenceGeometry) -> list[dict]:
    if not g.key:
        return []
    return [
        {
            "name": "key",
            "x": 4,
            "xref": "x",
            "yref": "y",
            "text": "<br>".join(g.key),
            "showarrow": False,
            "align": "left",
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": colors.fonts(g.big)["small"], "color": colors.MUTED},
            "y": g.key_y,
        }
    ]
