"""Reading what a student types into an answer box, never trusting it: a number, and how an answer fared
(:class:`Checked`, one of the statuses below, with a sentence for the student). An empty box, words, ``nan``,
``inf`` or ``1e400`` get a message, not an exception."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_TEXT = 40  # characters in one answer box

# how a typed answer fared
RIGHT, ACCEPTED, CARRIED, PARTLY, WRONG, EMPTY, INVALID = (
    "right",
    "accepted",
    "carried",
    "partly",
    "wrong",
    "empty",
    "invalid",
)
OK = (RIGHT, ACCEPTED, CARRIED)  # counted right


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})  # the minus signs people paste


@dataclass(frozen=True)
class Read:
    """A typed value: ``value`` when it could be used, else None and ``problem`` says why (None for an empty box)."""

    value: float | None
    problem: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.problem is None


def read_number(text, limit: float = 1000.0) -> Read:
    """A decimal number typed in a box: ``0.46``, ``-.5``, ``1e-2``, a decimal comma (``0,46``) or a typographic
    minus. Empty is ``Read(None)``; words, ``nan``, ``inf``, overflow (``1e400``) and anything beyond ``limit`` get a
    problem."""
    s = str(text).strip().translate(MINUS)
    if not s:
        return Read(None)
    if len(s) > MAX_TEXT:
        return Read(None, f"is too long to be a number ({len(s)} characters)")
    if "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return Read(None, "is not a number: type digits with a decimal point, like 0.46 or -1.2")
    v = float(s)
    if not math.isfinite(v):
        return Read(None, "is too big to be a number here")
    if abs(v) > limit:
        return Read(None, f"is outside -{limit:g} to {limit:g}")
    return Read(v + 0.0)  # -0.0 reads as 0.0


@dataclass(frozen=True)
class Checked:
    """How one typed answer fared: ``status`` one of RIGHT, CARRIED, WRONG, EMPTY, INVALID (by hand) or RIGHT,
    ACCEPTED, PARTLY, WRONG, EMPTY, INVALID (shapes), and a sentence for the student."""

    name: str
    status: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status in OK
