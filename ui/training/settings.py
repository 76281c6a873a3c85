"""/training's settings: the model (the picker the explorer shares) and how it trains (learning rate, optimiser,
initial scale, clipping), in one row, or stacked in the sidebar in projector mode."""

from __future__ import annotations

import streamlit as st

from rnn_core.tasks import get_task
from ui import present, share
from ui.picker import model_picker
from ui.training import trainer
from ui.training.state import LRS, VIEW, task_of

K = VIEW.K


def on_task_change() -> None:
    task = task_of(st.session_state[K.seq])
    st.session_state[K.units] = task.default_units
    st.session_state[K.lr] = task.lr
    st.session_state.pop(K.bt, None)


def settings() -> tuple:
    """The model and training settings; returns (task, recipe, lr, clip)."""
    task = model_picker(VIEW, task_of, on_task_change, hidden=share.flags())
    if st.session_state.get(K.lr) not in LRS:
        st.session_state[K.lr] = task.lr
    where = present.controls()  # in projector mode the sidebar, with the picker: the training row comes first
    c = present.columns(where, [2.0, 1.5, 1.9, 1.05, 1.75], vertical_alignment="bottom")
    lr = VIEW.draw("lr", c[0])
    VIEW.draw("opt", c[1])
    VIEW.keep_defaults("scale")
    scale = VIEW.draw("scale", c[2])
    clip_on = VIEW.draw("clip_on", c[3])
    VIEW.keep_defaults("clip")
    clip = VIEW.draw("clip", c[4], disabled=not clip_on)
    kind, units, seed = st.session_state[K.arch], int(st.session_state[K.units]), int(st.session_state[K.seed])
    opt = st.session_state[K.opt]
    recipe = trainer.Recipe(task.id, kind, units, seed, opt, float(scale) or None)
    note = (
        "Learning rate and clipping apply from the next step, to the weights as they stand; the other settings "
        "start a fresh model at step 0."
    )
    if len(task.train) < len(get_task(task.id).train):
        note += (
            f" To keep a step quick, training uses the first {len(task.train)} of the "
            f"{len(get_task(task.id).train):,} training examples (full batch); held-out accuracy is on "
            f"{len(task.heldout)} other examples."
        )
    where.caption(note)
    VIEW.write(seq=task.id, arch=kind, units=units, seed=seed, lr=lr, opt=opt)
    VIEW.write(scale=scale if scale else None, clip=clip if clip_on else None)
    return task, recipe, float(lr), (float(clip) if clip_on else None)
