"""The model picker the explorer and /training share: sequence, architecture and units in one row (stacked in the
sidebar in projector mode), the seed in the sidebar, all fields of the page's view (``ui.fields``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from rnn_core.tasks import TASK_IDS, Task
from ui import present
from ui.schema import View


def _checked(view: View, on_task_change: Callable[[], None]) -> None:
    """The sequence's on_change runs before the page: a task no browser offers goes back to the first."""
    if st.session_state.get(view.key("seq")) not in TASK_IDS:
        st.session_state[view.key("seq")] = TASK_IDS[0]
    on_task_change()


def model_picker(
    view: View,
    task_of: Callable[[str], Task],
    on_task_change: Callable[[], None],
    *,
    hidden: frozenset[str] = frozenset(),
) -> Task:
    """Draw the view's ``seq``, ``arch``, ``units`` and ``seed``; returns the chosen task (units fall back to its
    default when the task does not offer the kept value). ``hidden``: a stripped link's flags ("picker": no sequence,
    architecture and units; "seed": no seed box); the kept values still hold."""
    units = view.key("units")
    if "picker" in hidden:
        task = task_of(st.session_state[view.key("seq")])
        if st.session_state.get(units) not in task.units_choices:
            st.session_state[units] = task.default_units
        if "seed" not in hidden:
            view.draw("seed", st.sidebar)
        return task
    # at 1280 px the sequence's name and mapping and all four architectures fit (tests/e2e/test_layout_e2e.py);
    # in projector mode the three stack in the sidebar
    c = present.columns(present.controls(), [2.65, 2.55, 1.1], vertical_alignment="bottom")
    view.draw("seq", c[0], on_change=partial(_checked, view, on_task_change))
    view.draw("arch", c[1])
    task = task_of(st.session_state[view.key("seq")])
    if st.session_state.get(units) not in task.units_choices:
        st.session_state[units] = task.default_units
    view.draw("units", c[2], ctx=task)
    if "seed" not in hidden:
        view.draw("seed", st.sidebar)
    return task
