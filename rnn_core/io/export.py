"""What a person can take away as a spreadsheet: a replay's trace, step by step, and a training history.

The trace has one row per step t = 1..T, in the lecture's names (units counted from 1, as the page does):

    t, x_t (what was read), x_t[1..D]            the input and the vector the cell reads
    i_t[1..H], f_t, g_t, o_t (LSTM)              every gate's value; GRU r_t, z_t, n_t; a vanilla RNN has none
    c_t[1..H] (LSTM), h_t[1..H]                  the cell state and the hidden state
    y_t[1..O], p_t[1..O]                         the outputs y_t = W_hy h_t + b_y and p_t = softmax(y_t)

Output columns carry the class name when there is one (``y_t[e]``); p_t is left out for regression. Numbers are
written with ``repr`` (shortest text that reads back to the same float64). A label cell a spreadsheet would read
as a formula (it starts with =, +, -, @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import fields, is_dataclass

import numpy as np

from rnn_core.params import GATES

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def text_cell(s) -> str:
    """A label for a spreadsheet: shown as typed, never run as a formula."""
    s = str(s)
    return "'" + s if s.startswith(_FORMULA) else s


def number_cell(v) -> str:
    """A number that reads back exactly ('' for None and NaN)."""
    if v is None:
        return ""
    v = float(v)
    return "" if math.isnan(v) else repr(v)


def _to_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return f.getvalue()


def trace_columns(kind: str, D: int, H: int, outputs: Sequence[str], probs: bool) -> list[str]:
    """The trace's header: see the module docstring; ``outputs`` names y_t's entries (class names or "1".."O")."""
    units = lambda name, n: [f"{name}[{i}]" for i in range(1, n + 1)]  # noqa: E731
    cols = ["t", "x_t", *units("x_t", D)]
    for g in GATES[kind] if kind != "rnn" else ():
        cols += units(f"{g}_t", H)
    if kind == "lstm":
        cols += units("c_t", H)
    cols += units("h_t", H) + [f"y_t[{o}]" for o in outputs]
    return cols + ([f"p_t[{o}]" for o in outputs] if probs else [])


def trace_csv(replay, x_labels: Sequence[str], classes: Sequence[str] | None = None, probs: bool = True) -> str:
    """A :class:`rnn_core.net.Replay` as CSV text, one row per step. ``classes`` name the outputs (else 1..O);
    ``probs=False`` leaves p_t out (regression)."""
    trace, logits = replay.trace, np.asarray(replay.logits)
    T, H, O = trace.T, trace.h0.shape[0], logits.shape[1]
    xs = np.asarray(replay.xs).reshape(T, -1)
    outputs = [str(c) for c in classes] if classes is not None and len(classes) == O else [str(o + 1) for o in range(O)]
    header = [text_cell(c) for c in trace_columns(trace.kind, xs.shape[1], H, outputs, probs)]
    gates = trace.gates()
    p = replay.probs if probs else None
    rows = []
    for k in range(T):
        blocks = [xs[k], *(gates[g][k] for g in gates)]
        if trace.c is not None:
            blocks.append(trace.c[k])
        blocks += [trace.h[k], logits[k]] + ([p[k]] if probs else [])
        rows.append([str(k + 1), text_cell(x_labels[k]), *(number_cell(v) for b in blocks for v in b)])
    return _to_csv(header, rows)


def records_csv(records: Sequence) -> str:
    """Dataclass records (a training history: one per step) as CSV, one column per field; numbers read back
    exactly, NaN and None as empty cells, booleans as true/false."""
    if not records:
        return ""
    if not all(is_dataclass(r) for r in records):
        raise TypeError("records_csv writes dataclass records")
    names = [f.name for f in fields(records[0])]

    def cell(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if v is None or isinstance(v, int | float | np.integer | np.floating):
            return str(int(v)) if isinstance(v, int | np.integer) else number_cell(v)
        return text_cell(v)

    return _to_csv(names, [[cell(getattr(r, n)) for n in names] for r in records])
