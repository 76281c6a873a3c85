"""The quiz's worked solution of the 1x1 RNN, one step at a time, as LaTeX a person can follow with a calculator.

Text only: the numbers come in already computed (``rnn_core.drills.solve``, the same unroll as the explorer's), and
every number is written with ``viz.equations.fmt`` at the explorer's precision (3 decimals), weights as typed.
"""

from __future__ import annotations

from viz.equations import fmt


def _w(v: float) -> str:
    """A weight or input as given (0.2, -1.5), in brackets when negative so it can follow an operator."""
    s = f"{float(v):g}"
    return f"({s})" if float(v) < 0 else s


def _n(v: float) -> str:
    """A computed number at the explorer's precision, in brackets when negative."""
    s = fmt(float(v))
    return f"({s})" if s.startswith("-") else s


def step_block(step, W_xh: float, W_hh: float, b_h: float) -> str:
    """Step t of the recurrence as one aligned block: the sum written out, the weights and values put in, the three
    products and their sum a_t, then h_t = tanh(a_t)."""
    t = int(step.t)
    a, x, hp = f"a_{{{t}}}", f"x_{{{t}}}", f"h_{{{t - 1}}}"
    return (
        f"\\begin{{aligned}} {a} &= W_{{hh}}\\,{hp} + W_{{xh}}\\,{x} + b_h \\\\"
        f" &= {_w(W_hh)} \\times {_n(step.h_prev)} + {_w(W_xh)} \\times {_w(step.x)} + {_w(b_h)} \\\\"
        f" &= {_n(step.wh)} + {_n(step.wx)} + {_n(step.b)} = {fmt(step.a)} \\\\"
        f" h_{{{t}}} &= \\tanh({a}) = \\tanh({fmt(step.a)}) = \\mathbf{{{fmt(step.h)}}} \\end{{aligned}}"
    )


def output_line(step, W_hy: float, b_y: float) -> str:
    """The output at step t: y_t = W_hy h_t + b_y."""
    t = int(step.t)
    return (
        f"y_{{{t}}} = W_{{hy}}\\,h_{{{t}}} + b_y = {_w(W_hy)} \\times {_n(step.h)} + {_w(b_y)} = "
        f"\\mathbf{{{fmt(step.y)}}}"
    )


def problem_lines(W_xh: float, W_hh: float, b_h: float, W_hy: float, b_y: float, xs) -> list[str]:
    """The given numbers: the five weights and h_0 = 0 on one line, the inputs on the next."""
    weights = ",\\quad ".join(
        f"{name} = {float(v):g}"
        for name, v in (("W_{xh}", W_xh), ("W_{hh}", W_hh), ("b_h", b_h), ("W_{hy}", W_hy), ("b_y", b_y))
    )
    inputs = ",\\quad ".join(f"x_{{{t}}} = {float(x):g}" for t, x in enumerate(xs, start=1))
    return [f"{weights},\\quad h_0 = 0", inputs]
