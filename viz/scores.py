"""What one training step did to the outputs: the lecture's green and red numbers, step by step.

A table with one column per scored time step and one row per output class. Each cell prints the score
y_t[c] after the current step and, under it, how the last step moved it: "▲ +0.052" when it rose,
"▼ −0.031" when it fell, "= 0" when it did not move. Rises are bluish green and falls vermillion (Okabe & Ito,
safe for the common colour-vision deficiencies), and the glyphs carry the same message without colour. The
wanted class at each step is framed and bold, so a student can watch the correct next letter's score climb
while the others sink. A last row gives p(wanted) = softmax(y_t)[target_t] and its change in percentage points.

Regression (no classes): two rows, the output y_t with its change, and the target it should reach.

Coordinates: column c of the table sits at x = c; y is in px from the bottom of the table, row r spanning
``plot_h - (r + 1) * row_px`` to ``plot_h - r * row_px``. Element names: ``head-{c}``, ``cell-{r}-{c}``,
``wanted-{c}``, ``row-{r}``, ``rule-{r}``, ``legend``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px

UP = colors.OKABE_ITO["bluish_green"]
DOWN = colors.OKABE_ITO["vermillion"]
MAX_LABEL_CHARS = 11


@dataclass(frozen=True)
class Scores:
    """The checked inputs: scores now and before the last step, the targets, and the steps that get a column."""

    y: np.ndarray  # (T, O)
    targets: np.ndarray  # (T,) class ids (-1: no output) or regression targets (NaN: none)
    x_labels: Sequence[str]
    classes: Sequence[str] | None  # None: regression
    probs: np.ndarray | None  # (T, O), None for regression
    before: np.ndarray | None  # (T, O)
    probs_before: np.ndarray | None  # (T, O), None without probs
    scored: list[int]  # the steps shown, one column each
    row_names: list[str]

    @property
    def regression(self) -> bool:
        return self.classes is None


@dataclass(frozen=True)
class TableGeometry:
    """Sizes of the table in px, worked out once from its rows and the fonts."""

    big: bool
    n_rows: int
    n_cols: int
    row_px: float
    header_px: float  # the column heads, above the plot area
    legend_px: float  # the legend line, below it
    left_px: float  # the row names, left of it
    top: int  # the title's room above the heads
    plot_h: float
    height: int

    def row_y0(self, r: int) -> float:
        """Bottom of row r."""
        return self.plot_h - (r + 1) * self.row_px


@dataclass(frozen=True)
class Cell:
    """What one cell says: the value, the change under it, the hover, and whether it is framed as wanted."""

    main: str
    sub: str
    tip: str
    wanted: bool


def change_text(d: float, pct: bool = False) -> str:
    """'▲ +0.052', '▼ −0.031', '▲ +0.0004', '= 0' (or in percentage points with ``pct``), coloured up or down."""
    if not np.isfinite(d):
        return ""
    if d == 0:
        return f"<span style='color:{colors.MUTED}'>= 0</span>"
    mag = abs(d) * (100 if pct else 1)
    if mag < (0.05 if pct else 0.001):
        num = f"{mag:.1g}"
    elif pct:
        num = f"{mag:.1f}"
    else:
        num = f"{mag:.3f}" if mag < 10 else f"{mag:.3g}"
    num += " pts" if pct else ""
    up = d > 0
    return f"<span style='color:{UP if up else DOWN}'><b>{'▲ +' if up else '▼ −'}{num}</b></span>"


def score_table(
    logits,
    targets,
    x_labels: Sequence[str],
    classes: Sequence[str] | None = None,
    *,
    probs=None,
    before=None,
    probs_before=None,
    step: int | None = None,
    big: bool = False,
    title: str | None = None,
) -> go.Figure:
    """The output scores at every scored step, with the change the last training step made.

    logits:       (T, O) scores y_t after the current step (for regression, O = 1: the predictions).
    targets:      (T,) class ids, -1 where a step has no output; for regression floats, NaN where none.
    x_labels:     T inputs as people read them.
    classes:      O class names; None means regression.
    probs:        (T, O) softmax(y_t) for the p(wanted) row (class tasks; omitted when None).
    before, probs_before: the same before the last step (None: no step yet, so no changes are shown).
    step:         the training step the scores are from (for the legend).
    """
    s = _scores(logits, targets, x_labels, classes, probs, before, probs_before)
    g = _geometry(s.row_names, len(s.scored), big, title)
    cells = [[_cell(s, t, r) for r in range(g.n_rows)] for t in s.scored]  # (columns, rows)
    layout = {
        "height": g.height,
        "margin": {
            "l": int(g.left_px),
            "r": 8,
            "t": int(g.top + g.header_px),
            "b": int(g.legend_px),
            "pad": 0,
            "autoexpand": False,
        },
        "title": base.title(title, big),
        "xaxis": base.hidden_axis(-0.5, max(g.n_cols, 1) - 0.5),
        "yaxis": base.hidden_axis(0, g.plot_h),
        "shapes": _frames(cells, g) + _rules(g),
        "annotations": [a for c, t in enumerate(s.scored) for a in _column(c, t, cells[c], s, g)]
        + _row_labels(s, g)
        + [_legend(s, step, g)],
    }
    return base.figure([_hover(cells, g)], layout, big)


def _scores(logits, targets, x_labels, classes, probs, before, probs_before) -> Scores:
    y = base.as_2d(logits, "logits (T, O)")
    T, O = y.shape
    regression = classes is None
    tg = np.asarray(targets, dtype=float).reshape(-1)
    if tg.shape != (T,) or len(x_labels) != T:
        raise ValueError(f"need T = {T} targets and x_labels, got {tg.shape[0]} and {len(x_labels)}")
    if not regression and len(classes) != O:
        raise ValueError(f"need {O} class names, got {len(classes)}")
    b = None if before is None else np.asarray(before, dtype=float).reshape(T, O)
    p = None if probs is None or regression else np.asarray(probs, dtype=float).reshape(T, O)
    pb = None if probs_before is None or p is None else np.asarray(probs_before, dtype=float).reshape(T, O)
    scored = [t for t in range(T) if (np.isfinite(tg[t]) if regression else tg[t] >= 0)]
    row_names = ["output y_t", "target"] if regression else [shorten(c, MAX_LABEL_CHARS) for c in classes]
    if p is not None:
        row_names.append("p(wanted)")
    return Scores(y, tg, x_labels, classes, p, b, pb, scored or list(range(T)), row_names)


def _geometry(row_names: list[str], n_cols: int, big: bool, title: str | None) -> TableGeometry:
    """Two lines of text per row and per head; the left margin fits the longest row name."""
    f = colors.fonts(big)
    n_rows = len(row_names)
    row_px = 2 * 1.3 * f["label"] + 10
    header_px = 2 * 1.3 * f["small"] + 14
    legend_px = 1.5 * f["small"] + 12
    top = base.title_space(title, big) if title else 4
    plot_h = n_rows * row_px
    return TableGeometry(
        big=big,
        n_rows=n_rows,
        n_cols=n_cols,
        row_px=row_px,
        header_px=header_px,
        legend_px=legend_px,
        left_px=max(text_px(s, f["label"]) for s in row_names) + 14,
        top=top,
        plot_h=plot_h,
        height=int(plot_h + header_px + legend_px + top),
    )


def _cell(s: Scores, t: int, r: int) -> Cell:
    """Row r at step t: an output and its target (regression), a class score, or p(wanted) in the last row."""
    if s.regression:
        return _regression_cell(s, t, r)
    if r < s.y.shape[1]:
        return _score_cell(s, t, r)
    return _p_cell(s, t)


def _regression_cell(s: Scores, t: int, r: int) -> Cell:
    y, b, tg = s.y, s.before, s.targets
    if r == 0:
        val, d = y[t, 0], (np.nan if b is None else y[t, 0] - b[t, 0])
        tip = f"y_{t + 1} = {val:.6g}" + ("" if b is None else f" (before the last step {b[t, 0]:.6g})")
        return Cell(f"{val:.3f}", change_text(d), tip, False)
    return Cell(f"{tg[t]:.3f}", "", f"target at t={t + 1}: {tg[t]:.6g}", True)


def _score_cell(s: Scores, t: int, r: int) -> Cell:
    y, b = s.y, s.before
    val, d = y[t, r], (np.nan if b is None else y[t, r] - b[t, r])
    tip = f"score y_{t + 1}[{s.classes[r]}] = {val:.6g}"
    tip += "" if b is None else f"<br>before the last step: {b[t, r]:.6g}"
    return Cell(f"{val:.2f}", change_text(d), tip, r == int(s.targets[t]))


def _p_cell(s: Scores, t: int) -> Cell:
    p, pb, want = s.probs, s.probs_before, int(s.targets[t])
    val, d = p[t, want], (np.nan if pb is None else p[t, want] - pb[t, want])
    tip = f"p(wanted = {s.classes[want]}) at t={t + 1}: {val:.4%}"
    tip += "" if pb is None else f"<br>before the last step: {pb[t, want]:.4%}"
    return Cell(f"{val:.1%}", change_text(d, pct=True), tip, False)


def _column(c: int, t: int, cells: list[Cell], s: Scores, g: TableGeometry) -> list[dict]:
    """The head of column c (step t, its input and, for classes, the wanted one), then its cells top to bottom."""
    f = colors.fonts(g.big)
    head = f"t={t + 1}<br>x = <b>{_esc(shorten(s.x_labels[t], 7))}</b>"
    if not s.regression:
        head = (
            f"t={t + 1}: <b>{_esc(shorten(s.x_labels[t], 8))}</b>"
            f"<br>wants <b>{_esc(shorten(s.classes[int(s.targets[t])], 9))}</b>"
        )
    out = [base.label(f"head-{c}", c, g.plot_h, head, yanchor="bottom", yshift=4, font={"size": f["small"]})]
    for r, cell in enumerate(cells):
        main = f"<b>{cell.main}</b>" if cell.wanted else cell.main
        text = main + (f"<br><span style='font-size:{f['small']}px'>{cell.sub}</span>" if cell.sub else "")
        out.append(
            base.label(
                f"cell-{r}-{c}", c, g.row_y0(r) + g.row_px / 2, text, font={"size": f["label"], "color": colors.TEXT}
            )
        )
    return out


def _frames(cells: list[list[Cell]], g: TableGeometry) -> list[dict]:
    """A highlighted frame behind each wanted cell."""
    return [
        {
            "type": "rect",
            "name": f"wanted-{c}",
            "x0": c - 0.46,
            "x1": c + 0.46,
            "y0": g.row_y0(r) + 3,
            "y1": g.row_y0(r) + g.row_px - 3,
            "xref": "x",
            "yref": "y",
            "fillcolor": colors.HIGHLIGHT_FILL,
            "line": {"color": colors.HIGHLIGHT, "width": 2.5 if g.big else 2},
            "layer": "below",
        }
        for c, column in enumerate(cells)
        for r, cell in enumerate(column)
        if cell.wanted
    ]


def _rules(g: TableGeometry) -> list[dict]:
    """Thin lines between the rows, across the whole width."""
    return [
        {
            "type": "line",
            "name": f"rule-{r}",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": g.plot_h - r * g.row_px,
            "y1": g.plot_h - r * g.row_px,
            "line": {"color": "#DDDDDD", "width": 1},
        }
        for r in range(1, g.n_rows)
    ]


def _row_labels(s: Scores, g: TableGeometry) -> list[dict]:
    """The row names left of the table; p(wanted) in italics."""
    f = colors.fonts(g.big)
    out = []
    for r, name in enumerate(s.row_names):
        is_p = not s.regression and s.probs is not None and r == g.n_rows - 1
        out.append(
            {
                "name": f"row-{r}",
                "x": 0,
                "y": g.plot_h - (r + 0.5) * g.row_px,
                "xref": "paper",
                "yref": "y",
                "xanchor": "right",
                "xshift": -8,
                "text": f"<i>{name}</i>" if is_p else _esc(name),
                "showarrow": False,
                "font": {"size": f["label"], "color": colors.TEXT},
            }
        )
    return out


def _legend(s: Scores, step: int | None, g: TableGeometry) -> dict:
    """Under the table: what ▲ ▼ and the frame mean, or that no step has been taken yet."""
    if s.before is None:
        legend = "Take a training step to see how it moves these numbers."
    else:
        when = f"step {step}" if step is not None else "the last step"
        what = "wanted" if not s.regression else "the target"
        legend = (
            f"Change in {when}: <span style='color:{UP}'><b>▲ up</b></span>, "
            f"<span style='color:{DOWN}'><b>▼ down</b></span>. Framed: {what}."
        )
    return {
        "name": "legend",
        "x": 0,
        "y": 0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "xshift": 8 - g.left_px,  # from the figure's left edge, under the row names too: a one-column table is narrow
        "yshift": -6,
        "text": legend,
        "showarrow": False,
        "font": {"size": colors.fonts(g.big)["small"], "color": colors.TEXT},
    }


def _hover(cells: list[list[Cell]], g: TableGeometry) -> dict:
    """Invisible markers over the cells carrying the exact values."""
    at = [(c, r, cell) for c, column in enumerate(cells) for r, cell in enumerate(column)]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "scores",
        "x": [c for c, _, _ in at],
        "y": [g.row_y0(r) + g.row_px / 2 for _, r, _ in at],
        "hoverinfo": "text",
        "hovertext": [cell.tip for _, _, cell in at],
        "marker": {"size": max(10.0, g.row_px - 8), "symbol": "square", "color": "rgba(0,0,0,0)", "opacity": 0},
    }


def _esc(s: str) -> str:
    return str(s).replace("<", "&lt;").replace(">", "&gt;")
