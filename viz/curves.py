"""Line charts for the training page: learning curves, gradient norms back through time, the memory horizon.

    training_curves   loss (log scale) and accuracy against the training step, training and held-out
    gradient_norms    ||dL/dh_t|| against t on a log scale, for one sequence, revealed from the last step back
    vanishing_plot    ||dL/dh_t|| against t for several cells on one log axis, optionally after clipping
    horizon_plot      held-out accuracy against the lag for each cell, with chance marked

Series keep one colour, dash and marker each (Okabe & Ito colours; dashes and markers so nothing depends on
colour alone). Axes do not rescale as a curve grows where that would make a picture jump: the caller passes
the full data and says how much of it is revealed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz import base, colors, labels

TRAIN_STYLE = {"color": colors.OKABE_ITO["blue"], "dash": "solid", "symbol": "circle"}
HELDOUT_STYLE = {"color": colors.OKABE_ITO["vermillion"], "dash": "dash", "symbol": "diamond"}
KIND_STYLE = {
    "rnn": {"color": colors.ARCH["rnn"], "dash": "solid", "symbol": "circle", "name": labels.ARCH["rnn"]},
    "lstm": {"color": colors.ARCH["lstm"], "dash": "dash", "symbol": "square", "name": labels.ARCH["lstm"]},
    "gru": {"color": colors.ARCH["gru"], "dash": "dot", "symbol": "diamond", "name": labels.ARCH["gru"]},
}
GRID = "#E3E3E3"
MARKERS_UP_TO = 80  # points per series drawn with markers; beyond, lines only
MARKERS_UP_TO_DENSE = 24
DODGE = 0.012  # decades between cells' markers at the same lag  # the same where several series share a plot


def _style(kind: str, i: int) -> dict:
    if kind in KIND_STYLE:
        return KIND_STYLE[kind]
    return {"color": colors.SERIES[i % len(colors.SERIES)], "dash": "solid", "symbol": "circle", "name": kind}


def _axis(big: bool, title: str, **extra) -> dict:
    f = colors.fonts(big)
    return {
        "title": {"text": title, "font": {"size": f["label"], "color": colors.TEXT}, "standoff": 6},
        "tickfont": {"size": f["small"], "color": colors.TEXT},
        "gridcolor": GRID,
        "zeroline": False,
        "showline": True,
        "linecolor": colors.BOX_LINE,
        "fixedrange": True,
        "automargin": True,
        **extra,
    }


def _legend(big: bool) -> dict:
    f = colors.fonts(big)
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "top",
        "yref": "container",
        "font": {"size": f["label"], "color": colors.TEXT},
        "bgcolor": "rgba(255,255,255,0.8)",
    }


def _line(
    x,
    y,
    name: str,
    style: dict,
    big: bool,
    *,
    xaxis="x",
    yaxis="y",
    legend=True,
    width=None,
    hover: str = "%{y:.4g}",
    opacity: float = 1.0,
    markers_up_to: int = MARKERS_UP_TO,
) -> dict:
    n = int(np.isfinite(np.asarray(y, dtype=float)).sum())
    f = colors.fonts(big)
    return {
        "type": "scatter",
        "mode": "lines+markers" if n <= markers_up_to else "lines",
        "name": name,
        "x": np.asarray(x),
        "y": np.asarray(y, dtype=float),
        "xaxis": xaxis,
        "yaxis": yaxis,
        "showlegend": legend,
        "legendgroup": name,
        "opacity": opacity,
        "line": {"color": style["color"], "dash": style["dash"], "width": width or (3.5 if big else 2.5)},
        "marker": {"symbol": style["symbol"], "size": 9 if big else 7, "color": style["color"]},
        "hovertemplate": f"{name}<br>%{{x}}: {hover}<extra></extra>",
        "hoverlabel": {"font": {"size": f["hover"]}},
    }


def _log_range(*arrays, pad: float = 0.25) -> list[float] | None:
    vals = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays if a is not None])
    vals = vals[np.isfinite(vals) & (vals > 0)]
    if not vals.size:
        return None
    lo, hi = float(np.log10(vals.min())), float(np.log10(vals.max()))
    if hi - lo < 1:
        mid = (hi + lo) / 2
        lo, hi = mid - 0.5, mid + 0.5
    return [lo - pad, hi + pad]


def _decades(rng: Sequence[float], big: bool = False) -> dict:
    """A log axis over ``rng`` (in decades) with a tick at every power of ten in it, written 10^n, given
    explicitly so that the stepper's SVG (``viz.svg``) draws the ticks plotly draws. ``big``: the exponent on the
    line, "10^-3" (a superscript would be 70 % of the projector's smallest size)."""
    lo, hi = math.ceil(rng[0] - 1e-9), math.floor(rng[1] + 1e-9)
    step = max(1, math.ceil((hi - lo + 1) / 8))  # at most about 8 ticks
    powers = list(range(lo, hi + 1, step))

    def power(n: int) -> str:
        return f"10^{n}" if big else f"10<sup>{n}</sup>"

    ticks = [(10.0**n, {0: "1", 1: "10"}.get(n, power(n))) for n in powers]
    if len(powers) < 2:  # less than two decades in view: 2 and 5 times each power as well
        for n in range(lo - 1, hi + 1):
            for m in (2, 5):
                if rng[0] <= math.log10(m) + n <= rng[1]:
                    ticks.append((m * 10.0**n, f"{m}·{power(n)}" if n not in (0, 1) else f"{m * 10**n:g}"))
        ticks.sort()
    return {"range": list(rng), "tickvals": [v for v, _ in ticks], "ticktext": [s for _, s in ticks]}


def _titled(height: int, title: str | None, big: bool) -> dict:
    """A plot's height, margins, title and its legend in a row under the title."""
    top = int(base.title_space(title, big) + 2.4 * colors.fonts(big)["label"])
    return {
        "height": height,
        "margin": {"l": 8, "r": 12, "t": top, "b": 8, "pad": 2},
        "title": base.title(title, big),
        "showlegend": True,
        "legend": _legend(big),
    }


def _label(text: str, x, y, big: bool, xref="x", yref="y", **extra) -> dict:
    f = colors.fonts(big)
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": xref,
        "yref": yref,
        "showarrow": False,
        "font": {"size": f["small"], "color": colors.TEXT},
        "bgcolor": "rgba(255,255,255,0.85)",
        **extra,
    }


# --- learning curves ---------------------------------------------------------------------------------------


def training_curves(
    curves: Mapping[str, Sequence[float]],
    *,
    loss_name: str = "cross-entropy loss",
    acc_name: str = "accuracy",
    stop_loss: float | None = None,
    stop_acc: float | None = None,
    diverged_at: int | None = None,
    stacked: bool = False,
    big: bool = False,
) -> go.Figure:
    """Loss (log y) beside accuracy (0-100%) against the training step, training solid, held-out dashed.

    curves: columns ``step``, ``train_loss``, ``heldout_loss``, ``train_acc``, ``heldout_acc`` (as from
            ``Stepper.curves()``). When the held-out columns equal the training ones (a task whose held-out
            set is its training set) one line says so instead of two on top of each other.
    stop_loss, stop_acc: a dotted target line where playing stops.
    diverged_at: the step that diverged (not in the curves): a vertical marker on both panels.
    stacked: loss above accuracy (for a narrow column) instead of side by side.
    """
    step = np.asarray(curves["step"], dtype=float)
    cols = {k: np.asarray(curves[k], dtype=float) for k in ("train_loss", "heldout_loss", "train_acc", "heldout_acc")}
    if any(len(v) != len(step) for v in cols.values()) or not len(step):
        raise ValueError("every curve needs one value per step, and at least one step")
    same = np.array_equal(cols["train_loss"], cols["heldout_loss"], equal_nan=True) and np.array_equal(
        cols["train_acc"], cols["heldout_acc"], equal_nan=True
    )
    f = colors.fonts(big)
    data = []
    sets = [("train", "training = held-out (the same data)" if same else "training", TRAIN_STYLE)]
    if not same:
        sets.append(("heldout", "held-out", HELDOUT_STYLE))
    for j, (metric, axes) in enumerate((("loss", ("x", "y")), ("acc", ("x2", "y2")))):
        hover = "%{y:.4g}" if metric == "loss" else "%{y:.1%}"
        for which, name, style in sets:
            y = cols[f"{which}_{metric}"]
            data.append(_line(step, y, name, style, big, xaxis=axes[0], yaxis=axes[1], legend=j == 0, hover=hover))
    last = float(np.nanmax(step)) if np.isfinite(step).any() else 0.0
    if diverged_at is not None:
        last = max(last, float(diverged_at))
    xr = [-0.02 * max(last, 10), max(last, 10) * 1.03]
    shapes, ann = [], []
    loss_range = _log_range(cols["train_loss"], cols["heldout_loss"], [stop_loss] if stop_loss else None)
    if stop_loss is not None and stop_loss > 0:
        shapes.append(
            {
                "type": "line",
                "name": "stop-loss",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": stop_loss,
                "y1": stop_loss,
                "line": {"color": colors.TEXT, "width": 1.5, "dash": "dot"},
            }
        )
        ann.append(
            _label(
                f"stop at {stop_loss:g}",
                1,
                np.log10(stop_loss),
                big,
                xref="x domain",
                xanchor="right",
                yanchor="bottom",
            )
        )
    if stop_acc is not None:
        shapes.append(
            {
                "type": "line",
                "name": "stop-acc",
                "xref": "x2 domain",
                "yref": "y2",
                "x0": 0,
                "x1": 1,
                "y0": stop_acc,
                "y1": stop_acc,
                "line": {"color": colors.TEXT, "width": 1.5, "dash": "dot"},
            }
        )
        ann.append(
            _label(
                f"stop at {stop_acc:.0%}", 1, stop_acc, big, xref="x2 domain", yref="y2", xanchor="right", yanchor="top"
            )
        )
    if diverged_at is not None:
        for xa, ya in (("x", "y"), ("x2", "y2")):
            shapes.append(
                {
                    "type": "line",
                    "name": f"diverged-{xa}",
                    "xref": xa,
                    "yref": f"{ya} domain",
                    "x0": diverged_at,
                    "x1": diverged_at,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": colors.OKABE_ITO["vermillion"], "width": 2.5, "dash": "dash"},
                }
            )
        ann.append(
            _label(
                f"diverged at step {diverged_at}",
                diverged_at,
                0.5,
                big,
                yref="y domain",
                xanchor="right",
                textangle=-90,
                font={"size": f["small"], "color": colors.OKABE_ITO["vermillion"]},
            )
        )
    if stacked:
        dom = {
            "xaxis": {"domain": [0, 1]},
            "xaxis2": {"domain": [0, 1]},
            "yaxis": {"domain": [0.56, 1]},
            "yaxis2": {"domain": [0, 0.44]},
        }
    else:
        dom = {
            "xaxis": {"domain": [0, 0.45]},
            "xaxis2": {"domain": [0.57, 1]},
            "yaxis": {"domain": [0, 1]},
            "yaxis2": {"domain": [0, 1]},
        }
    layout = {
        "height": int((380 if big else 300) * (1.75 if stacked else 1)),
        "margin": {"l": 8, "r": 12, "t": int(2.4 * f["label"] + 12), "b": 8, "pad": 2},
        "showlegend": True,
        "legend": _legend(big),
        "hovermode": "closest",
        "xaxis": _axis(big, "" if stacked else "training step", range=xr, anchor="y", **dom["xaxis"]),
        "xaxis2": _axis(big, "training step", range=xr, anchor="y2", **dom["xaxis2"]),
        "yaxis": _axis(
            big,
            f"{loss_name} (log)",
            type="log",
            dtick=1,
            anchor="x",
            **dom["yaxis"],
            **({"range": loss_range} if loss_range else {}),
        ),
        "yaxis2": _axis(
            big,
            acc_name,
            anchor="x2",
            range=[-0.03, 1.05],
            tickformat=".0%",
            tickvals=[0, 0.25, 0.5, 0.75, 1.0],
            **dom["yaxis2"],
        ),
        "shapes": shapes,
        "annotations": ann,
    }
    return base.figure(data, layout, big)


# --- gradient norms back through time ----------------------------------------------------------------------


def gradient_norms(norms, *, reached: int | None = None, big: bool = False, title: str | None = None) -> go.Figure:
    """||dL/dh_t|| against t = 1..T on a log axis.

    reached: how many steps the backward pass has reached, counting back from the last (1: only t = T;
             None: all). Points not reached yet are left out; the axes already span the whole curve, so
             nothing rescales while stepping. The newest point (the current backward step) is ringed.
    """
    g = np.asarray(norms, dtype=float).reshape(-1)
    T = g.size
    if T == 0:
        raise ValueError("norms is empty")
    k = T if reached is None else int(min(max(int(reached), 1), T))
    t = np.arange(1, T + 1)
    shown = np.where(t > T - k, g, np.nan)
    shown = np.where(shown > 0, shown, np.nan)  # a log axis cannot place 0
    style = {"color": colors.GRADIENT, "dash": "solid", "symbol": "circle"}
    data = [_line(t, shown, "||dL/dh_t||", style, big, legend=False, hover="%{y:.3e}")]
    data[0]["hovertemplate"] = "||dL/dh_%{x}|| = %{y:.4e}<extra></extra>"
    cur = T - k  # 0-based index of the newest point
    f = colors.fonts(big)
    if np.isfinite(shown[cur]):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "current",
                "x": [cur + 1],
                "y": [shown[cur]],
                "showlegend": False,
                "hoverinfo": "skip",
                "marker": {
                    "size": 20 if big else 15,
                    "symbol": "circle-open",
                    "color": colors.HIGHLIGHT,
                    "line": {"width": 3 if big else 2.5, "color": colors.HIGHLIGHT},
                },
            }
        )
    rng = _log_range(g)
    ann = []
    if rng is None:
        ann.append(_label("every ||dL/dh_t|| is 0", 0.5, 0.5, big, xref="paper", yref="paper"))
    layout = {
        "height": 300 if big else 240,
        "margin": {"l": 8, "r": 12, "t": base.title_space(title, big), "b": 8, "pad": 2},
        "title": base.title(title, big),
        "xaxis": _axis(
            big, "time step t", range=[0.5, T + 0.5], **({"tickvals": list(range(1, T + 1))} if T <= 20 else {})
        ),
        "yaxis": _axis(big, "||dL/dh_t|| (log)", type="log", **(_decades(rng, big) if rng else {})),
        "annotations": ann,
    }
    layout["xaxis"]["tickfont"] = {"size": f["small"], "color": colors.TEXT}
    layout["xaxis"]["showgrid"] = layout["yaxis"]["showgrid"] = True
    return base.figure(data, layout, big)


# --- vanishing and exploding -------------------------------------------------------------------------------


def vanishing_plot(
    curves: Mapping[str, Sequence[float]],
    *,
    clipped: Mapping[str, Sequence[float]] | None = None,
    threshold: float | None = None,
    big: bool = False,
    title: str | None = None,
) -> go.Figure:
    """||dL/dh_t|| against t for each cell (``{"rnn": norms, ...}``), loss at the last step, on one log axis.

    clipped: the same curves after global-norm clipping at ``threshold``: drawn thin and faded, with the
             unclipped ones kept for comparison. A dashed line at 1 marks ||dL/dh_T||, where every curve
             starts: below it the gradient vanishes on its way back, above it it explodes.
    """
    if not curves:
        raise ValueError("curves is empty")
    data, allv = [], []
    T = 0
    for i, (kind, norms) in enumerate(curves.items()):
        g = np.asarray(norms, dtype=float).reshape(-1)
        T = max(T, g.size)
        st_ = _style(kind, i)
        g = np.where(g > 0, g, np.nan)
        allv.append(g)
        data.append(
            _line(
                np.arange(1, g.size + 1),
                g,
                st_["name"] + (", not clipped" if clipped else ""),
                st_,
                big,
                hover="%{y:.3e}",
                opacity=0.4 if clipped else 1.0,
                width=(2.5 if big else 1.5) if clipped else None,
                markers_up_to=0 if clipped else MARKERS_UP_TO_DENSE,
            )
        )
        data[-1]["hovertemplate"] = f"{st_['name']}: ||dL/dh_%{{x}}|| = %{{y:.3e}}<extra></extra>"
        if clipped is not None and kind in clipped:
            c = np.asarray(clipped[kind], dtype=float).reshape(-1)
            c = np.where(c > 0, c, np.nan)
            allv.append(c)
            name = f"{st_['name']}, clipped"
            tr = _line(np.arange(1, c.size + 1), c, name, st_, big, hover="%{y:.3e}", markers_up_to=MARKERS_UP_TO_DENSE)
            tr["hovertemplate"] = (
                f"{name}"
                + (f" at {threshold:g}" if threshold is not None else "")
                + ": ||dL/dh_%{x}|| = %{y:.3e}<extra></extra>"
            )
            data.append(tr)
    rng = _log_range(*allv, [1.0], pad=0.4)
    f = colors.fonts(big)
    shapes = [
        {
            "type": "line",
            "name": "one",
            "xref": "x domain",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": 1,
            "y1": 1,
            "line": {"color": colors.MUTED, "width": 1.5, "dash": "dash"},
        }
    ]
    ann = []
    if rng is not None:
        # curves meet at 1 on the right (t = T) and spread out to the left: labels go where they are not
        if rng[1] > 0.8:
            ann.append(
                _label(
                    "↑ exploding: grows on its way back",
                    0.99,
                    1,
                    big,
                    xref="x domain",
                    yref="y domain",
                    xanchor="right",
                    yanchor="top",
                    yshift=-4,
                )
            )
        if rng[0] < -0.8:
            ann.append(
                _label(
                    "↓ vanishing: shrinks on its way back",
                    0.99,
                    0,
                    big,
                    xref="x domain",
                    yref="y domain",
                    xanchor="right",
                    yanchor="bottom",
                    yshift=4,
                )
            )
        ann.append(
            _label(
                "||dL/dh_T|| = 1",
                0.6,
                0,
                big,
                xref="x domain",
                yref="y",
                xanchor="center",
                yanchor="bottom",
                font={"size": f["small"], "color": colors.MUTED},
            )
        )
    layout = {
        **_titled(400 if big else 330, title, big),
        "xaxis": _axis(big, "time step t (the loss is at the last step)", range=[0.5, T + 0.5]),
        "yaxis": _axis(
            big,
            "||dL/dh_t|| (log)",
            type="log",
            **(
                _decades(rng, big)
                if big and rng
                else {"exponentformat": "power", "dtick": 1 if rng is None or rng[1] - rng[0] < 12 else 3}
                | ({"range": rng} if rng else {})
            ),
        ),
        "shapes": shapes,
        "annotations": ann,
    }
    return base.figure(data, layout, big)


# --- the memory horizon ------------------------------------------------------------------------------------


def horizon_plot(
    kinds: Sequence[str], lags: Sequence[int], accuracy, *, chance: float, big: bool = False, title: str | None = None
) -> go.Figure:
    """Held-out accuracy against the lag (log x) for each cell; NaN marks a cell not computed yet.

    accuracy: (len(kinds), len(lags)). A dashed line marks chance; cells not computed are left out, and when
    none are, the plot says so.
    """
    acc = np.asarray(accuracy, dtype=float)
    if acc.shape != (len(kinds), len(lags)):
        raise ValueError(f"accuracy should have shape ({len(kinds)}, {len(lags)}), got {acc.shape}")
    lags_a = np.asarray(lags, dtype=float)
    if not len(lags) or np.any(lags_a <= 0):
        raise ValueError("lags must be positive")
    f = colors.fonts(big)
    data = []
    for i, kind in enumerate(kinds):
        st_ = _style(kind, i)
        dodge = 10 ** (DODGE * (i - (len(kinds) - 1) / 2))  # side by side, so equal values do not hide each other
        tr = _line(lags_a * dodge, acc[i], st_["name"], st_, big, hover="%{y:.0%}")
        tr["customdata"] = list(lags)
        tr["hovertemplate"] = f"{st_['name']}, lag %{{customdata}}: held-out accuracy %{{y:.1%}}<extra></extra>"
        tr["marker"]["size"] = 12 if big else 10
        tr["connectgaps"] = False
        data.append(tr)
    shapes = [
        {
            "type": "line",
            "name": "chance",
            "xref": "x domain",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": chance,
            "y1": chance,
            "line": {"color": colors.TEXT, "width": 1.5, "dash": "dash"},
        }
    ]
    ann = [_label(f"chance {chance:.0%}", 0.01, chance, big, xref="x domain", xanchor="left", yanchor="top", yshift=-2)]
    if not np.isfinite(acc).any():
        ann.append(
            _label(
                "Nothing computed yet: run the experiment",
                0.5,
                0.6,
                big,
                xref="paper",
                yref="paper",
                font={"size": f["label"], "color": colors.MUTED},
            )
        )
    lo, hi = np.log10(lags_a.min()), np.log10(lags_a.max())
    pad = max(0.08, 0.06 * (hi - lo))
    layout = {
        **_titled(380 if big else 310, title, big),
        "xaxis": _axis(
            big,
            "lag: steps between the symbol and the question (log scale)",
            type="log",
            range=[lo - pad, hi + pad],
            tickvals=list(lags),
            ticktext=[str(v) for v in lags],
        ),
        "yaxis": _axis(
            big, "held-out accuracy", range=[-0.03, 1.05], tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1.0]
        ),
        "shapes": shapes,
        "annotations": ann,
    }
    return base.figure(data, layout, big)
