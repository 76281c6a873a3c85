"""What a value of the view may be, both ways it arrives: as text in a link, and as a value kept in the session.

A link's text is read by a *parser* (``str -> value``) that raises ValueError with what it expected, so the page can
say why it fell back to the default. A kept value is checked by a *rule* (``value -> bool``) before the widgets are
drawn: whatever a forged client sent (NaN, a list, an option the page does not offer) fails it. ``ui.schema`` builds
every field of a page's view from these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# --- kept values ------------------------------------------------------------------------------------------------


def one_of(options) -> Callable[[object], bool]:
    """Exactly one of ``options``, of the same type (True is not 1, NaN is nothing)."""
    return lambda v: any(type(v) is type(o) and v == o for o in options)


def whole(lo: int, hi: int) -> Callable[[object], bool]:
    return lambda v: type(v) is int and lo <= v <= hi


def whole_number(lo: int, hi: int) -> Callable[[object], bool]:
    """What a whole-number box (:func:`ui.numbers.whole_number_input`) may keep: an int, or the float with no
    fraction that the browser sends for one (7.0), from ``lo`` to ``hi``; not True, 7.5, NaN or inf."""
    return lambda v: (type(v) is int or (type(v) is float and v.is_integer())) and lo <= v <= hi


def is_flag(v) -> bool:
    return type(v) is bool


def is_text(v) -> bool:
    return type(v) is str


def decimal_between(lo: float, hi: float) -> Callable[[object], bool]:
    return lambda v: type(v) is float and lo <= v <= hi


def optional(rule: Callable[[object], bool]) -> Callable[[object], bool]:
    """``rule``, or None (nothing picked yet)."""
    return lambda v: v is None or rule(v)


# --- a link's text ----------------------------------------------------------------------------------------------


def choice(options: Sequence[str]) -> Callable[[str], str]:
    def parse(s: str) -> str:
        v = s.strip().lower()
        if v not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return v

    return parse


WHOLE = re.compile(r"-?[0-9]+")  # what a link may hold for a whole number: no "+3", " 7 ", "1_0" or "٣"


def int_in(lo: int, hi: int, allowed: Sequence[int] | None = None) -> Callable[[str], int]:
    """Plain ASCII digits with an optional leading minus, from ``lo`` to ``hi`` (and in ``allowed``): Python's
    ``int()`` alone would also take signs, spaces, underscores and other scripts' digits."""

    def parse(s: str) -> int:
        try:
            if not WHOLE.fullmatch(s):
                raise ValueError
            v = int(s)  # raises ValueError past Python's 4300-digit limit too
        except ValueError:
            raise ValueError(f"expected a whole number from {lo} to {hi}") from None
        if not lo <= v <= hi or (allowed is not None and v not in allowed):
            opts = f"one of {', '.join(map(str, allowed))}" if allowed is not None else f"from {lo} to {hi}"
            raise ValueError(f"expected {opts}")
        return v

    return parse


DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # a plain decimal: no exponent, "nan", "inf" or other scripts' digits


def decimal(s: str) -> float:
    """A plain decimal (raises ValueError with no message on anything else)."""
    if not DECIMAL.fullmatch(s):
        raise ValueError
    return float(s)


def decimal_in(lo: float, hi: float, step: float) -> Callable[[str], float]:
    """A plain decimal from ``lo`` to ``hi`` on the slider's grid of ``step`` (``0.7``, not ``0.75`` or ``7e-1``)."""
    places = max(0, -int(f"{step:e}".split("e")[1]))
    expected = f"a number from {lo:g} to {hi:g} in steps of {step:g}"

    def parse(s: str) -> float:
        try:
            v = decimal(s)
        except ValueError:
            raise ValueError(f"expected {expected}") from None
        on_grid = round(v, places)
        if not lo <= v <= hi or abs(v - on_grid) > 1e-9 or abs(on_grid / step - round(on_grid / step)) > 1e-6:
            raise ValueError(f"expected {expected}")
        return on_grid

    return parse


def decimals(names: Sequence[str], limit: float) -> Callable[[str], tuple[float, ...]]:
    """``len(names)`` plain decimals separated by commas, each within ±``limit`` (typed weights)."""
    expected = f"{len(names)} numbers from {-limit:g} to {limit:g} separated by commas ({', '.join(names)})"

    def parse(s: str) -> tuple[float, ...]:
        parts = s.split(",")
        try:
            if len(parts) != len(names):
                raise ValueError
            values = tuple(decimal(p) for p in parts)
        except ValueError:
            raise ValueError(f"expected {expected}") from None
        if any(abs(v) > limit for v in values):
            raise ValueError(f"expected {expected}")
        return values

    return parse


def grid(options: Sequence[float], what: str) -> Callable[[str], float]:
    """One of ``options`` (numbers), written as the page shows it ("%g")."""
    shown = {f"{v:g}": v for v in options}

    def parse(s: str):
        if s not in shown:
            raise ValueError(f"expected {what} of {', '.join(shown)}")
        return shown[s]

    return parse


def exact(options: Sequence[str], what: str) -> Callable[[str], str]:
    """One of ``options`` exactly as written (case and spaces count: a letter of a vocabulary)."""

    def parse(s: str) -> str:
        if s not in options:
            raise ValueError(f"expected one of the {len(options)} {what}")
        return s

    return parse


def flag(s: str) -> bool:
    v = s.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("expected 1 or 0")
