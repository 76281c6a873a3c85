"""The one way a page draws a box for a whole number (the seeds): a number box no client can break.

An int ``st.number_input`` cannot be made safe from the page: Streamlit turns what the browser sends into an int
(``int(value)``) before the page runs, and a forged client's NaN or inf raises there, where no guard can catch it.
So the box is a float one drawn to look like an int box (step 1, no decimals shown): Streamlit sends NaN, inf and
values out of range back to the box's default itself, and a value with a fraction, which only a forged client or
someone typing "7.5" sends, is left to the page's guard (:func:`ui.values.whole_number`), which puts the
default back with a note. What the page reads is always an int.
"""

from __future__ import annotations

from ui.values import whole_number

SHOWN = "%.0f"  # no decimals; "%d" would do too, but Streamlit logs a warning for %d on a float box every run


def whole_number_input(
    where, label: str, lo: int, hi: int, *, key: str, persist_state: str | None, default: int | None = None, **kw
) -> int:
    """A number box in ``where`` (``st``, ``st.sidebar``, a column) for a whole number from ``lo`` to ``hi``,
    kept under ``key``; ``default`` (``lo`` unless given) is what it starts at and falls back to. Returns an int.

    The page's field for ``key`` must keep it by :func:`~ui.values.whole_number` (``whole_field(box=True)`` in
    ``ui.schema``): the box holds a float once the browser has sent one (7.0), and an int when the page or a link put
    it there."""
    default = lo if default is None else default
    value = where.number_input(
        label,
        float(lo),
        float(hi),
        "min" if default == lo else float(default),  # no default beside a kept value: Streamlit warns otherwise
        1.0,
        format=SHOWN,
        key=key,
        persist_state=persist_state,
        **kw,
    )
    if not whole_number(lo, hi)(value):  # the guard already put the default back; this is for a page without one
        value = default
    return int(value)
