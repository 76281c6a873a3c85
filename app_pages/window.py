"""Fixed window vs RNN on "I speak fluent ___": the lecture's case for recurrence, run live (url path ``window``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnn_core.experiments.verdict import verdict
from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE, MAX_DISTANCE, MIN_CLOSE_DISTANCE, MIN_DISTANCE
from rnn_core.window import DEFAULT_K, MAX_K, window_kind
from ui import downloads, pagestate, present, share, urlstate
from ui.charts import show
from ui.explorer import task_of
from ui.fluent import (
    answers_section,
    demo_for,
    distance_figure,
    label,
    sentence_section,
    step_view,
)
from ui.numbers import whole_number_input
from ui.safe import md
from viz import colors, labels
from viz.sentence import saliency_figure

HIGHLIGHT_ROW = f"background-color: {colors.HIGHLIGHT_FILL}; font-weight: 700"  # the window drawn above
CHANCE_ROW = f"color: {colors.MUTED}; font-style: italic; border-top: 2px dashed {colors.BOX_LINE}"
MAX_URL_TEXT = 2000
HALF_WIDTH = {False: 390, True: colors.HALF_COLUMN[True]}  # one of two columns at 1280 px


K = pagestate.Keys("w_", "seed", "k", "arch", "t", "text", "reset", "stepper", "diagram", "words", "reveal")
HIDEABLE = {
    "controls": "The sentence box, window size, architecture and seed",
    "evidence": "Accuracy by distance and the held-out scores",
    "saliency": "Which words each model looked at",
}
GROUP = "w"  # the stepper's group: its controls and panels share one step t
BEST = "the better gated one"  # the default architecture, resolved once the models exist


RULES = [
    pagestate.Rule("reveal", pagestate.flag, False),
    pagestate.Rule("seed", pagestate.whole_number(0, 9999), 0),
    pagestate.Rule("k", pagestate.whole(1, MAX_K), DEFAULT_K),
    pagestate.Rule("arch", lambda v: v == BEST or pagestate.one_of(RNN_KINDS)(v), BEST),
    pagestate.Rule("t", pagestate.whole(1, 10_000), 1),
    pagestate.Rule("text", lambda v: type(v) is str, LECTURE_SENTENCE),
]


def read_link() -> tuple[dict, list[str]]:
    """The view a link names: seed, window size, architecture, step and the sentence."""
    values, notes = urlstate.read(
        [
            urlstate.Param("seed", 0, urlstate.int_in(0, 9999), "seed"),
            urlstate.Param("k", DEFAULT_K, urlstate.int_in(1, MAX_K), "window size"),
            urlstate.Param("arch", BEST, urlstate.choice(RNN_KINDS), "architecture"),
            urlstate.Param("t", 1, urlstate.int_in(1, 10_000), "time step"),
            urlstate.Param("reveal", False, urlstate.flag, "predict-then-reveal switch"),
        ]
    )
    text = st.query_params.get("text")
    return values | {"text": LECTURE_SENTENCE if text is None else text}, notes


def reset_text() -> None:
    st.session_state[K.text] = LECTURE_SENTENCE


def controls(demo) -> tuple[str, int, str]:
    c = st.columns([3.0, 0.35, 1.35, 1.7], vertical_alignment="bottom")
    keep = pagestate.KEEP
    text = c[0].text_input(
        "The sentence",
        key=K.text,
        persist_state=keep,
        help="Type your own; the models fill in the word after it. Words they never saw are read as <unk> "
        "and drawn dashed. Name a country (or a city) early and see who remembers it.",
    )
    c[1].button(
        "",
        icon=":material/restart_alt:",
        key=K.reset,
        on_click=reset_text,
        width="stretch",
        help="Back to the lecture's sentence",
    )
    k = c[2].slider(
        "Window size k",
        1,
        MAX_K,
        key=K.k,
        persist_state=keep,
        help="How many of the last words the feedforward network sees: its input layer has room for "
        "k word vectors and no more.",
    )
    arch = c[3].segmented_control(
        "Look inside",
        RNN_KINDS,
        key=K.arch,
        format_func=labels.ARCH_SHORT.get,
        required=True,
        persist_state=keep,
        help=f"Which RNN the saliency and the unrolled diagram show: RNN is the vanilla one, "
        f"h_t = tanh(W_hh h_(t-1) + W_xh x_t + b_h); LSTM and GRU add gates. The default is the better gated one "
        f"on held-out sentences ({labels.ARCH[demo.best_gated]} for this seed).",
    )
    whole_number_input(
        st.sidebar,
        "Seed",
        0,
        9999,
        key=K.seed,
        help="Fixes the data and the initial weights: the same seed gives the same trained "
        "models in every classroom. A new seed trains them all again (a few seconds).",
    )
    return text, int(k), arch


def write_url(text: str, k: int, arch: str, seed: int) -> None:
    urlstate.write(k=k, arch=arch, seed=seed)
    if text == LECTURE_SENTENCE:
        st.query_params.pop("text", None)
    elif len(text) <= MAX_URL_TEXT:
        urlstate.write(text=text)
    else:
        st.query_params.pop("text", None)
        st.caption(f"This sentence is longer than {MAX_URL_TEXT:,} characters, so the link does not keep it.")


def parameters_note(demo, k: int) -> None:
    n, s = demo.n_params, demo.settings
    st.markdown(
        f"**Parameters.** The window model's input layer holds k x {s.embed_dim} numbers, so its weights grow "
        f"with k: **{n[window_kind(k)]:,}** for k = {k}, {demo.params_per_window_word:,} more for every extra word "
        f"({n[window_kind(1)]:,} for k = 1, {n[window_kind(MAX_K)]:,} for k = {MAX_K}). The recurrent nets read a "
        f"sentence of any length with the same weights at every step: vanilla RNN {n['rnn']:,}, "
        f"LSTM {n['lstm']:,}, GRU {n['gru']:,}."
    )


def evidence_section(demo, k: int, a, big: bool) -> None:
    chance = demo.chance
    st.subheader("Not just one sentence: held-out sentences")
    parameters_note(demo, k)
    left, right = st.columns([1.15, 1.25])
    with left:
        rows = []
        for m in demo.models:
            acc = demo.accuracy[m]
            points = (acc - chance) * 100
            rows.append(
                {
                    "Model": label(m, short=True),
                    "Parameters": f"{demo.n_params[m]:,}",
                    "Held-out accuracy": f"{acc:.1%}",
                    "Above chance": "≈ 0" if abs(points) < 5 else f"{points:+.0f} points",
                }
            )
        rows.append(
            {"Model": "Guessing (chance)", "Parameters": "0", "Held-out accuracy": f"{chance:.1%}", "Above chance": "0"}
        )
        shown = {label(window_kind(k), short=True): HIGHLIGHT_ROW, "Guessing (chance)": CHANCE_ROW}
        st.table(
            pd.DataFrame(rows).style.apply(lambda r: [shown.get(r["Model"], "")] * len(r), axis=1), hide_index=True
        )
        st.caption(
            f"{len(demo.data.heldout):,} sentences never seen in training, each with the country "
            f"{MIN_DISTANCE} or more words before the blank, like the lecture's. Chance is 1 in "
            f"{len(demo.languages)}: {chance:.1%}. Highlighted: the window of {k} words."
        )
    with right:
        show(distance_figure(demo, k, a, big), "distance")
        rnn = demo.by_distance["rnn"]
        near = rnn.between(MIN_CLOSE_DISTANCE, MIN_DISTANCE - 1)
        far = rnn.between(MAX_DISTANCE - 5, MAX_DISTANCE)
        best = demo.by_distance[demo.best_gated]
        st.caption(
            f"Another {len(demo.data.by_distance):,} unseen sentences, about {int(rnn.counts.mean())} per distance. "
            f"The vanilla RNN gets {near:.0%} when the country is {MIN_CLOSE_DISTANCE}–{MIN_DISTANCE - 1} words back "
            f"and {far:.0%} when it is {MAX_DISTANCE - 5}–{MAX_DISTANCE} back; the {labels.ARCH[demo.best_gated]} "
            f"never drops below {best.accuracy.min():.0%}. A window only helps when the country falls inside it "
            f"(the shaded band, for k ≥ {MIN_CLOSE_DISTANCE + 1}). Lines that share a point are drawn a hair apart; "
            "the hover gives each exact value."
        )


def saliency_section(demo, text: str, a, k: int, arch: str, big: bool) -> None:
    st.subheader("What each answer looked at")
    width = HALF_WIDTH[big]
    cols = st.columns(2)
    for col, m, frame in ((cols[0], arch, None), (cols[1], window_kind(k), k)):
        v = verdict(a.predictions[m], a.expected, demo.chance)
        answer = f"shrugs (top: {v.language}, {v.p:.0%})" if v.kind == "shrug" else f"{v.language} ({v.p:.0%})"
        fig = saliency_figure(
            a.tokens,
            demo.saliency(text, m),
            k=frame,
            unknown=a.unknown,
            clues=a.clues,
            big=big,
            width=width,
            title=f"{label(m)} → {answer}",
        )
        show(fig, f"saliency_{'window' if frame else 'rnn'}", col, width="content")
    st.caption(
        "Each word is shaded by ||∂p/∂x_t||: how much nudging that word's vector x_t would move the "
        "probability of the model's own answer, scaled so the largest is 1 (exact backpropagation through "
        "time in the numpy replay). Outside its window the feedforward model's gradient is exactly 0."
    )


def main() -> None:
    pagestate.enter(K, read_link)
    forged = pagestate.guard(K, RULES)
    big = present.is_on()
    st.title("Fixed window vs RNN: I speak fluent ___")
    st.markdown(
        "A feedforward net has a **fixed input size**: it sees only the last k words. "
        "An RNN reads every word, one step at a time."
    )
    seed = int(st.session_state[K.seed])
    demo = demo_for(seed)
    if st.session_state[K.arch] not in RNN_KINDS:
        st.session_state[K.arch] = demo.best_gated
    urlstate.show_notes(pagestate.link_notes(K) + forged)
    hide = share.flags()
    if "controls" in hide:
        text, k, arch = st.session_state[K.text], int(st.session_state[K.k]), st.session_state[K.arch]
    else:
        text, k, arch = controls(demo)
    write_url(text, k, arch, seed)
    a = demo.analyse(text)
    if a.message:
        (st.warning if not a.tokens or a.unknown_words else st.info)(md(a.message))
    if a.tokens:
        sentence_section(a, k, big)
        answers_section(a, [window_kind(k), *RNN_KINDS], demo.chance, big)
    if "evidence" not in hide:
        evidence_section(demo, k, a if a.tokens else None, big)
    if a.tokens and "saliency" not in hide:
        saliency_section(demo, text, a, k, arch, big)
    if a.tokens:
        st.subheader(f"Inside the {labels.ARCH[arch]}: step through the sentence")
        st.caption(
            f"This {labels.ARCH[arch]} ({demo.settings.units} units, seed {demo.seed}) is the very model the explorer "
            f"opens for the words task with these settings: one recipe, one seed, the same numbers on both pages."
        )
        reveal = st.toggle(
            "Predict, then reveal",
            key=K.reveal,
            persist_state=pagestate.KEEP,
            help="Hide the words after t and the answer, so the class can guess what comes next before you step",
        )
        urlstate.write(reveal=urlstate.on_or_none(reveal))
        step_view(demo, a, arch, big, K=K, group=GROUP, reveal=reveal)
        meta = downloads.meta_for(task_of("words"), demo.seed, demo.accuracy[arch])
        downloads.download_model(demo.numpy_net(arch), meta, K("dl"))
    share.panel("w", HIDEABLE)


main()
