"""Typed series of numbers, read the same way by every task whose x_t is one number (scalar, stock)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rnn_core.tasks.base import Example, Parsed


def parse_numbers(
    text: str, make: Callable[[list[float]], Example], lo: float, hi: float, max_len: int, hint: str
) -> Parsed:
    """Numbers separated by spaces or commas, each clipped into [lo, hi], at most ``max_len`` of them, turned into
    an example by ``make``. Anything that is not a finite number is left out and listed; ``hint`` is an example
    of what to type ("0.5 0.25 -0.5")."""
    parts = [p for p in (text or "").replace(",", " ").split() if p]
    if not parts:
        return Parsed(None, message=f"Type a few numbers, e.g. {hint}.")
    bad, xs, clipped = [], [], False
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            bad.append(p)
            continue
        if not np.isfinite(v):
            bad.append(p)
            continue
        clipped = clipped or not lo <= v <= hi
        xs.append(float(np.clip(v, lo, hi)))
    note = f"Not numbers, left out: {' '.join(bad)}." if bad else ""
    if not xs:
        return Parsed(None, tuple(bad), f"None of that reads as a number; try {hint}.")
    if clipped:
        note += f" Values are clipped to [{lo:g}, {hi:g}]."
    if len(xs) > max_len:
        xs, note = xs[:max_len], note + f" Only the first {max_len} numbers are used."
    return Parsed(make(xs), tuple(bad), note.strip())
