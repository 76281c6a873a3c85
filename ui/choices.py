"""A row of answer buttons, one per option, each with its keyboard shortcut: the quiz's way of picking an answer.

Radio buttons and segmented controls cannot take shortcuts; buttons can (``st.button(..., shortcut="1")``), so each
option is a button, the chosen one drawn as primary. A click runs ``on_pick(option)`` as a callback, before the page
reruns; a click on a disabled button (which only a forged client can send) runs it too, so ``on_pick`` checks that
the pick is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def option_row(
    options: Sequence,
    labels: Sequence[str],
    *,
    key: Callable[[object], str],
    on_pick: Callable[[object], None],
    shortcuts: Sequence[str | None] | None = None,
    chosen=None,
    disabled: bool = False,
    helps: Sequence[str | None] | None = None,
    where=None,
) -> None:
    """One button per option in ``where`` (the page by default), in equal columns, labelled ``labels``, each with its
    ``shortcuts`` key (Streamlit shows the key on the button); ``chosen`` is drawn primary."""
    cols = (st if where is None else where).columns(len(options))
    shortcuts = shortcuts or [None] * len(options)
    helps = helps or [None] * len(options)
    for col, opt, label, sc, help_ in zip(cols, options, labels, shortcuts, helps, strict=True):
        col.button(
            label,
            key=key(opt),
            on_click=on_pick,
            args=(opt,),
            type="primary" if opt == chosen else "secondary",
            shortcut=sc,
            disabled=disabled,
            width="stretch",
            help=help_,
        )


def action(where, label: str, icon: str, key: str, on_click: Callable, **kw) -> bool:
    """A full-width button with a Material ``icon`` (its name: "check") that runs ``on_click`` as a callback, before
    the page reruns; ``kw``: the button's other arguments (``args``, ``type``, ``shortcut``, ``help``...)."""
    return where.button(label, key=key, on_click=on_click, icon=f":material/{icon}:", width="stretch", **kw)
