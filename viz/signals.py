"""A sampled signal cut into the frames a network reads: a sound's waveform or a heart trace against time, every
other frame shaded, each frame numbered as the unrolled diagram's input x_t.

    framed_signal    any signal sampled at ``sample_rate``, cut into frames of ``frame_len`` samples
    waveform_figure  a sound in [-1, 1] (the audio task)
    trace_figure     an ECG trace in mV (the ecg task)

Frame t (1-based) covers samples (t-1) * frame_len .. t * frame_len - 1, the samples x_t summarises; samples past
the last whole frame are not read by the network and are not drawn. Frame numbers are thinned (every 2nd, 3rd...)
where they would not fit side by side at the assumed width.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz import base, colors
from viz.text import text_px, tick_stride

FRAME_FILL = "rgba(0, 114, 178, 0.07)"  # Okabe-Ito blue, faint: every other frame
BOUNDARY = "#9A9A9A"
GRID = "#E3E3E3"


def frames_of(n_samples: int, frame_len: int) -> int:
    """How many whole frames of ``frame_len`` samples ``n_samples`` hold."""
    if frame_len < 1:
        raise ValueError(f"frame_len should be at least 1, got {frame_len}")
    return n_samples // frame_len


def framed_signal(
    values,
    sample_rate: float,
    frame_len: int,
    *,
    y_title: str,
    y_range: Sequence[float] | None = None,
    title: str | None = None,
    frame_labels: Sequence[str] | None = None,
    big: bool = False,
    width: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """``values`` against time in seconds, with the T whole frames marked and numbered x_1..x_T above them.

    frame_labels: what each frame is called in the task's own terms (shown on hover beside x_t).
    width: the figure's width if fixed (also what frame numbers are fitted to; else an assumed page width).
    """
    y = np.asarray(values, dtype=float).ravel()
    if sample_rate <= 0:
        raise ValueError(f"sample_rate should be positive, got {sample_rate}")
    T = frames_of(len(y), frame_len)
    if T < 1:
        raise ValueError(f"{len(y)} samples hold no whole frame of {frame_len}")
    if frame_labels is not None and len(frame_labels) != T:
        raise ValueError(f"{len(frame_labels)} frame labels for {T} frames")
    y = y[: T * frame_len]
    f = colors.fonts(big)
    dt = frame_len / sample_rate  # seconds per frame
    time = np.arange(len(y)) / sample_rate
    frame = np.arange(len(y)) // frame_len + 1
    if frame_labels is None:
        hover = "x<sub>%{customdata}</sub> · %{x:.3f} s<br>%{y:.3f}<extra></extra>"
        custom = frame
    else:
        hover = "x<sub>%{customdata[0]}</sub> (%{customdata[1]}) · %{x:.3f} s<br>%{y:.3f}<extra></extra>"
        custom = np.stack([frame.astype(object), np.asarray(frame_labels, dtype=object)[frame - 1]], axis=1)
    line = {
        "type": "scatter",
        "mode": "lines",
        "name": "signal",
        "x": time,
        "y": y,
        "customdata": custom,
        "line": {"color": colors.OKABE_ITO["blue"], "width": 2.0 if big else 1.2},
        "hovertemplate": hover,
    }
    shapes = [
        {
            "type": "rect",
            "name": f"frame-{t}",
            "xref": "x",
            "yref": "paper",
            "x0": (t - 1) * dt,
            "x1": t * dt,
            "y0": 0,
            "y1": 1,
            "fillcolor": FRAME_FILL,
            "line": {"width": 0},
            "layer": "below",
        }
        for t in range(1, T + 1, 2)
    ]
    shapes += [
        {
            "type": "line",
            "name": f"boundary-{k}",
            "xref": "x",
            "yref": "paper",
            "x0": k * dt,
            "x1": k * dt,
            "y0": 0,
            "y1": 1,
            "line": {"color": BOUNDARY, "width": 1, "dash": "dot"},
            "layer": "below",
        }
        for k in range(T + 1)
    ]
    plot_px = (width or colors.MAIN_COLUMN[big]) - (110 if big else 80)  # the main column at 1280 px
    # projector mode writes x_t on the line: a subscript would be 70 % of its smallest size
    name_px = text_px("x_", f["small"]) if big else text_px("x", f["small"])
    label_px = name_px + text_px(str(T), f["small"] if big else 0.75 * f["small"]) + 6
    stride = tick_stride(T, plot_px / T, label_px)
    numbered = [t for t in range(1, T + 1) if (t - 1) % stride == 0]
    annotations = [
        {
            "name": f"x-{t}",
            "text": f"x_{t}" if big else f"x<sub>{t}</sub>",
            "x": (t - 0.5) * dt,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": f["small"], "color": colors.TEXT},
        }
        for t in numbered
    ]
    top = base.title_space(title, big) + int(f["small"] * 1.8)
    axis_font = {"size": f["small"], "color": colors.TEXT}
    layout = {
        "title": base.title(title, big),
        "height": height or (380 if big else 260),
        "margin": {"l": 8, "r": 8, "t": top, "b": 8},
        "xaxis": {
            "title": {"text": "time (s)", "font": {"size": f["label"], "color": colors.TEXT}, "standoff": 4},
            "range": [0, T * dt],
            "tickfont": axis_font,
            "showgrid": False,
            "zeroline": False,
            "showline": True,
            "linecolor": colors.BOX_LINE,
            "fixedrange": True,
            "automargin": True,
        },
        "yaxis": {
            "title": {"text": y_title, "font": {"size": f["label"], "color": colors.TEXT}, "standoff": 4},
            "tickfont": axis_font,
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": GRID,
            "showline": True,
            "linecolor": colors.BOX_LINE,
            "fixedrange": True,
            "automargin": True,
            **({"range": list(y_range)} if y_range is not None else {}),
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    if width:
        layout["width"] = int(width)
    return base.figure([line], layout, big)


def waveform_figure(wave, sample_rate: float, frame_len: int, **kw) -> go.Figure:
    """A sound's samples (in [-1, 1]) against time, cut into the frames x_t."""
    kw.setdefault("title", "The sound, cut into the frames the network hears")
    return framed_signal(wave, sample_rate, frame_len, y_title="amplitude", y_range=(-1.05, 1.05), **kw)


def trace_figure(trace, sample_rate: float, frame_len: int, **kw) -> go.Figure:
    """An ECG trace (mV) against time, cut into the frames x_t."""
    kw.setdefault("title", "The heart trace, cut into the frames the network reads")
    kw.setdefault("height", 420 if kw.get("big") else 300)
    return framed_signal(trace, sample_rate, frame_len, y_title="mV", **kw)
