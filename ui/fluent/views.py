"""The views of "I speak fluent ___", for /window and the tour: a fixed window of the last k words against RNNs
that read every word, h_t = f_W(h_(t-1), x_t), and answer after the last one (many-to-one).

The models come from ``rnn_core.experiments.window_vs_rnn`` (stored for seed 0: no training on a visit); the
figures from ``viz``. Chart and stepper keys come from the caller, so the page and each tour stop keep their own.
"""

from __future__ import annotations

import streamlit as st

from rnn_core.experiments.verdict import verdict
from rnn_core.experiments.window_vs_rnn import RNN_KINDS, demo
from rnn_core.tasks.fluent_data import MAX_DISTANCE
from rnn_core.window import MAX_K, window_kind
from ui import cache, store
from ui.charts import show
from ui.components import stepper
from ui.safe import quoted
from ui.schema import Keys, write_param
from viz import colors, describe, labels, scene
from viz.answers import answers_figure
from viz.distance import accuracy_by_distance
from viz.sentence import sentence_figure
from viz.svg import esc
from viz.unrolled import unrolled_figure

FULL_WIDTH = {False: 800, True: colors.MAIN_COLUMN[True]}  # px the word figures are drawn at: the column at 1280 px


def label(name: str, short: bool = False) -> str:
    """A model of /window by its kind, its inputs being words ('window-3' -> 'Window of 3 words')."""
    return labels.model(name, "word", short)


def demo_for(seed: int):
    return store.get_or_build(
        ("fluent", seed),
        lambda progress: demo(seed, progress=progress),
        f"Training window models of 1 to {MAX_K} words, a vanilla RNN, an LSTM and a GRU "
        f"on the same sentences (seed {seed})…",
    )


def sentence_section(a, k: int, big: bool, key: str = "sentence") -> None:
    """The sentence as the models read it, the window of the last ``k`` words framed and the clue marked."""
    fig = sentence_figure(
        a.tokens, k=k, unknown=a.unknown, clues=a.clues, distance=a.distance, big=big, width=FULL_WIDTH[big]
    )
    show(fig, key, width="content")
    if a.distance is None:
        st.caption(
            f"No country or city in this sentence: nothing for any model to remember. The window of {k} "
            f"sees {quoted(' '.join(a.tokens[-k:]))}."
        )


def answers_section(a, models: list[str], chance: float, big: bool, key: str = "answers") -> None:
    """What each model answers after the last word: p(language) per model, with a verdict against chance."""
    st.subheader("What each model answers")
    verdicts = {m: verdict(a.predictions[m], a.expected, chance) for m in models}
    fig = answers_figure(
        {m: a.predictions[m] for m in models},
        highlight=a.expected,
        chance=chance,
        verdicts={m: (v.kind, v.tag) for m, v in verdicts.items()},
        names={m: label(m) for m in models},
        big=big,
    )
    show(fig, key)
    st.markdown("\n".join(f"- **{label(m)}** {v.text}" for m, v in verdicts.items()))
    st.caption(
        f"Dashed lines: chance, {chance:.1%}."
        + (
            f" Shaded row, hatched bars: {a.expected}, the language of the clue in the sentence."
            if a.expected
            else " No country or city in this sentence, so no answer is marked right."
        )
    )


def distance_figure(demo, k: int, a, big: bool):
    """Held-out accuracy against the distance from the country to the blank: the window of ``k`` words and the
    three RNNs (``a``: the sentence being read, marked when its distance is on the axis; or None)."""
    models = [window_kind(k), *RNN_KINDS]
    curves = {m: (demo.by_distance[m].distances, demo.by_distance[m].accuracy) for m in models}
    counts = {m: demo.by_distance[m].counts for m in models}
    mark = a.distance if a is not None and a.distance is not None and a.distance <= MAX_DISTANCE else None
    return accuracy_by_distance(
        curves,
        demo.chance,
        window_k=k,
        mark=mark,
        counts=counts,
        big=big,
        mark_label="your sentence" if mark is not None else None,
        title="Accuracy against distance",
        names={m: label(m, True) for m in models},
    )


def step_text(t: int, T: int, word: str, arch: str, is_clue: bool, answer: str, p: float) -> str:
    """What step t of the many-to-one read does, as HTML (the word is escaped)."""
    parts = [
        f"Step t = {t}: the {labels.ARCH[arch]} reads x_{t} = <strong>“{esc(word)}”</strong> and updates "
        f"h_{t} = f_W(h_{t - 1}, x_{t})."
    ]
    if is_clue:
        parts.append("This is the clue: does the state still hold it when the net reaches the last word?")
    if t == T:
        parts.append(
            f"Only now, at the last word, W_hy turns h_{T} into the answer: <strong>{esc(answer)}</strong> ({p:.0%})."
        )
    else:
        parts.append(f"No output yet: this is many-to-one, the answer comes after the last word (t = {T}).")
    return f"<p>{' '.join(parts)}</p>"


def step_views(net, a, arch: str, big: bool, reveal: bool = False) -> dict:
    """Every step's diagram and words for this sentence, read by ``net`` (the numpy replay of /window's ``arch``);
    ``reveal``: predict, then reveal (the words after t and the answer stay hidden until reached)."""
    replay = net.replay(a.ids)
    T = len(a.tokens)
    probs = a.predictions[arch]
    answer = max(probs, key=probs.get)
    x_labels = ["<unk>" if u else w for w, u in zip(a.tokens, a.unknown, strict=True)]
    y_labels, y_probs = [None] * (T - 1) + [answer], [None] * (T - 1) + [probs[answer]]
    diagram = [
        unrolled_figure(
            replay.trace.h,
            k,
            x_labels,
            y_labels,
            y_probs=y_probs,
            big=big,
            cell=arch,
            c=replay.trace.c,
            c0=replay.trace.c0,
            gates=replay.trace.gates(),
            hide_future=reveal,
        )
        for k in range(T)
    ]
    clue = a.clues[-1] if a.clues else None
    words = [step_text(k + 1, T, a.tokens[k], arch, k == clue, answer, probs[answer]) for k in range(T)]
    said = describe.summary(
        labels.ARCH[arch],
        "the fluent sentence, word by word",
        T,
        "one word",
        "the language it says comes next, at the last word",
        "the same W_xh, W_hh, W_hy at every step",
    )
    spoken = describe.recurrent_steps(x_labels, replay.trace.h, y_labels, y_probs, c=replay.trace.c)
    return {"diagram": describe.attach(scene.scene(diagram, "w-diagram"), said, spoken), "words": [{"html": words}]}


def step_view(
    demo, a, arch: str, big: bool, *, K: Keys, group: str, url: str | None = "t", reveal: bool = False
) -> None:
    """The stepper, the unrolled diagram and what each step does; stepping happens in the browser. ``K`` names the
    session keys (``stepper``, ``t``, ``diagram``, ``words``), ``group`` the stepper group, ``url`` the URL
    parameter that holds t (None: the URL is left alone)."""
    T = len(a.tokens)
    views = cache.views(step_views, demo.numpy_net(arch), a, arch, big, reveal)
    jumps = []
    if a.clues:
        i = a.clues[-1]
        jumps.append(
            (f"Go to “{a.tokens[i]}” (t = {i + 1})", i + 1, "Jump to the step where the network reads the clue")
        )
    stepper.controls(
        K.stepper,
        K.t,
        T,
        group=group,
        scene=views["id"],
        big=big,
        what="word",
        label="Word t",
        jumps=jumps,
        url=url,
        on_step=None if url is None else (lambda t: write_param(url, str(t))),
    )
    stepper.svg_panel(K.diagram, group, views["diagram"])
    stepper.html_panel(K.words, group, views["words"], T, big=big)
