"""The quiz's diagram questions, both ways: name the mapping an unrolled picture shows, or pick the picture that fits
a problem. Keys 1-4 answer, Right goes on."""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons import diagrams
from ui import present
from ui.charts import show
from ui.choices import action, option_row
from ui.quiz.pictures import LETTERS, PICTURE_PX, SMALL_PX, letter, mapping_picture
from ui.quiz.scenarios import NETWORK_KEYS
from ui.quiz.state import K, bank, key_hint, scenarios_by_id, shown_seed, state, tally
from ui.safe import md
from viz import labels


def answer_picture(option: int) -> None:
    if state(K.pic_pick) is not None or option not in range(4):
        return
    q = diagrams.picture_question(bank(), shown_seed(), int(state(K.pic_i, 0)))
    st.session_state[K.pic_pick] = option
    st.session_state[K.pic_tally] = tally(K.pic_tally).add(option == q.answer)


def next_picture() -> None:
    if state(K.pic_pick) is not None:
        st.session_state[K.pic_i] = int(state(K.pic_i, 0)) + 1
        st.session_state[K.pic_pick] = None


def diagrams_mode(seed: int) -> None:
    i = int(state(K.pic_i, 0))
    q = diagrams.picture_question(bank(), seed, i)
    pick = state(K.pic_pick)
    t = tally(K.pic_tally)
    st.caption(f"Diagram question {i + 1} · {t.right} right of {t.asked}")
    big = present.is_on()
    if q.kind == "name":
        st.markdown("##### Which mapping does this unrolled network show?")
        fig = mapping_picture(q.mapping, q.steps, q.synced, f"{seed}:{i}", big=big, width=PICTURE_PX[big])
        show(fig, K.fig, width="content")
    else:
        s = scenarios_by_id()[q.scenario]
        st.markdown("##### Which picture fits this problem?")
        with st.container(border=True):
            st.markdown(f"**{md(s.scenario)}**")
        for row in (0, 2):
            cols = st.columns(2)
            for k in (row, row + 1):
                m = q.options[k]
                title = letter(k, m if pick is not None else None)
                fig = mapping_picture(
                    m, q.steps, q.synced, f"{seed}:{i}:{k}", big=big, width=SMALL_PX[big], title=title
                )
                show(fig, K(f"fig_{k}"), cols[k % 2], width="content")
            if pick is None:  # under the pictures, side by side whatever their heights
                buttons = st.columns(2)
                for k in (row, row + 1):
                    buttons[k % 2].button(
                        letter(k),
                        key=K(f"pic_{k}"),
                        on_click=answer_picture,
                        args=(k,),
                        shortcut=NETWORK_KEYS[k],
                        width="stretch",
                    )
    if pick is None:
        if q.kind == "name":
            option_row(
                list(range(4)),
                [labels.mapping(m) for m in q.options],
                key=lambda k: K(f"pic_{k}"),
                on_pick=answer_picture,
                shortcuts=NETWORK_KEYS,
            )
        key_hint("1–4 pick an answer, → goes on.")
        return
    right = q.options[q.answer]
    text = {m: diagrams.describe(m, q.synced) for m in q.options}
    if pick == q.answer:
        st.success(f"**Right**: {right}, {text[right]}.", icon=":material/check_circle:")
    else:
        chose = q.options[pick]
        if q.kind == "pick":
            said = f"picture {LETTERS[pick]} is {chose}, {text[chose]}. The answer is picture {LETTERS[q.answer]}"
        else:
            said = f"you said {chose}, {text[chose]}. The answer is"
        st.error(f"**Not this time**: {said}, **{right}**: {text[right]}.", icon=":material/cancel:")
    c = st.columns([1, 3.5], vertical_alignment="center")
    action(
        c[0],
        "Next",
        "arrow_forward",
        K.pic_next,
        next_picture,
        type="primary",
        shortcut="Right",
        help="The next diagram question. Keyboard: Right arrow",
    )
    with c[1]:
        key_hint("→ goes on.")
    if q.kind == "pick":
        st.markdown(md(scenarios_by_id()[q.scenario].explanation))
    elif right == "one-to-many":
        st.caption(
            "One input, at the first step only, and an output at every step, each fed back as the next input (the "
            "dashed arrows; a many-to-many picture that is not synced has them too, but reads several inputs first)."
        )
    elif right == "many-to-one":
        st.caption("Inputs at every step, but only the last step has an output.")
    elif right == "one-to-one":
        st.caption("A single step: nothing is carried from one input to the next.")
    elif q.synced:
        st.caption("An output for every input, step by step.")
    else:
        st.caption("Every input is read first; only then do the outputs come, each fed back as the next input.")
