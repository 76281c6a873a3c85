"""The rolled form of a recurrent cell: one box, x_t in, y_t out, and a loop back into itself.

This is the lecture's "apply a recurrence relation at each time step" picture,
h_t = f_W(h_{t-1}, x_t), small enough for a narrow column next to the unrolled diagram.
"""

from __future__ import annotations

import plotly.graph_objects as go

from viz import base, colors
from viz.labels import ARCH_SHORT

EQUATIONS = {
    "rnn": "h_t = f_W(h_(t-1), x_t)",
    "gru": "h_t = f_W(h_(t-1), x_t)",
    "lstm": "h_t, c_t =<br>f_W(h_(t-1), c_(t-1), x_t)",
}
LOOP_LABELS = {"rnn": "W_hh", "gru": "W_hh", "lstm": "W_hh<br>(h_t, c_t)"}


def rolled_figure(cell: str = "rnn", big: bool = False) -> go.Figure:
    """One ``cell`` box ("rnn", "lstm" or "gru") with x_t below, y_t above and a self-loop labelled W_hh.

    Coordinates are in px-like units with a locked aspect ratio, so the loop stays round however wide
    the column is.
    """
    cell = cell if cell in ARCH_SHORT else "rnn"
    f = colors.fonts(big)
    s = 1.35 if big else 1.0  # every length scales with the fonts
    bw, bh = 70 * s, 34 * s  # cell box half width, half height
    tok = 22 * s  # token box half size
    gap = 42 * s
    cx, cy = 0.0, 0.0
    x_c = cy - bh - gap - tok  # centre of the x_t box
    y_c = cy + bh + gap + tok  # centre of the y_t box
    loop_r = 30 * s
    aw = 2.5 if big else 2.0
    line = {"color": colors.BOX_LINE, "width": 2 if big else 1.5}

    shapes = [
        {
            "type": "rect",
            "name": "cell",
            "x0": cx - bw,
            "x1": cx + bw,
            "y0": cy - bh,
            "y1": cy + bh,
            "fillcolor": "#FFF5E6",
            "line": {"color": colors.BOX_LINE, "width": 2.5 if big else 2},
        },
        {
            "type": "rect",
            "name": "x-box",
            "x0": -tok * 1.3,
            "x1": tok * 1.3,
            "y0": x_c - tok,
            "y1": x_c + tok,
            "fillcolor": colors.BOX_FILL,
            "line": line,
        },
        {
            "type": "rect",
            "name": "y-box",
            "x0": -tok * 1.3,
            "x1": tok * 1.3,
            "y0": y_c - tok,
            "y1": y_c + tok,
            "fillcolor": colors.BOX_FILL,
            "line": line,
        },
    ]
    # The loop leaves the right side of the box near the top, swings out and comes back in near the bottom.
    x_out, y_top, y_bot = cx + bw, cy + bh * 0.55, cy - bh * 0.55
    reach = cx + bw + 2.2 * loop_r
    loop = f"M {x_out},{y_top} C {reach},{y_top + 1.6 * loop_r} {reach},{y_bot - 1.6 * loop_r} {x_out + 8 * s},{y_bot}"
    shapes.append(
        {"type": "path", "name": "loop", "path": loop, "line": {"color": colors.MATRIX["W_hh"], "width": aw + 0.5}}
    )

    def arrow(name, x0, y0, x1, y1, color):
        return base.arrow(name, x0, y0, x1, y1, color, aw + 0.5, 1.0)

    def label(name, x, y, text, size, color=colors.TEXT, **pos):
        return base.label(name, x, y, text, font={"size": size, "color": color}, **pos)

    def w_label(w, x, y, text, xshift):  # beside the arrow of weight ``w``, in its colour
        return label(f"{w}-label", x, y, f"<b>{text}</b>", f["small"], colors.MATRIX[w], xanchor="left", xshift=xshift)

    annotations = [
        arrow("W_xh", 0, x_c + tok + 3, 0, cy - bh - 3, colors.MATRIX["W_xh"]),
        arrow("W_hy", 0, cy + bh + 3, 0, y_c - tok - 3, colors.MATRIX["W_hy"]),
        arrow("W_hh", x_out + 8 * s, y_bot, x_out, y_bot, colors.MATRIX["W_hh"]),
        label("cell-label", cx, cy, f"<b>{ARCH_SHORT[cell]}</b>", f["token"] + 2),
        label("x-label", 0, x_c, "x_t", f["token"]),
        label("y-label", 0, y_c, "y_t", f["token"]),
        w_label("W_xh", 0, (x_c + tok + cy - bh) / 2, "W_xh", 5),
        w_label("W_hy", 0, (y_c - tok + cy + bh) / 2, "W_hy", 5),
        w_label("W_hh", reach - 0.2 * loop_r, cy, LOOP_LABELS[cell], 4),
    ]
    x_lo, x_hi = -bw - 24 * s, reach + 80 * s
    annotations.append(
        label("equation", (x_lo + x_hi) / 2, x_c - tok - 6 * s, EQUATIONS[cell], f["label"], yanchor="top")
    )
    lines = EQUATIONS[cell].count("<br>") + 1
    y_lo, y_hi = x_c - tok - 6 * s - 2.2 * lines * f["label"], y_c + tok + 8 * s
    height = int((y_hi - y_lo) + 16)
    layout = {
        "height": height,
        "margin": {"l": 4, "r": 4, "t": 8, "b": 8, "pad": 0},
        "xaxis": base.hidden_axis(x_lo, x_hi, constrain="domain"),
        "yaxis": base.hidden_axis(y_lo, y_hi, scaleanchor="x", scaleratio=1, constrain="domain"),
        "shapes": shapes,
        "annotations": annotations,
        "font": {"family": colors.FAMILY, "size": f["base"], "color": colors.TEXT},
    }
    return base.figure([], layout, big)
