"""The quiz's unroll by hand: the lecture's 1x1 RNN worked step by step, from a problem the seed draws or the student's
own numbers, checked against the glass box, with a worked solution and a link that opens the same inputs in the
explorer."""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons import answers
from rnn_core.lessons import by_hand as hand
from ui.choices import action
from ui.explorer import state as explorer
from ui.quiz.results import result_lines
from ui.quiz.state import HAND, HAND_BOXES, HAND_DEFAULTS, HAND_SOURCES, VIEW, K, clear, state
from ui.safe import md
from ui.schema import KEEP
from viz import steps as step_math
from viz.worked import output_line, problem_lines, step_block


def clear_hand() -> None:
    clear(*HAND)


def new_hand() -> None:
    st.session_state[K.hand_i] = int(state(K.hand_i, 0)) + 1
    clear_hand()


def check_hand() -> None:
    st.session_state[K.hand_checked] = True


def open_in_explorer(text: str) -> None:
    """The explorer on the scalar task with these inputs: it reads its link again, as if opened fresh."""
    explorer.VIEW.open(seq="scalar", arch="rnn", units=1, text=text)


def own_problem() -> hand.HandProblem | None:
    """The weights and inputs the student types, or None (with a message) while the inputs cannot be used."""
    st.caption(
        f"Your own weights and inputs: each from {-hand.LIMIT:g} to {hand.LIMIT:g}, up to {hand.MAX_INPUTS} inputs."
    )
    c = st.columns(5)
    w = {}
    for col, name in zip(c, hand.WEIGHT_NAMES, strict=True):
        key = K(f"hand_{name}")
        st.session_state.setdefault(key, HAND_DEFAULTS[name])  # no default beside a kept value: Streamlit warns
        w[name] = col.number_input(name, -hand.LIMIT, hand.LIMIT, step=0.1, format="%.2f", key=key, persist_state=KEEP)
    VIEW.keep_defaults("hand_inputs")
    text = st.text_input(
        "Inputs x_1, x_2, …",
        key=K.hand_inputs,
        persist_state=KEEP,
        help="Numbers separated by spaces, e.g. 0.5 0.25 -0.5",
    )
    xs, problem = hand.read_inputs(text)
    if xs is None:
        st.warning(md(problem, 300))
        return None
    try:
        return hand.HandProblem(**{n: float(v) for n, v in w.items()}, xs=xs)
    except (TypeError, ValueError):
        st.warning(f"Each weight must be a number from {-hand.LIMIT:g} to {hand.LIMIT:g}.")
        return None


def by_hand_mode(seed: int) -> None:
    VIEW.keep_defaults("hand_src")
    src = st.segmented_control(
        "Numbers",
        HAND_SOURCES,
        key=K.hand_src,
        required=True,
        format_func={"seed": "A problem from the seed", "own": "Check my own arithmetic"}.get,
        on_change=clear_hand,
        persist_state=KEEP,
        help="Work through a problem drawn from the quiz's seed, or type the weights and inputs of your own "
        "exercise and check your arithmetic",
    )
    st.markdown(
        "The lecture's smallest RNN: one input, one unit, one output, so every weight is a single number. "
        "Start from h_0 = 0 and unroll it:"
    )
    st.latex(r"h_t = \tanh(W_{hh}\, h_{t-1} + W_{xh}\, x_t + b_h), \qquad y_t = W_{hy}\, h_t + b_y")
    p = own_problem() if src == "own" else hand.hand_problem(seed, int(state(K.hand_i, 0)))
    if p is None:
        return
    if src == "seed":
        for line in problem_lines(*p.weights().values(), p.xs):
            st.latex(line)
    names = hand.answer_names(p.T)
    st.markdown(
        f"**Your answers** (to 2 or 3 decimals; each counts within ±{hand.TOLERANCE:g}): "
        f"h_1 to h_{p.T}, then the output at the last step, y_{p.T}."
    )
    keys = [K(name) for name in HAND_BOXES[: p.T]] + [K.hand_y]
    cols = st.columns(len(keys))
    for col, name, key in zip(cols, names, keys, strict=True):
        col.text_input(name, key=key, persist_state=KEEP, placeholder="e.g. 0.46", max_chars=answers.MAX_TEXT)
    typed = {name: state(key, "") for name, key in zip(names, keys, strict=True)}
    c = st.columns([1, 1.6, 1.3, 2], vertical_alignment="center")
    action(c[0], "Check", "check", K.hand_check, check_hand, type="primary")
    c[1].toggle("Show the worked solution", key=K.hand_solution, persist_state=KEEP)
    if src == "seed":
        action(
            c[2],
            "New problem",
            "casino",
            K.hand_new,
            new_hand,
            help="Other weights and inputs (the next problem for this seed)",
        )
    if state(K.hand_checked):
        results = hand.check_hand(p, typed)
        good = sum(r.ok for r in results)
        (st.success if good == len(results) else st.info)(f"{good} of {len(results)} right.")
        st.markdown(result_lines(results))
    if state(K.hand_solution):
        worked(p)
    explorer_link(p)


def worked(p: hand.HandProblem) -> None:
    st.markdown("**Worked solution**, step by step (every number rounded to 3 decimals, computed unrounded):")
    steps = hand.solve(p)
    per_row = 2
    for first in range(0, len(steps), per_row):
        cols = st.columns(per_row)
        for col, s in zip(cols, steps[first : first + per_row], strict=False):
            col.latex(step_block(s, p.W_xh, p.W_hh, p.b_h))
    st.latex(output_line(steps[-1], p.W_hy, p.b_y))
    with st.expander("The same steps as the explorer's math panel shows them"):
        x_labels, terms, trace_steps, logits = hand.explorer_math(p)
        parts = step_math.arithmetic("rnn", x_labels, terms, trace_steps, logits)
        for t, lines in enumerate(parts[1]["tex"], start=1):
            st.markdown(f"Step t = {t}: input x_{t} = {md(x_labels[t - 1])}")
            for line in lines:
                st.latex(line)


def explorer_link(p: hand.HandProblem) -> None:
    text = hand.explorer_text(p)
    c = st.columns([1.2, 3], vertical_alignment="center")
    clicked = c[0].button(
        "Open in the explorer",
        key=K.hand_open,
        disabled=text is None,
        icon=":material/open_in_new:",
        width="stretch",
        help="The explorer's 1x1 RNN (the numbers task) reading these inputs",
    )
    weights_text = ", ".join(f"{n} = {v:g}" for n, v in p.weights().items())
    if text is None:
        c[1].caption("The explorer's numbers task takes inputs from -1 to 1, so it cannot show these.")
    else:
        c[1].caption(
            "The explorer's 1x1 RNN reads these inputs with its trained weights: a link cannot carry weights. "
            f"To see exactly these numbers there, open “Type your own weights” and type {weights_text}."
        )
    if clicked and text is not None:
        open_in_explorer(text)
