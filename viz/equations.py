"""The step's arithmetic as LaTeX, with the real numbers in column vectors.

Takes the per-gate terms (rnn_core.explain.GateTerms) and formats them; no math here.
"""

from __future__ import annotations

import numpy as np

MAX_ROWS = 6
SYMBOL = {"h": "h_t", "i": "i_t", "f": "f_t", "g": "g_t", "o": "o_t", "r": "r_t", "z": "z_t", "n": "n_t"}
BLOCK = {"h": "hh", "i": "hi", "f": "hf", "g": "hg", "o": "ho", "r": "hr", "z": "hz", "n": "hn"}
XBLOCK = {"h": "xh", "i": "xi", "f": "xf", "g": "xg", "o": "xo", "r": "xr", "z": "xz", "n": "xn"}


def fmt(v: float, digits: int = 3) -> str:
    s = f"{v:.{digits}f}"
    return "0." + "0" * digits if s in ("-0." + "0" * digits,) else s


def col(v: np.ndarray, digits: int = 3, max_rows: int = MAX_ROWS) -> str:
    """A column vector; long ones show their first rows and a vertical ellipsis."""
    v = np.atleast_1d(v)
    rows = [fmt(x, digits) for x in v[:max_rows]]
    if len(v) > max_rows:
        rows.append(r"\vdots")
    return r"\begin{bmatrix}" + r"\\".join(rows) + r"\end{bmatrix}"


def gate_line(g, t: int, digits: int = 3) -> str:
    """e.g.  f_t = σ(W_xf x_t + W_hf h_{t-1} + b_f) = σ([..] + [..] + [..]) = σ([..]) = [..], on three lines."""
    act = r"\tanh" if g.act == "tanh" else r"\sigma"
    sym = SYMBOL[g.gate].replace("_t", f"_{{{t}}}")
    xw, hw = f"W_{{{XBLOCK[g.gate]}}}", f"W_{{{BLOCK[g.gate]}}}"
    bias = "b_h" if g.gate == "h" else f"b_{g.gate}"
    x, hp = f"x_{{{t}}}", f"h_{{{t - 1}}}"
    hidden = f"r_{{{t}}} \\odot ({hw} {hp} + b_{{hn}})" if g.gate == "n" else f"{hw} {hp}"
    return (
        f"\\begin{{aligned}} {sym} &= {act}\\big({xw} {x} + {hidden} + {bias}\\big) \\\\"
        f" &= {act}\\Big({col(g.Wx, digits)} + {col(g.Wh, digits)} + {col(g.b, digits)}\\Big)"
        f" = {act}{col(g.a, digits)} = {col(g.value, digits)} \\end{{aligned}}"
    )


def lstm_cell_lines(step, t: int, digits: int = 3) -> list[str]:
    return [
        f"c_{{{t}}} = f_{{{t}}} \\odot c_{{{t - 1}}} + i_{{{t}}} \\odot g_{{{t}}} = "
        f"{col(step.f, digits)} \\odot {col(step.c_prev, digits)} + {col(step.i, digits)} \\odot "
        f"{col(step.g, digits)} = {col(step.c, digits)}",
        f"h_{{{t}}} = o_{{{t}}} \\odot \\tanh(c_{{{t}}}) = {col(step.o, digits)} \\odot "
        f"{col(step.tanh_c, digits)} = {col(step.h, digits)}",
    ]


def gru_out_line(step, t: int, digits: int = 3) -> str:
    return (
        f"h_{{{t}}} = (1 - z_{{{t}}}) \\odot n_{{{t}}} + z_{{{t}}} \\odot h_{{{t - 1}}} = "
        f"(1 - {col(step.z, digits)}) \\odot {col(step.n, digits)} + {col(step.z, digits)} \\odot "
        f"{col(step.h_prev, digits)} = {col(step.h, digits)}"
    )


def output_line(y: np.ndarray, h: np.ndarray, t: int, digits: int = 3) -> str:
    return f"y_{{{t}}} = W_{{hy}} h_{{{t}}} + b_y = W_{{hy}} {col(h, digits)} + b_y = {col(y, digits)}"
