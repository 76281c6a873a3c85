"""The view in the URL: read query parameters with fallbacks and notes, write them back.

Opening a link restores the view; a value that makes no sense falls back to
its default and the page says so, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from ui.safe import md


@dataclass(frozen=True)
class Param:
    name: str
    default: object
    parse: Callable[[str], object]  # raises ValueError on nonsense
    describe: str = ""


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


def _decimal(s: str) -> float:
    if not DECIMAL.fullmatch(s):
        raise ValueError
    return float(s)


def decimal_in(lo: float, hi: float, step: float) -> Callable[[str], float]:
    """A plain decimal from ``lo`` to ``hi`` on the slider's grid of ``step`` (``0.7``, not ``0.75`` or ``7e-1``)."""
    places = max(0, -int(f"{step:e}".split("e")[1]))
    expected = f"a number from {lo:g} to {hi:g} in steps of {step:g}"

    def parse(s: str) -> float:
        try:
            v = _decimal(s)
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
            values = tuple(_decimal(p) for p in parts)
        except ValueError:
            raise ValueError(f"expected {expected}") from None
        if any(abs(v) > limit for v in values):
            raise ValueError(f"expected {expected}")
        return values

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


def read(params: Sequence[Param]) -> tuple[dict, list[str]]:
    """Values from ``st.query_params`` (defaults where missing) and a note for each value that was rejected."""
    values, notes = {}, []
    for p in params:
        raw = st.query_params.get(p.name)
        if raw is None:
            values[p.name] = p.default
            continue
        try:
            values[p.name] = p.parse(raw)
        except ValueError as e:
            values[p.name] = p.default
            notes.append(
                f"{p.name}={md(raw, 40)} in the link is not a valid {p.describe or p.name} ({md(e)}); "
                f"using {md(p.default)}."
            )
    return values, notes


def write(**values) -> None:
    """Put the current view in the URL, touching only keys whose value changed; None takes a key out."""
    for k, v in values.items():
        if v is None:
            st.query_params.pop(k, None)
            continue
        s = ("1" if v else "0") if isinstance(v, bool) else str(v)
        if st.query_params.get(k) != s:
            st.query_params[k] = s


def on_or_none(v: bool) -> bool | None:
    """A switch as the URL keeps it: present when on, absent when off (short links)."""
    return True if v else None


def show_notes(notes: Sequence[str]) -> None:
    """Say which values from the link were not used (once: the next rerun no longer shows them)."""
    for note in list(notes) + st.session_state.pop("_present_notes", []):
        st.warning(note, icon="🔗")


def read_model_view(
    task_of: Callable,
    task_ids: Sequence[str],
    kinds: Sequence[str],
    extra: Sequence[Param] = (),
    per_task: Callable = lambda task: (),
) -> tuple[dict, list[str]]:
    """The model a link names: ``seq``, ``arch``, ``seed`` (and ``extra``), then ``units`` checked against that
    task's choices (and ``per_task(task)``'s params, whose defaults may depend on the task)."""
    values, notes = read(
        [
            Param("seq", task_ids[0], choice(task_ids), "sequence"),
            Param("arch", kinds[0], choice(kinds), "architecture"),
            Param("seed", 0, int_in(0, 9999), "seed"),
            *extra,
        ]
    )
    task = task_of(values["seq"])
    more, notes2 = read(
        [
            Param("units", task.default_units, int_in(1, 64, task.units_choices), "number of units"),
            *per_task(task),
        ]
    )
    return values | more, notes + notes2
