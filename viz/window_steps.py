"""The fixed-window model's arithmetic at each step as HTML and LaTeX, for the stepper's html panel (as ``viz.steps``).

    z_t = [x_(t-k+1); ...; x_t]          the window, zeros before the start          (k*D,)
    a_t = tanh(W_1 z_t + b_1)            W_1 (M, k*D), b_1 (M,)                       (M,)
    y_t = W_hy a_t + b_y                 W_hy (O, M), b_y (O,)                        (O,)

Text only: the numbers come in computed (``rnn_core.window_net.WindowReplay``). Labels are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from viz import equations as eq
from viz.steps import heading, precision_table
from viz.svg import esc

MAX_COLS = 6  # a matrix shows at most this many columns (then an ellipsis), and eq.MAX_ROWS rows


def matrix(W: np.ndarray, digits: int = 2, max_rows: int = eq.MAX_ROWS, max_cols: int = MAX_COLS) -> str:
    """A matrix in LaTeX; a large one shows its top-left corner and ellipses."""
    W = np.atleast_2d(W)
    R, C = W.shape
    rows = []
    for r in range(min(R, max_rows)):
        cells = [eq.fmt(v, digits) for v in W[r, :max_cols]] + ([r"\cdots"] if C > max_cols else [])
        rows.append(" & ".join(cells))
    if R > max_rows:
        rows.append(" & ".join([r"\vdots"] * (min(C, max_cols) + (C > max_cols))))
    return r"\begin{bmatrix}" + r"\\".join(rows) + r"\end{bmatrix}"


def window_symbols(t: int, k: int) -> str:
    """ "x_{1}; x_{2}; x_{3}" for the inputs step t (1-based) reads, oldest first; x_{0}, x_{-1}: zeros."""
    return ";\\ ".join(f"x_{{{j}}}" for j in range(t - k + 1, t + 1))


def z_line(z: np.ndarray, t: int, k: int, digits: int = 2) -> str:
    """z_t = [x_(t-k+1); ...; x_t] = [block; ...; block], each input's D numbers in its own column."""
    blocks = np.asarray(z, dtype=float).reshape(k, -1)
    cols = []
    for j, b in zip(range(t - k + 1, t + 1), blocks, strict=True):
        cols.append(r"\underbrace{" + eq.col(b, digits) + f"}}_{{x_{{{j}}}{'=0' if j < 1 else ''}}}")
    return f"z_{{{t}}} = \\big[{window_symbols(t, k)}\\big] = \\Big[" + ";\\,".join(cols) + r"\Big]"


def a_line(step, W_1: np.ndarray, b_1: np.ndarray, t: int, digits: int = 3) -> str:
    """a_t = tanh(W_1 z_t + b_1) with W_1, z_t and b_1, then the product, the pre-activation and a_t."""
    M, kD = np.shape(W_1)
    return (
        f"\\begin{{aligned}} a_{{{t}}} &= \\tanh\\big(W_1 z_{{{t}}} + b_1\\big),"
        f" \\quad W_1 = {matrix(W_1)}_{{\\,{M} \\times {kD}}} \\\\"
        f" &= \\tanh\\Big({eq.col(step.W1z, digits)} + {eq.col(b_1, digits)}\\Big)"
        f" = \\tanh{eq.col(step.pre, digits)} = {eq.col(step.a, digits)} \\end{{aligned}}"
    )


def y_line(y: np.ndarray, a: np.ndarray, t: int, digits: int = 3) -> str:
    return f"y_{{{t}}} = W_{{hy}} a_{{{t}}} + b_y = W_{{hy}} {eq.col(a, digits)} + b_y = {eq.col(y, digits)}"


def arithmetic(x_labels: Sequence, steps: Sequence, W_1: np.ndarray, b_1: np.ndarray, k: int, logits) -> list[dict]:
    """Every step's arithmetic as the stepper's html-panel parts: the heading and which inputs the window covers,
    the three lines in LaTeX, and every number in full precision in a disclosure. ``steps``: the replay's
    WindowSteps; ``logits`` (T, O)."""
    M, kD = np.shape(W_1)
    heads, tex, tables = [], [], []
    for s in steps:
        t = s.t
        seen = [f"x_{j} = <strong>{esc(x_labels[j - 1])}</strong>" for j in range(max(1, t - k + 1), t + 1)]
        pads = max(0, k - t)
        note = f" and {pads} zero{'s' if pads > 1 else ''} before the start" if pads else ""
        heads.append(
            heading(t, x_labels[t - 1])
            + f"<p>The window reads the last {k} input{'s' if k > 1 else ''}: {', '.join(seen)}{note}. "
            f"W_1 is {M} x {kD} (units x k·D); nothing comes from step {t - 1}.</p>"
        )
        tex.append([z_line(s.z, t, k), a_line(s, W_1, b_1, t), y_line(logits[t - 1], s.a, t)])
        tables.append(
            precision_table({"W_1 z_t": s.W1z, "b_1": b_1, "pre-activation": s.pre, "a_t = tanh(...)": s.a})
            + precision_table({"z_t": s.z})
        )
    return [{"html": heads}, {"tex": tex}, {"details": "Full precision", "parts": [{"html": tables}]}]
