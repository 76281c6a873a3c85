"""How every page keeps its state: one way, the same on each page.

1. A page names its session keys in one place, a :class:`Keys` at its top, all under the page's own prefix
   (``ex_`` the explorer, ``w_`` /window, ``tr_`` /training), so no two pages can share a key by accident.
2. Every widget that holds part of the view is drawn with ``persist_state=KEEP`` ("session"): Streamlit keeps its
   value while the person visits another page and gives it back on return.
3. The URL is the way in: :func:`enter` reads the link once per session, on the page's first run, into those
   keys (with a note for each value it could not use); from then on the session's own values win, and the page
   writes them back to the URL as they change.
4. Nothing kept is trusted: :func:`guard` checks every kept value against the page's :class:`Rule` list before
   the widgets are drawn, so a forged value falls back to its default instead of breaking the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

KEEP = "session"


class Keys:
    """``Keys("ex_", "seq", "arch")`` gives ``.seq == "ex_seq"``, ``.arch == "ex_arch"``; ``keys("text_chars")``
    prefixes a name made at run time."""

    def __init__(self, prefix: str, *names: str):
        self.prefix = prefix
        for name in names:
            setattr(self, name, prefix + name)

    def __call__(self, name: str) -> str:
        return self.prefix + name


def enter(keys: Keys, read: Callable[[], tuple[dict[str, object], list[str]]]) -> bool:
    """On the page's first run in this session, ``read()`` the link (values by unprefixed name, and notes) into
    the page's keys; True when it did. The notes wait for :func:`link_notes`."""
    entered = keys("_entered")
    if st.session_state.get(entered):
        return False
    values, notes = read()
    st.session_state.update({keys(name): value for name, value in values.items()})
    st.session_state[keys("_link_notes")] = list(notes)
    st.session_state[entered] = True
    return True


def reread_link(prefix: str) -> None:
    """Make the page whose keys start with ``prefix`` read its link again on its next run, as if opened fresh: how
    one page hands a view over to another (``st.switch_page`` with the view in ``query_params``)."""
    st.session_state.pop(prefix + "_entered", None)


def link_notes(keys: Keys) -> list[str]:
    """The notes about the link, once: the next call returns none."""
    return st.session_state.pop(keys("_link_notes"), [])


@dataclass(frozen=True)
class Rule:
    """What a kept value may be: ``ok(value)`` for any value a real browser can send, else ``default``."""

    name: str
    ok: Callable[[object], bool]
    default: object


def one_of(options) -> Callable[[object], bool]:
    """Exactly one of ``options``, of the same type (True is not 1, NaN is nothing)."""
    return lambda v: any(type(v) is type(o) and v == o for o in options)


def whole(lo: int, hi: int) -> Callable[[object], bool]:
    return lambda v: type(v) is int and lo <= v <= hi


def whole_number(lo: int, hi: int) -> Callable[[object], bool]:
    """What a whole-number box (:func:`ui.numbers.whole_number_input`) may keep: an int, or the float with no
    fraction that the browser sends for one (7.0), from ``lo`` to ``hi``; not True, 7.5, NaN or inf."""
    return lambda v: (type(v) is int or (type(v) is float and v.is_integer())) and lo <= v <= hi


def flag(v) -> bool:
    return type(v) is bool


def guard(keys: Keys, rules: list[Rule]) -> list[str]:
    """Before the page draws its widgets: every kept value no browser could have sent (a forged client's NaN, a
    list, an option the page does not offer) goes back to its default, and a note says so; the session keeps
    working. Returns the notes."""
    notes = []
    for r in rules:
        key = keys(r.name)
        try:
            if key not in st.session_state or r.ok(st.session_state[key]):
                continue
        except Exception:  # a value so broken that reading it fails
            pass
        st.session_state[key] = r.default
        notes.append(f"A value for {r.name} that this page does not offer was ignored; using {r.default}.")
    return notes
