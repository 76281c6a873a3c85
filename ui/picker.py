"""The model picker the explorer and /training share: sequence, architecture and units in one row (stacked in the
sidebar in projector mode), the seed in the sidebar, all kept under the page's own keys."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from rnn_core.params import KINDS
from rnn_core.tasks import TASK_IDS, Task
from ui import present
from ui.numbers import whole_number_input
from ui.pagestate import KEEP, Keys
from viz import labels as names

ARCH_HELP = "Vanilla RNN: h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h). LSTM and GRU add gates."


def _checked(K: Keys, on_task_change: Callable[[], None]) -> None:
    """The sequence's on_change runs before the page: a task no browser offers goes back to the first."""
    if st.session_state.get(K.seq) not in TASK_IDS:
        st.session_state[K.seq] = TASK_IDS[0]
    on_task_change()


def model_picker(
    K: Keys,
    task_of: Callable[[str], Task],
    on_task_change: Callable[[], None],
    *,
    task_help: str,
    seed_help: str,
    hidden: frozenset[str] = frozenset(),
    kinds: tuple[str, ...] = KINDS,
    labels: dict[str, str] | None = None,
    arch_help: str = ARCH_HELP,
) -> Task:
    """Draw the picker into ``K.seq``, ``K.arch``, ``K.units`` and ``K.seed``; returns the chosen task (units
    fall back to its default when the task does not offer the kept value). ``hidden``: a stripped link's flags
    ("picker": no sequence, architecture and units; "seed": no seed box); the kept values still hold. ``kinds``: the
    architectures offered (the explorer adds the fixed window), ``labels`` their names where viz.labels has none."""
    if "picker" in hidden:
        task = task_of(st.session_state[K.seq])
        if st.session_state.get(K.units) not in task.units_choices:
            st.session_state[K.units] = task.default_units
        if "seed" not in hidden:
            whole_number_input(st.sidebar, "Seed", 0, 9999, key=K.seed, help=seed_help)
        return task
    # the sequence's name and mapping fit at 1280 px; in projector mode the three stack in the sidebar
    c = present.columns(present.controls(), [2.8, 2.2, 1.4], vertical_alignment="bottom")
    c[0].selectbox(
        "Sequence",
        TASK_IDS,
        key=K.seq,
        format_func=lambda k: f"{task_of(k).title} · {task_of(k).mapping}",
        on_change=partial(_checked, K, on_task_change),
        persist_state=KEEP,
        help=task_help,
    )
    c[1].segmented_control(
        "Architecture",
        kinds,
        key=K.arch,
        format_func=lambda k: (labels or {}).get(k) or names.ARCH.get(k, k),
        required=True,
        persist_state=KEEP,
        help=arch_help,
    )
    task = task_of(st.session_state[K.seq])
    if st.session_state.get(K.units) not in task.units_choices:
        st.session_state[K.units] = task.default_units
    c[2].select_slider(
        "Hidden units",
        task.units_choices,
        key=K.units,
        persist_state=KEEP,
        help="How many numbers the hidden state h_t holds",
    )
    if "seed" not in hidden:
        whole_number_input(st.sidebar, "Seed", 0, 9999, key=K.seed, help=seed_help)
    return task
