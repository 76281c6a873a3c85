"""What one training step did to the outputs: the lecture's green and red numbers, step by step.

A table with one column per scored time step and one row per output class. Each cell prints the score
y_t[c] after the current step and, under it, how the last step moved it: "▲ +0.052" when it rose,
"▼ −0.031" when it fell, "= 0" when it did not move. Rises are bluish green and falls vermillion (Okabe & Ito,
safe for the common colour-vision deficiencies), and the glyphs carry the same message without colour. The
wanted class at each step is framed and bold, so a student can watch the correct next letter's score climb
while the others sink. A last row gives p(wanted) = softmax(y_t)[target_t] and its change in percentage points.

Regression (no classes): two rows, the output y_t with its change, and the target it should reach.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import shorten, text_px

UP = colors.OKABE_ITO["bluish_green"]
DOWN = colors.OKABE_ITO["vermillion"]
MAX_LABEL_CHARS = 11


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
    if not scored:
        scored = list(range(T))
    f = colors.fonts(big)
    row_names = ["output y_t", "target"] if regression else [shorten(c, MAX_LABEL_CHARS) for c in classes]
    if p is not None:
        row_names.append("p(wanted)")
    n_rows, n_cols = len(row_names), len(scored)
    row_px = 2 * 1.3 * f["label"] + 10
    header_px = 2 * 1.3 * f["small"] + 14
    legend_px = 1.5 * f["small"] + 12
    left_px = max(text_px(s, f["label"]) for s in row_names) + 14
    plot_h = n_rows * row_px
    height = int(plot_h + header_px + legend_px + (base.title_space(title, big) if title else 4))
    # x: column c sits at c; row labels live left of -0.5 (in the margin)
    shapes, ann = [], []
    hover_x, hover_y, hover_text = [], [], []
    for c, t in enumerate(scored):
        want = None if regression else int(tg[t])
        head = f"t={t + 1}<br>x = <b>{_esc(shorten(x_labels[t], 7))}</b>"
        if not regression:
            head = (f"t={t + 1}: <b>{_esc(shorten(x_labels[t], 8))}</b>"
                    f"<br>wants <b>{_esc(shorten(classes[want], 9))}</b>")
        ann.append({"name": f"head-{c}", "x": c, "y": plot_h, "xref": "x", "yref": "y", "text": head,
                    "showarrow": False, "yanchor": "bottom", "yshift": 4, "font": {"size": f["small"]}})
        for r in range(n_rows):
            y0 = plot_h - (r + 1) * row_px
            mid = y0 + row_px / 2
            name = row_names[r]
            if regression:
                if r == 0:
                    val, d = y[t, 0], (np.nan if b is None else y[t, 0] - b[t, 0])
                    main, sub = f"{val:.3f}", change_text(d)
                    tip = f"y_{t + 1} = {val:.6g}" + ("" if b is None else f" (before the last step {b[t, 0]:.6g})")
                else:
                    main, sub, tip = f"{tg[t]:.3f}", "", f"target at t={t + 1}: {tg[t]:.6g}"
                wanted = r == 1
            elif r < O:
                val, d = y[t, r], (np.nan if b is None else y[t, r] - b[t, r])
                main, sub = f"{val:.2f}", change_text(d)
                tip = f"score y_{t + 1}[{classes[r]}] = {val:.6g}"
                tip += "" if b is None else f"<br>before the last step: {b[t, r]:.6g}"
                wanted = r == want
            else:
                val, d = p[t, want], (np.nan if pb is None else p[t, want] - pb[t, want])
                main, sub = f"{val:.1%}", change_text(d, pct=True)
                tip = f"p(wanted = {classes[want]}) at t={t + 1}: {val:.4%}"
                tip += "" if pb is None else f"<br>before the last step: {pb[t, want]:.4%}"
                wanted = False
            if wanted:
                shapes.append({
                    "type": "rect", "name": f"wanted-{c}", "x0": c - 0.46, "x1": c + 0.46, "y0": y0 + 3,
                    "y1": y0 + row_px - 3, "xref": "x", "yref": "y", "fillcolor": colors.HIGHLIGHT_FILL,
                    "line": {"color": colors.HIGHLIGHT, "width": 2.5 if big else 2}, "layer": "below",
                })
                main = f"<b>{main}</b>"
            text = main + (f"<br><span style='font-size:{f['small']}px'>{sub}</span>" if sub else "")
            ann.append({"name": f"cell-{r}-{c}", "x": c, "y": mid, "xref": "x", "yref": "y", "text": text,
                        "showarrow": False, "font": {"size": f["label"], "color": colors.TEXT}})
            hover_x.append(c)
            hover_y.append(mid)
            hover_text.append(tip)
    for r, name in enumerate(row_names):
        is_p = not regression and p is not None and r == n_rows - 1
        ann.append({"name": f"row-{r}", "x": 0, "y": plot_h - (r + 0.5) * row_px, "xref": "paper", "yref": "y",
                    "xanchor": "right", "xshift": -8, "text": f"<i>{name}</i>" if is_p else _esc(name),
                    "showarrow": False, "font": {"size": f["label"], "color": colors.TEXT}})
        if r:
            shapes.append({"type": "line", "name": f"rule-{r}", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                           "y0": plot_h - r * row_px, "y1": plot_h - r * row_px,
                           "line": {"color": "#DDDDDD", "width": 1}})
    if b is None:
        legend = "Take a training step to see how it moves these numbers."
    else:
        when = f"step {step}" if step is not None else "the last step"
        what = "wanted" if not regression else "the target"
        legend = (f"Change in {when}: <span style='color:{UP}'><b>▲ up</b></span>, "
                  f"<span style='color:{DOWN}'><b>▼ down</b></span>. Framed: {what}.")
    ann.append({"name": "legend", "x": 0, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "left",
                "yanchor": "top", "yshift": -6, "text": legend, "showarrow": False,
                "font": {"size": f["small"], "color": colors.TEXT}})
    hover = {
        "type": "scatter", "mode": "markers", "name": "scores", "x": hover_x, "y": hover_y, "hoverinfo": "text",
        "hovertext": hover_text,
        "marker": {"size": max(10.0, row_px - 8), "symbol": "square", "color": "rgba(0,0,0,0)", "opacity": 0},
    }
    top = base.title_space(title, big) if title else 4
    layout = {
        "height": height,
        "margin": {"l": int(left_px), "r": 8, "t": int(top + header_px), "b": int(legend_px), "pad": 0,
                   "autoexpand": False},
        "title": base.title(title, big),
        "xaxis": base.hidden_axis(-0.5, max(n_cols, 1) - 0.5),
        "yaxis": base.hidden_axis(0, plot_h),
        "shapes": shapes, "annotations": ann,
    }
    return base.figure([hover], layout, big)


def _esc(s: str) -> str:
    return str(s).replace("<", "&lt;").replace(">", "&gt;")
