"""Quiz yourself (url path ``quiz``): the lecture's objectives as questions with immediate feedback.

Four modes, one at a time (``mode=`` in the URL): scenarios (which network, which mapping, how sure), diagram
questions (name the mapping a picture shows, pick the picture that fits a problem), unrolling the 1x1 RNN by hand,
and the shapes of a recurrent layer's weights. The seed (``seed=``) fixes the order of the questions and the numbers
drawn, so a class that opens the same link gets the same quiz. Grading lives in ``rnn_core.quiz`` and
``rnn_core.drills``; the pictures in ``viz.mapping_sketch`` and ``viz.worked``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnn_core import mappings
from rnn_core.lessons import answers, weight_shapes
from rnn_core.lessons import bank as question_bank
from rnn_core.lessons import by_hand as hand
from rnn_core.lessons import diagrams as pictures
from rnn_core.lessons import scenarios as rounds
from rnn_core.params import GATES
from rnn_core.shapes import weights
from ui import pagestate, present, share, urlstate
from ui.charts import show
from ui.choices import option_row
from ui.numbers import whole_number_input
from ui.safe import md
from viz import labels
from viz import steps as step_math
from viz.mapping_sketch import mapping_figure
from viz.worked import output_line, problem_lines, step_block

MODES = ("scenarios", "diagrams", "by-hand", "shapes")
MODE_LABELS = {
    "scenarios": "Which network?",
    "diagrams": "Diagrams",
    "by-hand": "Unroll by hand",
    "shapes": "Shapes",
}
NETWORK_LABELS = labels.NETWORKS
NETWORK_HELP = {
    "dense": "A dense (fully connected, feed-forward) network: a fixed-size input, no memory between inputs",
    "cnn": "A convolutional network: images and other grids, a fixed-size input",
    "rnn": "A recurrent network: reads a sequence one step at a time, carrying a hidden state",
    "combination": "Networks put together, e.g. a CNN that reads each image feeding an RNN",
}
MAPPING_LABELS = {m: m.capitalize() for m in mappings.MAPPINGS}  # "One-to-many"
SURE_LABELS = {"low": "Not sure", "medium": "Fairly sure", "high": "Very sure"}
NETWORK_KEYS = ("1", "2", "3", "4")
MAPPING_KEYS = ("5", "6", "7", "8")
SURE_KEYS = ("L", "M", "H")
LETTERS = ("A", "B", "C", "D")
QUESTION_HEAD = {False: "#####", True: "####"}  # the question's heading: bigger on a projector
HAND_SOURCES = ("seed", "own")
MAX_HAND = hand.MAX_INPUTS
GATE_CHOICES = (1, 2, 3, 4)
EXPLORER_PREFIX = "ex_"  # the explorer's session keys (app_pages/unroll.py): asked to read its link again
PICTURE_PX = {False: 620, True: 1100}  # a picture on its own
SIDE_PX = {False: 470, True: 660}  # the feedback picture beside the explanation (its column at 1280 px)
SMALL_PX = {False: 400, True: 600}  # each of the four pictures to pick from (half the column at 1280 px)

K = pagestate.Keys(
    "qz_",
    "mode",
    "seed",
    "for_seed",
    # scenarios
    "progress",
    "net",
    "map",
    "sure",
    "check",
    "next",
    "review",
    "show_review",
    "retry",
    "restart",
    "back",
    "fig",
    # diagrams
    "pic_i",
    "pic_pick",
    "pic_tally",
    "pic_next",
    # unroll by hand
    "hand_src",
    "hand_i",
    "hand_checked",
    "hand_check",
    "hand_new",
    "hand_solution",
    "hand_inputs",
    "hand_open",
    "hand_y",
    # shapes
    "shape_i",
    "shape_gates",
    "shape_w_xh",
    "shape_w_hh",
    "shape_w_hy",
    "shape_count",
    "shape_checked",
    "shape_check",
    "shape_new",
    "shape_tally",
)
HAND_BOXES = [K(f"hand_h{t}") for t in range(1, MAX_HAND + 1)] + [K.hand_y]
HAND_WEIGHTS = {name: K(f"hand_{name}") for name in hand.WEIGHT_NAMES}
HAND_DEFAULTS = {"W_xh": 0.5, "W_hh": 0.8, "b_h": 0.0, "W_hy": 1.0, "b_y": 0.0}
SHAPE_BOXES = (K.shape_w_xh, K.shape_w_hh, K.shape_w_hy, K.shape_count)


def _text(v) -> bool:
    return type(v) is str


def _weight(v) -> bool:
    return type(v) is float and -hand.LIMIT <= v <= hand.LIMIT


RULES = [
    pagestate.Rule("mode", pagestate.one_of(MODES), MODES[0]),
    pagestate.Rule("seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("net", lambda v: v is None or pagestate.one_of(question_bank.NETWORKS)(v), None),
    pagestate.Rule("map", lambda v: v is None or pagestate.one_of(mappings.MAPPINGS)(v), None),
    pagestate.Rule("sure", lambda v: v is None or pagestate.one_of(rounds.SURE)(v), None),
    pagestate.Rule("progress", lambda v: v is None or isinstance(v, rounds.Progress), None),
    pagestate.Rule("show_review", pagestate.flag, False),
    pagestate.Rule("pic_i", pagestate.whole(0, 10**6), 0),
    pagestate.Rule("pic_pick", lambda v: v is None or pagestate.whole(0, 3)(v), None),
    pagestate.Rule("pic_tally", lambda v: v is None or isinstance(v, rounds.Tally), None),
    pagestate.Rule("hand_src", pagestate.one_of(HAND_SOURCES), HAND_SOURCES[0]),
    pagestate.Rule("hand_i", pagestate.whole(0, 10**6), 0),
    pagestate.Rule("hand_checked", pagestate.flag, False),
    pagestate.Rule("hand_solution", pagestate.flag, False),
    pagestate.Rule("hand_inputs", _text, "0.5 0.25 -0.5"),
    *(pagestate.Rule(key.removeprefix(K.prefix), _text, "") for key in HAND_BOXES),
    *(pagestate.Rule(key.removeprefix(K.prefix), _weight, HAND_DEFAULTS[n]) for n, key in HAND_WEIGHTS.items()),
    pagestate.Rule("shape_i", pagestate.whole(0, 10**6), 0),
    pagestate.Rule("shape_gates", lambda v: v is None or pagestate.one_of(GATE_CHOICES)(v), None),
    *(pagestate.Rule(key.removeprefix(K.prefix), _text, "") for key in SHAPE_BOXES),
    pagestate.Rule("shape_checked", pagestate.flag, False),
    pagestate.Rule("shape_tally", lambda v: v is None or isinstance(v, rounds.Tally), None),
]


@st.cache_resource(show_spinner=False)
def bank() -> tuple[question_bank.Scenario, ...]:
    """The question bank, read once for the server (immutable: a tuple of frozen scenarios)."""
    return question_bank.load_bank()


@st.cache_resource(show_spinner=False)
def scenarios_by_id() -> dict[str, question_bank.Scenario]:
    return {s.id: s for s in bank()}


def read_link() -> tuple[dict, list[str]]:
    """The quiz a link names: its seed and mode."""
    return urlstate.read(
        [
            urlstate.Param("seed", 0, urlstate.int_in(0, 9999), "seed"),
            urlstate.Param("mode", MODES[0], urlstate.choice(MODES), "quiz mode"),
        ]
    )


def state(key: str, default=None):
    return st.session_state.get(key, default)


def new_seed(seed: int) -> None:
    """A new seed starts every mode again: new order, new problems, scores back to zero."""
    ss = st.session_state
    ss[K.progress] = rounds.Progress.start(bank(), seed)
    ss[K.pic_tally], ss[K.shape_tally] = rounds.Tally(), rounds.Tally()
    ss[K.pic_i], ss[K.hand_i], ss[K.shape_i] = 0, 0, 0
    ss[K.pic_pick], ss[K.show_review] = None, False
    clear_picks()
    clear_hand()
    clear_shapes()
    ss[K.for_seed] = seed


def shown_seed() -> int:
    """The seed the page last ran with (callbacks act on what the student saw, whatever the seed box holds now)."""
    v = state(K.for_seed, 0)
    return v if pagestate.whole(0, 9999)(v) else 0


def progress() -> rounds.Progress:
    p = state(K.progress)
    return p if isinstance(p, rounds.Progress) else rounds.Progress.start(bank(), shown_seed())


def tally(key: str) -> rounds.Tally:
    t = state(key)
    return t if isinstance(t, rounds.Tally) else rounds.Tally()


def key_hint(text: str) -> None:
    st.caption("Keyboard: " + text)


# --- scenarios --------------------------------------------------------------------------------------------------------


def clear_picks() -> None:
    st.session_state[K.net] = st.session_state[K.map] = st.session_state[K.sure] = None


def recurrent(network: str | None) -> bool:
    return network in question_bank.RECURRENT


def ready(p: rounds.Progress) -> bool:
    """An answer can be checked: a network, and a mapping when the network has a recurrent part."""
    net = state(K.net)
    return not p.done and not p.checked and net is not None and (not recurrent(net) or state(K.map) is not None)


def pick_network(net: str) -> None:
    if not progress().checked and net in question_bank.NETWORKS:
        st.session_state[K.net] = net


def pick_mapping(mapping: str) -> None:
    if not progress().checked and mapping in mappings.MAPPINGS and state(K.net) not in ("dense", "cnn"):
        st.session_state[K.map] = mapping


def pick_sure(sure: str) -> None:
    if not progress().checked and sure in rounds.SURE:
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
        clear_picks()


def set_review(on: bool) -> None:
    st.session_state[K.show_review] = bool(on)


def retry() -> None:
    p = progress()
    if p.missed:
        st.session_state[K.progress] = p.retry()
        st.session_state[K.show_review] = False
        clear_picks()


def restart() -> None:
    st.session_state[K.progress] = rounds.Progress.start(bank(), shown_seed())
    st.session_state[K.show_review] = False
    clear_picks()


def answer_text(network: str, mapping: str | None) -> str:
    if not recurrent(network):
        return f"{NETWORK_LABELS[network]} (no recurrent part: one-to-one)"
    return f"{NETWORK_LABELS[network]}, {mapping}"


def score_line(p: rounds.Progress) -> str:
    n = len(p.answers)
    text = f"**{p.right} right** of {n} answered" if n else "Nothing answered yet"
    if p.marked:
        text += f" · certainty marks **{p.marks:+d}** over {p.marked} answer{'s' if p.marked != 1 else ''}"
    return text


def scenarios() -> None:
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
        question_bank.NETWORKS,
        [NETWORK_LABELS[n] for n in question_bank.NETWORKS],
        key=lambda n: K(f"net_{n}"),
        on_pick=pick_network,
        shortcuts=NETWORK_KEYS,
        chosen=net,
        helps=[NETWORK_HELP[n] for n in question_bank.NETWORKS],
    )
    st.markdown(
        "**Which mapping?**"
        + (" A dense network or a CNN has no recurrent part: one input, one output (one-to-one)." if flat else "")
    )
    option_row(
        mappings.MAPPINGS,
        [MAPPING_LABELS[m] for m in mappings.MAPPINGS],
        key=lambda m: K(f"map_{m}"),
        on_pick=pick_mapping,
        shortcuts=MAPPING_KEYS,
        chosen=None if flat else state(K.map),
        disabled=flat,
        helps=[pictures.MAPPING_TEXT[m].capitalize() for m in mappings.MAPPINGS],
    )
    st.markdown("**How sure are you?** Optional: a right answer scores +1, +2 or +3, a wrong one 0, −2 or −6.")
    option_row(
        rounds.SURE,
        [SURE_LABELS[v] for v in rounds.SURE],
        key=lambda v: K(f"sure_{v}"),
        on_pick=pick_sure,
        shortcuts=SURE_KEYS,
        chosen=state(K.sure),
        helps=[
            f"Right: {rounds.MARKS[v][0]:+d}, wrong: {rounds.MARKS[v][1]:+d}; press again to take it back"
            for v in rounds.SURE
        ],
    )
    c = st.columns([1, 1, 1.3, 2.2], vertical_alignment="center")
    c[0].button(
        "Check",
        key=K.check,
        on_click=check,
        type="primary",
        disabled=not ready(p),
        shortcut="Enter",
        width="stretch",
        icon=":material/check:",
        help="Check your answer. Keyboard: Enter",
    )
    next_and_review(p, c[1], c[2])
    key_hint("1–4 pick the network, 5–8 the mapping, L / M / H how sure; Enter checks, → goes on.")


def next_and_review(p: rounds.Progress, left, right) -> None:
    left.button(
        "Next",
        key=K.next,
        on_click=go_next,
        disabled=not p.checked,
        type="primary" if p.checked else "secondary",
        shortcut="Right",
        width="stretch",
        icon=":material/arrow_forward:",
        help="The next question. Keyboard: Right arrow",
    )
    right.button(
        f"Review ({len(p.missed)} missed)",
        key=K.review,
        on_click=set_review,
        args=(True,),
        width="stretch",
        icon=":material/checklist:",
        help="The questions you missed so far, with their answers, and a round to try them again",
    )


def verdict_text(s: question_bank.Scenario, a: rounds.Answer) -> str:
    """What the student said, what is right in it and the answer, in a sentence."""
    g = rounds.grade(s, a.network, a.mapping)
    if g.network_ok:
        which = "the network is right, the mapping is not"
    elif g.mapping_ok:
        which = "the mapping is right, the network is not"
    else:
        which = "neither the network nor the mapping is right"
    return (
        f"you said {answer_text(a.network, a.mapping)}: {which}. The answer: **{answer_text(s.network, s.mapping)}**."
    )


def feedback(s: question_bank.Scenario, a: rounds.Answer, p: rounds.Progress) -> None:
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
        picture(s.mapping or "one-to-one", s.id, K.fig, pictures.synced(s))


def picture(mapping: str, key: str, chart_key: str, synced: bool = True) -> None:
    """The unrolled picture of ``mapping``, with a line saying what it shows."""
    big = present.is_on()
    lay = pictures.layout(mapping, 4 if synced else 6, synced)
    fig = mapping_figure(lay, pictures.sketch_states(key, lay.T), big=big, width=SIDE_PX[big])
    st.markdown(f"**{MAPPING_LABELS[mapping]}**: {pictures.describe(mapping, synced)}.")
    show(fig, chart_key, width="content")


def review(p: rounds.Progress) -> None:
    by_id = scenarios_by_id()
    missed = p.missed
    if p.done:
        st.subheader(f"Round {p.round} done" if p.round > 1 else "You have been through the whole bank")
    else:
        st.subheader("Review so far")
    st.markdown(score_line(p) + f" · {len(missed)} missed.")
    c = st.columns(3)
    c[0].button(
        f"Try these again ({len(missed)})",
        key=K.retry,
        on_click=retry,
        type="primary",
        disabled=not missed,
        width="stretch",
        icon=":material/replay:",
        help="A new round with just the questions you missed, in the same order",
    )
    if not p.done:
        c[1].button(
            "Back to the questions",
            key=K.back,
            on_click=set_review,
            args=(False,),
            width="stretch",
            icon=":material/arrow_back:",
        )
    c[2].button(
        "Start over",
        key=K.restart,
        on_click=restart,
        width="stretch",
        icon=":material/restart_alt:",
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


# --- diagram questions ------------------------------------------------------------------------------------------------


def answer_picture(option: int) -> None:
    if state(K.pic_pick) is not None or option not in range(4):
        return
    q = pictures.picture_question(bank(), shown_seed(), int(state(K.pic_i, 0)))
    st.session_state[K.pic_pick] = option
    st.session_state[K.pic_tally] = tally(K.pic_tally).add(option == q.answer)


def next_picture() -> None:
    if state(K.pic_pick) is not None:
        st.session_state[K.pic_i] = int(state(K.pic_i, 0)) + 1
        st.session_state[K.pic_pick] = None


def diagrams(seed: int) -> None:
    i = int(state(K.pic_i, 0))
    q = pictures.picture_question(bank(), seed, i)
    pick = state(K.pic_pick)
    t = tally(K.pic_tally)
    st.caption(f"Diagram question {i + 1} · {t.right} right of {t.asked}")
    big = present.is_on()
    if q.kind == "name":
        st.markdown("##### Which mapping does this unrolled network show?")
        lay = pictures.layout(q.mapping, q.steps, q.synced)
        fig = mapping_figure(lay, pictures.sketch_states(f"{seed}:{i}", lay.T), big=big, width=PICTURE_PX[big])
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
                title = f"Picture {LETTERS[k]}: {m}" if pick is not None else f"Picture {LETTERS[k]}"
                lay = pictures.layout(m, q.steps, q.synced)
                states = pictures.sketch_states(f"{seed}:{i}:{k}", lay.T)
                fig = mapping_figure(lay, states, big=big, width=SMALL_PX[big], title=title)
                show(fig, K(f"fig_{k}"), cols[k % 2], width="content")
            if pick is None:  # under the pictures, side by side whatever their heights
                buttons = st.columns(2)
                for k in (row, row + 1):
                    buttons[k % 2].button(
                        f"Picture {LETTERS[k]}",
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
                [MAPPING_LABELS[m] for m in q.options],
                key=lambda k: K(f"pic_{k}"),
                on_pick=answer_picture,
                shortcuts=NETWORK_KEYS,
            )
        key_hint("1–4 pick an answer, → goes on.")
        return
    right = q.options[q.answer]
    text = {m: pictures.describe(m, q.synced) for m in q.options}
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
    c[0].button(
        "Next",
        key=K.pic_next,
        on_click=next_picture,
        type="primary",
        shortcut="Right",
        width="stretch",
        icon=":material/arrow_forward:",
        help="The next diagram question. Keyboard: Right arrow",
    )
    with c[1]:
        key_hint("→ goes on.")
    if q.kind == "pick":
        st.markdown(md(scenarios_by_id()[q.scenario].explanation))
    elif right == "one-to-many":
        st.caption("The dashed arrows give it away: each output is fed back as the next input.")
    elif right == "many-to-one":
        st.caption("Inputs at every step, but only the last step has an output.")
    elif right == "one-to-one":
        st.caption("A single step: nothing is carried from one input to the next.")
    elif q.synced:
        st.caption("An output for every input, step by step.")
    else:
        st.caption("Every input is read first; only then do the outputs come, each fed back as the next input.")


# --- unroll by hand ---------------------------------------------------------------------------------------------------


STATUS_ICONS = {  # shapes tell them apart; the colours are the colour-blind-safe pairs (no red next to green)
    answers.RIGHT: ":blue[:material/check_circle:]",
    answers.ACCEPTED: ":blue[:material/check_circle:]",
    answers.CARRIED: ":blue[:material/step_over:]",
    answers.PARTLY: ":violet[:material/adjust:]",
    answers.WRONG: ":orange[:material/cancel:]",
    answers.EMPTY: ":gray[:material/radio_button_unchecked:]",
    answers.INVALID: ":gray[:material/error:]",
}


def result_lines(results) -> str:
    """One line per checked answer: an icon (its shape says right, wrong, empty or unreadable), the name, the note
    (escaped: a note may quote what was typed)."""
    return "\n".join(f"- {STATUS_ICONS[r.status]} **{r.name}**: {md(r.note, 600)}" for r in results)


def clear_hand() -> None:
    for key in HAND_BOXES:
        st.session_state[key] = ""
    st.session_state[K.hand_checked] = False
    st.session_state[K.hand_solution] = False


def new_hand() -> None:
    st.session_state[K.hand_i] = int(state(K.hand_i, 0)) + 1
    clear_hand()


def check_hand() -> None:
    st.session_state[K.hand_checked] = True


def open_in_explorer(text: str) -> None:
    """The explorer on the scalar task with these inputs: it reads its link again, as if opened fresh."""
    pagestate.reread_link(EXPLORER_PREFIX)
    st.switch_page("app_pages/unroll.py", query_params={"seq": "scalar", "arch": "rnn", "units": "1", "text": text})


def own_problem() -> hand.HandProblem | None:
    """The weights and inputs the student types, or None (with a message) while the inputs cannot be used."""
    st.caption(f"Your own weights and inputs: each from {-hand.LIMIT:g} to {hand.LIMIT:g}, up to {MAX_HAND} inputs.")
    c = st.columns(5)
    w = {}
    for col, (name, key) in zip(c, HAND_WEIGHTS.items(), strict=True):
        st.session_state.setdefault(key, HAND_DEFAULTS[name])  # no default beside a kept value: Streamlit warns
        w[name] = col.number_input(
            name, -hand.LIMIT, hand.LIMIT, step=0.1, format="%.2f", key=key, persist_state=pagestate.KEEP
        )
    st.session_state.setdefault(K.hand_inputs, "0.5 0.25 -0.5")
    text = st.text_input(
        "Inputs x_1, x_2, …",
        key=K.hand_inputs,
        persist_state=pagestate.KEEP,
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


def by_hand(seed: int) -> None:
    st.session_state.setdefault(K.hand_src, HAND_SOURCES[0])
    src = st.segmented_control(
        "Numbers",
        HAND_SOURCES,
        key=K.hand_src,
        required=True,
        format_func={"seed": "A problem from the seed", "own": "Check my own arithmetic"}.get,
        on_change=clear_hand,
        persist_state=pagestate.KEEP,
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
    keys = HAND_BOXES[: p.T] + [K.hand_y]
    cols = st.columns(len(keys))
    for col, name, key in zip(cols, names, keys, strict=True):
        col.text_input(name, key=key, persist_state=pagestate.KEEP, placeholder="e.g. 0.46", max_chars=answers.MAX_TEXT)
    typed = {name: state(key, "") for name, key in zip(names, keys, strict=True)}
    c = st.columns([1, 1.6, 1.3, 2], vertical_alignment="center")
    c[0].button(
        "Check", key=K.hand_check, on_click=check_hand, type="primary", width="stretch", icon=":material/check:"
    )
    c[1].toggle("Show the worked solution", key=K.hand_solution, persist_state=pagestate.KEEP)
    if src == "seed":
        c[2].button(
            "New problem",
            key=K.hand_new,
            on_click=new_hand,
            width="stretch",
            icon=":material/casino:",
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


# --- shapes -----------------------------------------------------------------------------------------------------------


def clear_shapes() -> None:
    for key in SHAPE_BOXES:
        st.session_state[key] = ""
    st.session_state[K.shape_gates] = None
    st.session_state[K.shape_checked] = False


def new_shape() -> None:
    st.session_state[K.shape_i] = int(state(K.shape_i, 0)) + 1
    clear_shapes()


def checked_shapes(p: weight_shapes.ShapeProblem):
    """The shapes typed for ``p``, checked."""
    typed = (state(k, "") for k in SHAPE_BOXES)
    return weight_shapes.check_shapes(p, state(K.shape_gates), *typed, cell=labels.ARCH[p.kind])


def check_shape(p: weight_shapes.ShapeProblem) -> None:
    first = not state(K.shape_checked)
    st.session_state[K.shape_checked] = True
    if first:
        results = weight_shapes.check_shapes(
            p, state(K.shape_gates), *(state(k, "") for k in SHAPE_BOXES), cell=labels.ARCH[p.kind]
        )
        st.session_state[K.shape_tally] = tally(K.shape_tally).add(all(r.ok for r in results))


def shapes(seed: int) -> None:
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
        "Give the shapes the lecture's way, rows x columns (W_xh is input_dim x units, as the lecture writes it), "
        + ("**one gate's** block of each, " if gated else "")
        + "the number of gate blocks, and how many parameters the whole network has (the layer and the output "
        "layer, every bias included, as torch counts them)."
    )
    c = st.columns([1.3, 1, 1, 1, 1.2])
    c[0].segmented_control(
        "Gate blocks",
        GATE_CHOICES,
        key=K.shape_gates,
        persist_state=pagestate.KEEP,
        help="How many blocks of weights the cell stacks: one per gate (a vanilla RNN has one)",
    )
    per = " (one gate)" if gated else ""
    names = (f"W_xh{per}", f"W_hh{per}", "W_hy", "Parameters")
    holders = ("rows x cols", "rows x cols", "rows x cols", "e.g. 1,234")
    for col, key, label, holder in zip(c[1:], SHAPE_BOXES, names, holders, strict=True):
        col.text_input(label, key=key, persist_state=pagestate.KEEP, placeholder=holder, max_chars=answers.MAX_TEXT)
    b = st.columns([1, 1.3, 3])
    b[0].button(
        "Check",
        key=K.shape_check,
        on_click=check_shape,
        args=(p,),
        type="primary",
        width="stretch",
        icon=":material/check:",
    )
    b[1].button(
        "New question",
        key=K.shape_new,
        on_click=new_shape,
        width="stretch",
        icon=":material/casino:",
        help="Another cell and other sizes (the next question for this seed)",
    )
    if not state(K.shape_checked):
        return
    results = weight_shapes.check_shapes(
        p, state(K.shape_gates), *(state(k, "") for k in SHAPE_BOXES), cell=labels.ARCH[p.kind]
    )
    good = sum(r.ok for r in results)
    (st.success if good == len(results) else st.info)(f"{good} of {len(results)} right.")
    st.markdown(result_lines(results))
    shape_table(p)


def shape_table(p: weight_shapes.ShapeProblem) -> None:
    rows = weights(p.kind, p.input_dim, p.units, p.output_dim)
    st.markdown("**Every weight**, the lecture's way and torch's (the explorer's shapes panel shows the same table):")
    st.table(
        pd.DataFrame(
            [
                {
                    "Weight": w.name,
                    "Lecture's shape": w.lecture,
                    "torch's shape": w.torch,
                    "Count (torch)": f"{w.torch_count:,}",
                    "Count (lecture)": f"{w.lecture_count:,}",
                }
                for w in rows
            ]
        ),
        hide_index=True,
    )


# --- the page ---------------------------------------------------------------------------------------------------------


def main() -> None:
    pagestate.enter(K, read_link)
    urlstate.show_notes(pagestate.link_notes(K) + pagestate.guard(K, RULES))
    st.title("Quiz yourself")
    hide = share.flags()
    if "seed" in hide:
        seed = int(st.session_state[K.seed])
    else:
        seed = whole_number_input(
            st.sidebar,
            "Quiz seed",
            0,
            9999,
            key=K.seed,
            help="Fixes the order of the questions and the numbers drawn: everyone who opens the same link gets "
            "the same quiz. A new seed starts every mode again.",
        )
    if state(K.for_seed) != seed or not isinstance(state(K.progress), rounds.Progress):
        new_seed(seed)
    if "modes" not in hide:
        st.segmented_control(
            "Quiz",
            MODES,
            key=K.mode,
            required=True,
            format_func=MODE_LABELS.get,
            persist_state=pagestate.KEEP,
            label_visibility="collapsed",
        )
    mode = st.session_state.get(K.mode)
    mode = mode if mode in MODES else MODES[0]
    urlstate.write(seed=seed, mode=mode)
    st.caption(
        f"The lecture's objectives, with the reason after every answer. Quiz seed {seed}: share this page's link "
        "and everyone gets the same questions in the same order."
    )
    if mode == "scenarios":
        scenarios()
    elif mode == "diagrams":
        diagrams(seed)
    elif mode == "by-hand":
        by_hand(seed)
    else:
        shapes(seed)
    share.panel("qz", {"modes": "The other quiz modes (keep the class on this one)", "seed": "The quiz seed"})


main()
