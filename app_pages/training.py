"""Watch it learn (url path ``training``): weights updating step by step, gradients flowing back through time.

Sections: train a model one optimiser step at a time (``ui.training.steps``: weights, ΔW, dW, the outputs' scores,
loss curves, backpropagation through time on the unrolled diagram); vanishing and exploding gradients in the three
cells (``ui.training.vanishing``); the memory-horizon experiment (``ui.training.horizon``). Its view is
``ui.training.state.VIEW``; the session's trainer is ``ui.training.trainer``.
"""

from __future__ import annotations

import streamlit as st

from ui import present, share
from ui.schema import show_notes
from ui.training import trainer
from ui.training.horizon import horizon_section
from ui.training.settings import settings
from ui.training.state import VIEW, from_link
from ui.training.steps import TICK_SECONDS, replay_link, training_view
from ui.training.vanishing import vanishing_section

K = VIEW.K


def main() -> None:
    VIEW.enter(from_link)
    show_notes(VIEW.link_notes() + VIEW.guard())
    st.title("Watch it learn")
    present.controls().caption(
        "Training repeats three moves: run the sequence forward, h_t = f_W(h_(t-1), x_t) with the same weights "
        "at every step; measure the loss at the outputs; send its gradient back through time (BPTT) and "
        "move every weight a little against it. Take one step at a time and watch."
    )
    task, recipe, lr, clip = settings()
    s, rebuilt = trainer.stepper(task, recipe, lr, clip)
    pending = st.session_state.pop(K.run_from_url, ())
    if pending and s.n_steps == 0:
        replay_link(task, recipe, s, pending, lr, clip)
    example = task.default
    if rebuilt:
        st.session_state[K.bt] = example.T
    if (bt := st.session_state.pop(K.bt_from_url, None)) is not None:
        st.session_state[K.bt] = min(int(bt), example.T)
    st.session_state.setdefault(K.bt, example.T)
    st.fragment(training_view, run_every=TICK_SECONDS if trainer.is_playing() else None)(task, example)
    if "sections" not in share.flags():
        st.fragment(vanishing_section)(recipe.seed)
        st.fragment(horizon_section)(recipe.seed)
    share.panel(VIEW)


main()
