"""The score table: each output's score, the change the last step made (▲/▼, coloured), the wanted class framed."""

import json

import numpy as np
import pytest

from tests.viz_helpers import named, plain, same_under_any_template, validated
from viz.scores import DOWN, UP, change_text, score_table

HELLO = list("hell")
TARGETS = np.array([1, 2, 2, 3])  # e l l o


def logits(seed=0, T=4, O=4):
    return np.random.default_rng(seed).normal(size=(T, O))


def softmax(y):
    e = np.exp(y - y.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("big", [False, True])
def test_builds_validates_and_serialises(big):
    y0, y1 = logits(0), logits(1)
    fig = score_table(
        y1, TARGETS, HELLO, list("helo"), probs=softmax(y1), before=y0, probs_before=softmax(y0), step=5, big=big
    )
    validated(fig)
    json.loads(fig.to_json())


def test_changes_carry_glyph_and_colour():
    y0 = np.zeros((4, 4))
    y1 = y0.copy()
    y1[0, 1], y1[0, 0] = 0.25, -0.5
    fig = score_table(y1, TARGETS, HELLO, list("helo"), before=y0)
    up = named(fig.layout.annotations, "cell-1-0")[0].text  # class e at t=1: the wanted one, rose
    down = named(fig.layout.annotations, "cell-0-0")[0].text
    same = named(fig.layout.annotations, "cell-2-0")[0].text
    assert "▲ +0.250" in up and UP in up and "<b>" in up
    assert "▼ −0.500" in down and DOWN in down
    assert "= 0" in same
    assert change_text(np.nan) == "" and "pts" in change_text(0.02, pct=True)


def test_the_wanted_class_is_framed_at_each_step():
    fig = score_table(logits(), TARGETS, HELLO, list("helo"), probs=softmax(logits()))
    frames = named(fig.layout.shapes, "wanted-")
    assert len(frames) == 4
    row_px = (fig.layout.yaxis.range[1]) / 5  # 4 classes and the p(wanted) row
    rows = [round(5 - (f.y0 - 3) / row_px) - 1 for f in frames]  # row r spans plot_h - (r + 1) row_px ...
    assert rows == list(TARGETS)
    assert "p(wanted)" in plain(named(fig.layout.annotations, "row-4")[0].text)


def test_only_scored_steps_get_a_column():
    words = "I speak fluent".split()
    fig = score_table(logits(T=3, O=8), np.array([-1, -1, 2]), words, [f"L{i}" for i in range(8)])
    heads = named(fig.layout.annotations, "head-")
    assert len(heads) == 1 and "fluent" in plain(heads[0].text) and "L2" in plain(heads[0].text)


def test_regression_shows_output_and_target():
    y = np.array([[0.1], [0.2], [0.3]])
    fig = score_table(y, np.array([0.5, 0.25, np.nan]), ["0.5", "0", "-0.5"], before=y - 0.01)
    assert len(named(fig.layout.annotations, "head-")) == 2
    assert "0.500" in plain(named(fig.layout.annotations, "cell-1-0")[0].text)
    assert "▲" in named(fig.layout.annotations, "cell-0-0")[0].text


def test_without_a_step_there_are_no_changes():
    fig = score_table(logits(), TARGETS, HELLO, list("helo"))
    assert not any("▲" in (a.text or "") or "▼" in (a.text or "") for a in named(fig.layout.annotations, "cell-"))
    assert "Take a training step" in plain(named(fig.layout.annotations, "legend")[0].text)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        score_table(logits(), TARGETS[:3], HELLO, list("helo"))
    with pytest.raises(ValueError):
        score_table(logits(), TARGETS, HELLO, list("hel"))


def test_independent_of_the_default_template():
    assert same_under_any_template(lambda: score_table(logits(1), TARGETS, HELLO, list("helo"), before=logits(0)))
