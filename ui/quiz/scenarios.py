"""The quiz's scenarios: which network (dense, CNN, RNN, a combination) and which mapping, how sure, then the answer
with its reason and its picture; a review of what was missed and a round to try those again. Keys 1-4 the network,
5-8 the mapping, L / M / H how sure, Enter checks, Right goes on."""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons import diagrams, scenarios
from rnn_core.lessons.bank import NETWORKS, RECURRENT, Scenario
from rnn_core.mappings import MAPPINGS
from ui import present
from ui.choices import action, option_row
from ui.quiz.pictures import picture
from ui.quiz.state import PICKS, K, bank, clear, key_hint, progress, scenarios_by_id, shown_seed, state
from ui.safe import md
from viz import labels

NETWORK_KEYS = ("1", "2", "3", "4")
MAPPING_KEYS = ("5", "6", "7", "8")
SURE_KEYS = ("L", "M", "H")
QUESTION_HEAD = {False: "#####", True: "####"}  # the question's heading: bigger on a projector


def recurrent(network: str | None) -> bool:
    return network in RECURRENT


def ready(p: scenarios.Progress) -> bool:
    """An answer can be checked: a network, and a mapping when the network has a recurrent part."""
    net = state(K.net)
    return not p.done and not p.checked and net is not None and (not recurrent(net) or state(K.map) is not None)


def pick_network(net: str) -> None:
    if not progress().checked and net in NETWORKS:
        st.session_state[K.net] = net


def pick_mapping(mapping: str) -> None:
    if not progress().checked and mapping in MAPPINGS and state(K.net) not in ("dense", "cnn"):
        st.session_state[K.map] = mapping


def pick_sure(sure: str) -> None:
    if not progress().checked and sure in scenarios.SURE:
        st.session_state[K.sure] = None if state(K.sure) == sure else sure  # a second press takes it back


def check() -> None:
    p = progress()
    if not ready(p):
        return
    net = state(K.net)
    mapping = state(K.map) if recurrent(net) else None
    st.session_state[K.progress] = p.answer(scenarios_by_id()[p.current], net, mapping, state(K.sure))


def go_next() -> None:
    p = progress()
    if p.checked:
        st.session_state[K.progress] = p.next()
        clear(*PICKS)


def set_review(on: bool) -> None:
    st.session_state[K.show_review] = bool(on)


def retry() -> None:
    p = progress()
    if p.missed:
        st.session_state[K.progress] = p.retry()
        st.session_state[K.show_review] = False
        clear(*PICKS)


def restart() -> None:
    st.session_state[K.progress] = scenarios.Progress.start(bank(), shown_seed())
    st.session_state[K.show_review] = False
    clear(*PICKS)


def answer_text(network: str, mapping: str | None) -> str:
    if not recurrent(network):
        return f"{labels.NETWORKS[network]} (no recurrent part: one-to-one)"
    return f"{labels.NETWORKS[network]}, {mapping}"


def score_line(p: scenarios.Progress) -> str:
    n = len(p.answers)
    text = f"**{p.right} right** of {n} answered" if n else "Nothing answered yet"
    if p.marked:
        text += f" · certainty marks **{p.marks:+d}** over {p.marked} answer{'s' if p.marked != 1 else ''}"
    return text


def scenarios_mode() -> None:
    p = progress()
    if p.done or state(K.show_review):
        review(p)
        return
    s = scenarios_by_id()[p.current]
    where = f"Round {p.round} (the ones you missed): q" if p.round > 1 else "Q"
    st.progress(p.pos / len(p.ids), text=f"{where}uestion {p.pos + 1} of {len(p.ids)} · " + score_line(p))
    with st.container(border=True):
        st.markdown(f"{QUESTION_HEAD[present.is_on()]} {md(s.scenario)}")
    if p.last is not None:
        feedback(s, p.last, p)
        return
    net, flat = state(K.net), state(K.net) in ("dense", "cnn")
    st.markdown("**Which network fits best?**")
    option_row(
        NETWORKS,
        [labels.NETWORKS[n] for n in NETWORKS],
        key=lambda n: K(f"net_{n}"),
        on_pick=pick_network,
        shortcuts=NETWORK_KEYS,
        chosen=net,
        helps=[labels.NETWORK_HELP[n] for n in NETWORKS],
    )
    st.markdown(
        "**Which mapping?**"
        + (" A dense network or a CNN has no recurrent part: one input, one output (one-to-one)." if flat else "")
    )
    option_row(
        MAPPINGS,
        [labels.mapping(m) for m in MAPPINGS],
        key=lambda m: K(f"map_{m}"),
        on_pick=pick_mapping,
        shortcuts=MAPPING_KEYS,
        chosen=None if flat else state(K.map),
        disabled=flat,
        helps=[diagrams.either(m).capitalize() for m in MAPPINGS],
    )
    st.markdown("**How sure are you?** Optional: a right answer scores +1, +2 or +3, a wrong one 0, −2 or −6.")
    option_row(
        scenarios.SURE,
        [labels.SURE[v] for v in scenarios.SURE],
        key=lambda v: K(f"sure_{v}"),
        on_pick=pick_sure,
        shortcuts=SURE_KEYS,
        chosen=state(K.sure),
        helps=[
            f"Right: {scenarios.MARKS[v][0]:+d}, wrong: {scenarios.MARKS[v][1]:+d}; press again to take it back"
            for v in scenarios.SURE
        ],
    )
    c = st.columns([1, 1, 1.3, 2.2], vertical_alignment="center")
    action(
        c[0],
        "Check",
        "check",
        K.check,
        check,
        type="primary",
        disabled=not ready(p),
        shortcut="Enter",
        help="Check your answer. Keyboard: Enter",
    )
    next_and_review(p, c[1], c[2])
    key_hint("1–4 pick the network, 5–8 the mapping, L / M / H how sure; Enter checks, → goes on.")


def next_and_review(p: scenarios.Progress, left, right) -> None:
    action(
        left,
        "Next",
        "arrow_forward",
        K.next,
        go_next,
        disabled=not p.checked,
        type="primary" if p.checked else "secondary",
        shortcut="Right",
        help="The next question. Keyboard: Right arrow",
    )
    action(
        right,
        f"Review ({len(p.missed)} missed)",
        "checklist",
        K.review,
        set_review,
        args=(True,),
        help="The questions you missed so far, with their answers, and a round to try them again",
    )


def verdict_text(s: Scenario, a: scenarios.Answer) -> str:
    """What the student said, what is right in it and the answer, in a sentence."""
    g = scenarios.grade(s, a.network, a.mapping)
    if g.network_ok:
        which = "the network is right, the mapping is not"
    elif g.mapping_ok:
        which = "the mapping is right, the network is not"
    else:
        which = "neither the network nor the mapping is right"
    return (
        f"you said {answer_text(a.network, a.mapping)}: {which}. The answer: **{answer_text(s.network, s.mapping)}**."
    )


def feedback(s: Scenario, a: scenarios.Answer, p: scenarios.Progress) -> None:
    mark = "" if a.mark is None else f" Certainty mark: {a.mark:+d}."
    if a.verdict == "right":
        st.success(f"**Right**: {answer_text(s.network, s.mapping)}.{mark}", icon=":material/check_circle:")
    elif a.verdict == "partly right":
        st.warning(f"**Partly right**: {verdict_text(s, a)}{mark}", icon=":material/info:")
    else:
        st.error(f"**Not this time**: {verdict_text(s, a)}{mark}", icon=":material/cancel:")
    c = st.columns([1, 1.3, 2.2], vertical_alignment="center")
    next_and_review(p, c[0], c[1])
    with c[2]:
        key_hint("→ goes on.")
    left, right = st.columns([1, 1.25])
    with left:
        st.markdown(md(s.explanation))
    with right:
        picture(s.mapping or "one-to-one", s.id, K.fig, diagrams.synced(s))


def review(p: scenarios.Progress) -> None:
    by_id = scenarios_by_id()
    missed = p.missed
    if p.done:
        st.subheader(f"Round {p.round} done" if p.round > 1 else "You have been through the whole bank")
    else:
        st.subheader("Review so far")
    st.markdown(score_line(p) + f" · {len(missed)} missed.")
    c = st.columns(3)
    action(
        c[0],
        f"Try these again ({len(missed)})",
        "replay",
        K.retry,
        retry,
        type="primary",
        disabled=not missed,
        help="A new round with just the questions you missed, in the same order",
    )
    if not p.done:
        action(c[1], "Back to the questions", "arrow_back", K.back, set_review, args=(False,))
    action(
        c[2],
        "Start over",
        "restart_alt",
        K.restart,
        restart,
        help="The whole bank again from the first question, scores back to zero",
    )
    if not missed:
        st.success("Nothing missed: every answer so far is right." if p.answers else "Nothing answered yet.")
        return
    for a in missed:
        s = by_id[a.id]
        with st.container(border=True):
            st.markdown(f"**{md(s.scenario)}**")
            st.markdown(
                f"You said: {answer_text(a.network, a.mapping)} ({a.verdict}). "
                f"The answer: **{answer_text(s.network, s.mapping)}**."
            )
            st.caption(md(s.explanation))
