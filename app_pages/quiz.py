"""Quiz yourself (url path ``quiz``): the lecture's objectives as questions with immediate feedback.

Four modes, one at a time (``mode=`` in the URL): scenarios (which network, which mapping, how sure), diagram
questions (name the mapping a picture shows, pick the picture that fits a problem), unrolling the 1x1 RNN by hand,
and the shapes of a recurrent layer's weights. The seed (``seed=``) fixes the order of the questions and the numbers
drawn, so a class that opens the same link gets the same quiz. Its view is ``ui.quiz.state.VIEW``; each mode is its own
module in ``ui.quiz``; grading lives in ``rnn_core.lessons``.
"""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons.scenarios import Progress
from ui import share
from ui.quiz.by_hand import by_hand_mode
from ui.quiz.diagrams import diagrams_mode
from ui.quiz.scenarios import scenarios_mode
from ui.quiz.shapes import shapes_mode
from ui.quiz.state import MODES, VIEW, new_seed, state
from ui.schema import show_notes

K = VIEW.K
MODE_VIEWS = {"diagrams": diagrams_mode, "by-hand": by_hand_mode, "shapes": shapes_mode}


def main() -> None:
    VIEW.enter()
    show_notes(VIEW.link_notes() + VIEW.guard())
    st.title("Quiz yourself")
    hide = share.flags()
    seed = int(st.session_state[K.seed]) if "seed" in hide else VIEW.draw("seed", st.sidebar)
    if state(K.for_seed) != seed or not isinstance(state(K.progress), Progress):
        new_seed(seed)
    if "modes" not in hide:
        VIEW.draw("mode", label_visibility="collapsed")
    mode = st.session_state.get(K.mode)
    mode = mode if mode in MODES else MODES[0]
    VIEW.write(seed=seed, mode=mode)
    st.caption(
        f"The lecture's objectives, with the reason after every answer. Quiz seed {seed}: share this page's link "
        "and everyone gets the same questions in the same order."
    )
    if mode == "scenarios":
        scenarios_mode()
    else:
        MODE_VIEWS[mode](seed)
    share.panel(VIEW)


main()
