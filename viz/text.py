"""Fitting labels into boxes: estimated text widths, shortening, tick thinning.

Widths are estimates for a proportional sans-serif (Arial averages ~0.55 em per character);
0.6 em leaves a little slack so that an estimate that fits really does fit.
"""

from __future__ import annotations

import math
import re

EM = 0.6  # estimated average glyph width, in font sizes
ELLIPSIS = "\u2026"


def text_px(text: str, size: float) -> float:
    """Estimated width in px of ``text`` at font ``size`` px."""
    return len(text) * EM * size


def shorten(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, ending in an ellipsis when cut."""
    text = str(text)
    if max_chars < 1:
        return ""
    return text if len(text) <= max_chars else text[: max_chars - 1] + ELLIPSIS


def wrap(text: str, max_px: float, size: float) -> list[str]:
    """``text`` broken at spaces into lines of at most ``max_px`` px at font ``size`` (estimated), as few as fit.

    A shape such as "32 x 16" stays on one line; a word longer than a line gets a line of its own.
    """
    words = re.findall(r"\S+(?: x \S+)*", str(text))
    lines: list[str] = []
    for w in words:
        if lines and text_px(f"{lines[-1]} {w}", size) <= max_px:
            lines[-1] = f"{lines[-1]} {w}"
        else:
            lines.append(w)
    return lines or [""]


def tick_stride(n: int, slot_px: float, label_px: float) -> int:
    """Show every k-th of ``n`` labels so that labels ``label_px`` wide fit in slots ``slot_px`` apart."""
    if n <= 1 or slot_px <= 0:
        return 1
    return max(1, math.ceil(label_px / slot_px))


def as_label(v) -> str:
    """A token as people read it: strings as they are, floats without noise digits."""
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


HIDDEN = "?"  # what a step not yet revealed shows in place of its token


def conceal(labels, t: int) -> list:
    """``labels`` with every entry after step ``t`` (0-based) shown as "?" (predict, then reveal); None stays
    None (a step with no output has nothing to hide)."""
    return [v if j <= t or v is None else HIDDEN for j, v in enumerate(labels)]


def conceal_after(t: int, x_text: list, y_text: list | None, probs: list | None) -> tuple:
    """Predict, then reveal: the tokens and outputs after step ``t`` (0-based) as "?" and their probabilities gone."""
    y_text = None if y_text is None else conceal(y_text, t)
    probs = None if probs is None else [p if j <= t else None for j, p in enumerate(probs)]
    return conceal(x_text, t), y_text, probs
