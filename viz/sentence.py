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
ASSUMED_WIDTH = {False: 860, True: 1450}
WINDOW = colors.OKABE_ITO["vermillion"]
WINDOW_FILL = "rgba(213, 94, 0, 0.08)"  # vermillion, translucent
CLUE = colors.OKABE_ITO["bluish_green"]
UNKNOWN = "#777777"
# ColorBrewer Purples, 9 classes: white-ish at 0, dark purple at 1.
PURPLES = ["#FCFBFD", "#EFEDF5", "#DADAEB", "#BCBDDC", "#9E9AC8", "#807DBA", "#6A51A3", "#54278F", "#3F007D"]
LEGEND_STEPS = 11


@dataclass(frozen=True)
class Slot:
    """One box of the layout: its text, kind ('word', 'pad', 'blank'), word index (or -1), line and x extent."""

    text: str
    kind: str
    index: int
    line: int
    x0: float
    x1: float


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


def layout_words(texts: list[str], kinds: list[str], size: float, width: float,
                 keep_last: int = 0) -> tuple[list[Slot], float, float]:
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


def sentence_figure(tokens, *, k: int | None = None, unknown=None, clues=(), distance: int | None = None,
                    big: bool = False, width: int | None = None, title: str | None = None) -> go.Figure:
    """The sentence as word boxes, the blank after it, and the fixed window framing the last ``k`` words.

    tokens:   the T words the models read (T >= 0; an empty sentence shows only the blank).
    k:        window size (>= 1) or None for no window; when k > T, k - T ``<pad>`` boxes come first.
    unknown:  T flags, True for a word outside the vocabulary.
    clues:    0-based positions of clue words; ``distance`` (words between the last clue and the blank)
              is written under the last one.
    """
    return _figure(tokens, k=k, unknown=unknown, clues=clues, distance=distance, values=None, big=big, width=width,
                   title=title)


def saliency_figure(tokens, values, *, k: int | None = None, unknown=None, clues=(), big: bool = False,
                    width: int | None = None, title: str | None = None) -> go.Figure:
    """Each word filled by ``values[t]`` in 0..1 (how much it moved the answer), with a legend bar.

    ``k`` frames a window model's last k words too (the words outside it get exactly 0).
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if v.shape != (len(list(tokens)),):
        raise ValueError(f"need one value per word ({len(list(tokens))}), got shape {v.shape}")
    return _figure(tokens, k=k, unknown=unknown, clues=clues, distance=None, values=v, big=big, width=width,
                   title=title)


def _figure(tokens, *, k, unknown, clues, distance, values, big, width, title) -> go.Figure:
    words = [str(w) for w in tokens]
    T = len(words)
    unk = [False] * T if unknown is None else [bool(u) for u in unknown]
    if len(unk) != T:
        raise ValueError(f"unknown should have one flag per word ({T}), got {len(unk)}")
    clue_set = {int(i) for i in clues if 0 <= int(i) < T}
    if k is not None and int(k) < 1:
        raise ValueError(f"k should be at least 1, got {k}")
    k = None if k is None else int(k)
    f = colors.fonts(big)
    size = f["token"]
    W = float(width or ASSUMED_WIDTH[big])
    n_pad = max(0, (k or 0) - T)
    texts = ["<pad>"] * n_pad + [shorten(w, MAX_WORD_CHARS) for w in words]
    kinds = ["pad"] * n_pad + ["word"] * T + ["blank"]
    texts.append("___")
    slots, box_h, _ = layout_words(texts, kinds, size, W - 8, keep_last=(k or 0) + 1)
    n_lines = slots[-1].line + 1
    window_line = [s for s in slots if s.kind != "blank"][-k].line if k else None
    clue_line = next(s.line for s in slots if s.kind == "word" and s.index == max(clue_set)) if clue_set else None
    above = [1.5 * f["small"] + 8 if n == window_line else 8.0 for n in range(n_lines)]  # the window label
    below = [1.5 * f["small"] + 4 if n == clue_line and distance is not None else 6.0 for n in range(n_lines)]
    tops = np.concatenate([[0.0], np.cumsum([a + box_h + b for a, b in zip(above, below, strict=True)])])
    top = base.title_space(title, big)

    def y_of(line: int) -> tuple[float, float]:
        y0 = tops[line] + above[line]
        return y0, y0 + box_h

    shapes, annotations = [], []
    hover_x, hover_y, hover_text = [], [], []
    for s in slots:
        y0, y1 = y_of(s.line)
        x0, x1 = s.x0 + 4, s.x1 + 4
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if s.kind == "word":
            i = s.index
            is_unk, is_clue = unk[i], i in clue_set
            v = None if values is None else float(values[i])
            fill = sequential_color(v) if v is not None else colors.BOX_FILL
            line = {"color": CLUE if is_clue else (UNKNOWN if is_unk else colors.BOX_LINE),
                    "width": (4.5 if big else 3.5) if is_clue else (1.5 if big else 1.2),
                    "dash": "dash" if is_unk else "solid"}
            shapes.append({"type": "rect", "name": f"word-box-{i}", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                           "fillcolor": fill, "line": line, "layer": "below"})
            text = s.text.replace("<", "&lt;")
            text = f"<b>{text}</b>" if is_clue else (f"<i>{text}</i>" if is_unk else text)
            dark = v is not None and v > 0.55
            annotations.append({"name": f"word-{i}", "x": cx, "y": cy, "xref": "x", "yref": "y", "text": text,
                                "showarrow": False, "xanchor": "center", "yanchor": "middle",
                                "font": {"size": size, "color": "white" if dark else
                                         (UNKNOWN if is_unk else colors.TEXT)}})
            hover = f"word {i + 1}: {shorten(words[i], 120)}".replace("<", "&lt;")
            if is_clue:
                hover += " (clue: a country or one of its cities)"
            if is_unk:
                hover += " (not in the vocabulary: read as &lt;unk&gt;)"
            if v is not None:
                hover += f"<br>influence on the answer: {v:.3f}"
        elif s.kind == "pad":
            shapes.append({"type": "rect", "name": f"pad-box-{len(hover_x)}", "x0": x0, "x1": x1, "y0": y0,
                           "y1": y1, "fillcolor": "white", "line": {"color": colors.MUTED, "width": 1, "dash": "dot"},
                           "layer": "below"})
            annotations.append({"x": cx, "y": cy, "xref": "x", "yref": "y", "text": "&lt;pad&gt;", "showarrow": False,
                                "font": {"size": f["small"], "color": colors.MUTED}})
            hover = "&lt;pad&gt;: the window reaches before the first word"
        else:
            shapes.append({"type": "rect", "name": "blank-box", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                           "fillcolor": colors.HIGHLIGHT_FILL,
                           "line": {"color": colors.TEXT, "width": 2 if big else 1.5, "dash": "dot"},
                           "layer": "below"})
            annotations.append({"name": "blank", "x": cx, "y": cy, "xref": "x", "yref": "y", "text": "<b>___</b>",
                                "showarrow": False, "font": {"size": size, "color": colors.TEXT}})
            hover = "the blank: the word the models predict"
        hover_x.append(cx)
        hover_y.append(cy)
        hover_text.append(hover)

    if k is not None:
        shapes_w, ann_w = _window(slots, k, y_of, W, f, big)
        shapes += shapes_w
        annotations += ann_w
    if distance is not None and clue_set:
        last = next(s for s in slots if s.kind == "word" and s.index == max(clue_set))
        _, y1 = y_of(last.line)
        note = (f"the clue, {distance} word{'s' if distance != 1 else ''} before the blank"
                + ("" if k is None else (": inside the window" if distance < k else ": outside the window")))
        x, anchor = last.x0 + 4, "left"
        if x + text_px(note, f["small"]) > W:
            x, anchor = max(last.x1 + 4, text_px(note, f["small"])), "right"
        annotations.append({"name": "clue-note", "x": x, "y": y1 + 4, "xref": "x", "yref": "y", "text": note,
                            "showarrow": False, "xanchor": anchor, "yanchor": "top",
                            "font": {"size": f["small"], "color": CLUE}})

    height = float(tops[-1])
    if values is not None:
        shapes_l, ann_l, legend_h = _legend(height + 6, W, f, big)
        shapes += shapes_l
        annotations += ann_l
        height += legend_h
    key, n_key = _key(any(unk), bool(clue_set) and distance is None, W, f)
    if key:
        annotations.append({**key, "y": height + 4})
        height += n_key * 1.3 * f["small"] + 12
    data = [{"type": "scatter", "mode": "markers", "name": "words", "x": hover_x, "y": hover_y,
             "hovertext": hover_text, "hoverinfo": "text", "marker": {"size": box_h, "opacity": 0, "symbol": "square"},
             "showlegend": False}]
    layout = {
        "width": int(W + 24),
        "height": int(height + top + 10),
        "margin": {"l": 6, "r": 6, "t": top, "b": 6, "pad": 0},
        "title": base.title(title, big),
        "xaxis": base.hidden_axis(-6, W + 6),
        "yaxis": base.hidden_axis(height + 4, 0),
        "shapes": shapes,
        "annotations": annotations,
    }
    return base.figure(data, layout, big)


def _window(slots: list[Slot], k: int, y_of, W: float, f: dict, big: bool) -> tuple[list[dict], list[dict]]:
    """A frame around the last ``k`` boxes before the blank, one per line it spans, and its label above."""
    inside = [s for s in slots if s.kind != "blank"][-k:]
    lines = sorted({s.line for s in inside})
    m = 5.0
    shapes = []
    for n, line in enumerate(lines):
        seg = [s for s in inside if s.line == line]
        y0, y1 = y_of(line)
        shapes.append({"type": "rect", "name": f"window-{n}", "x0": seg[0].x0 + 4 - m, "x1": seg[-1].x1 + 4 + m,
                       "y0": y0 - m, "y1": y1 + m, "fillcolor": WINDOW_FILL, "layer": "below",
                       "line": {"color": WINDOW, "width": 4 if big else 3}})
    text = f"window: the last {k} word{'s' if k != 1 else ''}"
    first = inside[0]
    x = first.x0 + 4 - m
    anchor = "left"
    if x + text_px(text, f["small"]) > W:
        x, anchor = min(s.x1 for s in inside if s.line == first.line) + 4 + m, "right"
        x = max(x, text_px(text, f["small"]))
    y0, _ = y_of(first.line)
    label = {"name": "window-label", "x": x, "y": y0 - m - 2, "xref": "x", "yref": "y", "text": f"<b>{text}</b>",
             "showarrow": False, "xanchor": anchor, "yanchor": "bottom", "font": {"size": f["small"], "color": WINDOW}}
    return shapes, [label]


def _legend(y: float, W: float, f: dict, big: bool) -> tuple[list[dict], list[dict], float]:
    """A bar of LEGEND_STEPS colours from 0 to 1 with its two ends explained, fitted into ``W`` px."""
    lo_text, hi_text = "0 = no effect", "1 = moved it most"
    room = W - 8 - text_px(lo_text, f["small"]) - text_px(hi_text, f["small"]) - 20
    cell_w = float(np.clip(room / LEGEND_STEPS, 6.0, 34.0 if big else 24.0))
    cell_h = 18.0 if big else 13.0
    x = 4 + text_px(lo_text, f["small"]) + 10
    shapes = [{"type": "rect", "name": f"legend-{j}", "x0": x + j * cell_w, "x1": x + (j + 1) * cell_w, "y0": y,
               "y1": y + cell_h, "fillcolor": sequential_color(j / (LEGEND_STEPS - 1)),
               "line": {"color": colors.BOX_LINE, "width": 0.5}} for j in range(LEGEND_STEPS)]
    mid = y + cell_h / 2
    ann = [
        {"name": "legend-lo", "x": 4, "y": mid, "xref": "x", "yref": "y", "text": lo_text, "showarrow": False,
         "xanchor": "left", "yanchor": "middle", "font": {"size": f["small"], "color": colors.TEXT}},
        {"name": "legend-hi", "x": x + LEGEND_STEPS * cell_w + 10, "y": mid, "xref": "x", "yref": "y",
         "text": hi_text, "showarrow": False, "xanchor": "left", "yanchor": "middle",
         "font": {"size": f["small"], "color": colors.TEXT}},
    ]
    return shapes, ann, cell_h + 12


def _key(unknown: bool, clue: bool, W: float, f: dict) -> tuple[dict | None, int]:
    """Lines explaining the border styles in use (joined on one line when they fit), and how many lines."""
    parts = []
    if clue:
        parts.append(("green frame: a clue (country or city)",
                      f"<span style='color:{CLUE}'><b>green frame</b></span>: a clue (country or city)"))
    if unknown:
        parts.append(("dashed grey frame: not in the vocabulary, read as <unk>",
                      "<i>dashed grey frame</i>: not in the vocabulary, read as &lt;unk&gt;"))
    if not parts:
        return None, 0
    sep = "   ·   "
    one_line = text_px(sep.join(p for p, _ in parts), f["small"]) <= W - 8
    text = (sep if one_line else "<br>").join(h for _, h in parts)
    return ({"name": "key", "x": 4, "xref": "x", "yref": "y", "text": text, "showarrow": False, "align": "left",
             "xanchor": "left", "yanchor": "top", "font": {"size": f["small"], "color": colors.MUTED}},
            1 if one_line else len(parts))
