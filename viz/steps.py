"""A step's words and numbers as HTML and LaTeX, for panels the browser switches between (``ui/components/stepper``).

Text only: the numbers come in already computed (``rnn_core.explain.step_terms``). Everything is escaped, so a
token a person typed is shown, never run as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz import equations as eq
from viz.svg import esc


def arithmetic(kind: str, x_labels: Sequence, terms: Sequence, steps: Sequence, logits) -> list[dict]:
    """Every step's arithmetic as the stepper's html-panel parts: the heading, the gate lines in LaTeX (then the
    LSTM cell or the GRU mix, then the output), and every number in full precision in a disclosure.

    terms: per step, its gates' terms; steps: the trace's steps (h, and c for LSTM, z, n for GRU); logits: (T, O).
    """
    heads, tex, tables = [], [], []
    for t, (gates, step) in enumerate(zip(terms, steps, strict=True), start=1):
        heads.append(heading(t, x_labels[t - 1]))
        lines = [eq.gate_line(g, t) for g in gates]
        if kind == "lstm":
            lines += eq.lstm_cell_lines(step, t)
        elif kind == "gru":
            lines.append(eq.gru_out_line(step, t))
        lines.append(eq.output_line(logits[t - 1], step.h, t))
        tex.append(lines)
        tables.append(precision_table(precision_columns(kind, gates, step)))
    return [{"html": heads}, {"tex": tex}, {"details": "Full precision", "parts": [{"html": tables}]}]


def precision_columns(kind: str, gates: Sequence, step) -> dict[str, np.ndarray]:
    """A step's every number under the page's names: per gate W_x? x_t, W_h? h_(t-1), its bias, the
    pre-activation a and the gate's value; then c_t (LSTM) and h_t, each once."""
    cols: dict[str, np.ndarray] = {}
    for g in gates:
        n = g.gate
        cols[f"W_x{n} x_t"] = g.Wx
        cols["r * (W_hn h_(t-1) + b_hn)" if (kind, n) == ("gru", "n") else f"W_h{n} h_(t-1)"] = g.Wh
        cols[f"b_{n}"] = g.b
        cols[f"pre-activation a_{n}" if n != "h" else "pre-activation a"] = g.a
        if n != "h":  # a vanilla RNN's value is h_t itself
            cols[f"{n}_t = {g.act}(a_{n})"] = g.value
    if kind == "lstm":
        cols["c_t"] = step.c
    cols["h_t"] = step.h
    return cols


def heading(t: int, x_label) -> str:
    """ "**Step t = 3**: input x_3 = **l**" """
    return f"<p><strong>Step t = {int(t)}</strong>: input x_{int(t)} = <strong>{esc(x_label)}</strong></p>"


def precision_table(columns: Mapping[str, Sequence[float]], digits: int = 10) -> str:
    """Named vectors side by side, one row per unit (units 1..H, as the page counts them), in full precision."""
    cols = {name: np.atleast_1d(np.asarray(v, dtype=float)) for name, v in columns.items()}
    n = max((len(v) for v in cols.values()), default=0)
    head = "<th>unit</th>" + "".join(f"<th>{esc(name)}</th>" for name in cols)
    rows = []
    for i in range(n):
        cells = "".join(f"<td>{f'{v[i]:.{digits}g}' if i < len(v) else ''}</td>" for v in cols.values())
        rows.append(f"<tr><th>{i + 1}</th>{cells}</tr>")
    return f'<table class="unr-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def metrics(items: Sequence[tuple[str, str, str]]) -> str:
    """Big numbers with a label, side by side, like Streamlit's metric: ``(label, value, help)`` each."""
    cells = "".join(
        f'<div class="unr-metric" title="{esc(help_)}"><div class="unr-metric-label">{esc(label)}</div>'
        f'<div class="unr-metric-value">{esc(value)}</div></div>'
        for label, value, help_ in items
    )
    return f'<div class="unr-metrics">{cells}</div>'
