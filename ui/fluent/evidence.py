"""/window's evidence beyond one sentence: the parameters each model has, held-out accuracy against chance, and
accuracy against the distance from the country to the blank."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnn_core.tasks.fluent_data import MAX_DISTANCE, MIN_CLOSE_DISTANCE, MIN_DISTANCE
from rnn_core.window import MAX_K, window_kind
from ui.charts import show
from ui.fluent.views import distance_figure, label
from viz import colors, labels

HIGHLIGHT_ROW = f"background-color: {colors.HIGHLIGHT_FILL}; font-weight: 700"  # the window drawn above

CHANCE_ROW = f"color: {colors.MUTED}; font-style: italic; border-top: 2px dashed {colors.BOX_LINE}"


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
