"""Probability bar charts: top-k for one model, grouped bars across models."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.viz_helpers import plain, same_under_any_template, validated
from viz import colors
from viz.bars import percent, prob_bars

VOCAB = ["French", "English", "Spanish", "German", "Italian", "Dutch", "Greek", "Polish"]
P = np.array([0.05, 0.4, 0.2, 0.1, 0.08, 0.07, 0.06, 0.04])


def test_top_k_sorted_with_tokens_and_percentages():
    fig = prob_bars(P, VOCAB, top_k=3)
    validated(fig)
    json.loads(fig.to_json())
    tr = fig.data[0]
    assert list(tr.customdata) == ["English", "Spanish", "German"]
    assert [plain(s) for s in fig.layout.yaxis.ticktext] == ["English", "Spanish", "German"]
    assert list(tr.text) == ["40.0%", "20.0%", "10.0%"]
    assert list(tr.x) == [0.4, 0.2, 0.1]
    lo, hi = fig.layout.yaxis.range
    assert lo > hi  # most likely on top
    assert tuple(fig.layout.xaxis.range)[0] == 0 and fig.layout.xaxis.fixedrange


def test_highlight_gets_its_own_colour_and_is_always_shown():
    fig = prob_bars(P, VOCAB, top_k=3, highlight="French", highlight_note="target")
    tr = fig.data[0]
    assert list(tr.customdata) == ["English", "Spanish", "German", "French"]
    cols = list(tr.marker.color)
    assert cols[-1] == colors.BAR_HIGHLIGHT and set(cols[:-1]) == {colors.BAR}
    assert list(tr.marker.pattern.shape)[-1] != "" and set(list(tr.marker.pattern.shape)[:-1]) == {""}
    assert tr.text[-1] == "5.0%  target"
    assert "<b>" in fig.layout.yaxis.ticktext[-1]
    inside = prob_bars(P, VOCAB, top_k=3, highlight="English").data[0]
    assert list(inside.customdata) == ["English", "Spanish", "German"]
    assert list(inside.marker.color)[0] == colors.BAR_HIGHLIGHT
    unknown = prob_bars(P, VOCAB, top_k=3, highlight="Klingon").data[0]
    assert len(unknown.x) == 3


def test_percent_formatting():
    assert percent(0.4) == "40.0%"
    assert percent(0.0001) == "<0.1%"
    assert percent(0.0) == "0%"
    assert percent(float("nan")) == "0%"


def test_prob_bars_edge_cases():
    assert len(prob_bars([1.0], ["only"], top_k=5).data[0].x) == 1
    with pytest.raises(ValueError, match="label"):
        prob_bars([0.5, 0.5], ["a"])
    dup = prob_bars([0.5, 0.5], ["l", "l"], top_k=2)  # duplicate tokens keep separate bars
    assert list(dup.layout.yaxis.tickvals) == [0, 1]
    big, small = prob_bars(P, VOCAB, big=True), prob_bars(P, VOCAB)
    assert big.layout.yaxis.tickfont.size > small.layout.yaxis.tickfont.size
    assert prob_bars(P, VOCAB, title="P(next word)").layout.title.text == "P(next word)"


def test_bars_independent_of_default_template():
    assert same_under_any_template(lambda: prob_bars(P, VOCAB, highlight="French"))


@settings(max_examples=30, deadline=None)
@given(V=st.integers(1, 40), k=st.integers(1, 10), seed=st.integers(0, 1000))
def test_prob_bars_any_vocab(V, k, seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(V))
    labels = [f"w{i}" for i in range(V)]
    tr = prob_bars(p, labels, top_k=k, highlight=labels[-1]).data[0]
    xs = list(tr.x)
    n_top = min(k, V)
    assert xs[:n_top] == sorted(xs[:n_top], reverse=True)
    assert labels[-1] in tr.customdata
    assert len(xs) in (n_top, n_top + 1)
