"""The quiz's weight shapes: a recurrent layer's sizes drawn from the seed, and the student gives each weight's shape,
the weight blocks and the parameter count, checked against torch's own modules."""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons import answers, weight_shapes
from rnn_core.params import GATES
from rnn_core.shapes import weights
from ui.choices import action
from ui.explorer.shapes import weights_table
from ui.quiz.results import result_lines
from ui.quiz.state import GATE_CHOICES, SHAPE_BOXES, SHAPES, K, clear, state, tally
from ui.schema import KEEP
from viz import labels


def clear_shapes() -> None:
    clear(*SHAPES)


def new_shape() -> None:
    st.session_state[K.shape_i] = int(state(K.shape_i, 0)) + 1
    clear_shapes()


def checked_shapes(p: weight_shapes.ShapeProblem):
    """The shapes typed for ``p``, checked."""
    typed = (state(K(name), "") for name in SHAPE_BOXES)
    return weight_shapes.check_shapes(p, state(K.shape_gates), *typed, cell=labels.ARCH[p.kind])


def check_shape(p: weight_shapes.ShapeProblem) -> None:
    first = not state(K.shape_checked)
    st.session_state[K.shape_checked] = True
    if first:
        results = checked_shapes(p)
        st.session_state[K.shape_tally] = tally(K.shape_tally).add(all(r.ok for r in results))


def shapes_mode(seed: int) -> None:
    i = int(state(K.shape_i, 0))
    p = weight_shapes.shape_problem(seed, i)
    t = tally(K.shape_tally)
    cell = labels.ARCH[p.kind]
    gated = len(GATES[p.kind]) > 1
    st.caption(f"Shape question {i + 1} · {t.right} of {t.asked} all right at the first check")
    with st.container(border=True):
        st.markdown(
            f"##### A **{cell}** layer reads **input_dim = {p.input_dim}** numbers at each step and has "
            f"**units = {p.units}**; an output layer turns each h_t into **output_dim = {p.output_dim}** numbers."
        )
    st.markdown(
        "Give the shapes as the slide writes them, rows x columns (W_xh input-first, input_dim x units; W_hy "
        "output-first, output_dim x units), "
        + ("**one block's** of each, " if gated else "")
        + "the number of weight blocks (the gates, and the candidate, each with its own weights), and how many "
        "parameters the whole network has (the layer and the output layer, every bias included, as torch counts "
        "them)."
    )
    c = st.columns([1.3, 1, 1, 1, 1.2])
    c[0].segmented_control(
        "Weight blocks",
        GATE_CHOICES,
        key=K.shape_gates,
        persist_state=KEEP,
        help="How many blocks of weights the cell stacks: one per gate and one for the candidate (a vanilla RNN "
        "has one)",
    )
    per = " (one gate)" if gated else ""
    names = (f"W_xh{per}", f"W_hh{per}", "W_hy", "Parameters")
    holders = ("rows x cols", "rows x cols", "rows x cols", "e.g. 1,234")
    for col, box, label, holder in zip(c[1:], SHAPE_BOXES, names, holders, strict=True):
        col.text_input(label, key=K(box), persist_state=KEEP, placeholder=holder, max_chars=answers.MAX_TEXT)
    b = st.columns([1, 1.3, 3])
    action(b[0], "Check", "check", K.shape_check, check_shape, args=(p,), type="primary")
    action(
        b[1],
        "New question",
        "casino",
        K.shape_new,
        new_shape,
        help="Another cell and other sizes (the next question for this seed)",
    )
    if not state(K.shape_checked):
        return
    results = checked_shapes(p)
    good = sum(r.ok for r in results)
    (st.success if good == len(results) else st.info)(f"{good} of {len(results)} right.")
    st.markdown(result_lines(results))
    shape_table(p)


def shape_table(p: weight_shapes.ShapeProblem) -> None:
    rows = weights(p.kind, p.input_dim, p.units, p.output_dim)
    st.markdown("**Every weight**, the lecture's way and torch's (the explorer's shapes panel shows the same table):")
    weights_table(rows, torch_names=False)
