"""The backward pass on the unrolled diagram: revealed from the last step to the first."""

import json

import numpy as np
import pytest

from tests.viz_helpers import named, plain, same_under_any_template, validated
from viz.backprop import backward_figure

X, Y = list("hell"), list("ello")
G = np.array([0.01, 0.02, 0.05, 0.1])


def h(T=4, H=3):
    return np.tanh(np.random.default_rng(0).normal(size=(T, H)))


def fig_at(k, **kw):
    return backward_figure(h(), X, Y, G, k, **kw)


@pytest.mark.parametrize("k", [1, 2, 4])
@pytest.mark.parametrize("big", [False, True])
def test_builds_validates_and_serialises(k, big):
    fig = fig_at(k, big=big)
    validated(fig)
    json.loads(fig.to_json())


def test_only_the_reached_steps_have_bars_and_arrows():
    one = fig_at(1)
    assert [s.name for s in named(one.layout.shapes, "grad-bar-")] == ["grad-bar-3"]
    assert not named(one.layout.annotations, "grad-arrow-")
    two = fig_at(2)
    assert sorted(s.name for s in named(two.layout.shapes, "grad-bar-")) == ["grad-bar-2", "grad-bar-3"]
    assert [a.name for a in named(two.layout.annotations, "grad-arrow-")] == ["grad-arrow-3"]
    full = fig_at(4)
    assert len(named(full.layout.shapes, "grad-bar-")) == 4 and len(named(full.layout.annotations, "grad-arrow-")) == 4


def test_bars_keep_their_height_while_stepping():
    h1 = {s.name: s.y1 for s in named(fig_at(1).layout.shapes, "grad-bar-")}
    h4 = {s.name: s.y1 for s in named(fig_at(4).layout.shapes, "grad-bar-")}
    assert h1["grad-bar-3"] == h4["grad-bar-3"]


def test_the_current_step_is_framed_and_named():
    fig = fig_at(2)
    frame = named(fig.layout.shapes, "backward-highlight")[0]
    assert (frame.x0 + frame.x1) / 2 == pytest.approx(2)
    assert named(fig.layout.annotations, "header-2")[0].text.startswith("<b>")
    values = [plain(a.text) for a in fig.layout.annotations if a.name in ("grad-value-2", "backward-value")]
    assert values == ["5.0e-02"]
    hover = next(t for t in fig.data if t.name == "|dL/dh_t|").hovertext
    assert "not reached yet" in hover[0] and "not reached" not in hover[3]


def test_reached_is_clamped():
    assert len(named(fig_at(0).layout.shapes, "grad-bar-")) == 1
    assert len(named(fig_at(99).layout.shapes, "grad-bar-")) == 4


def test_independent_of_the_default_template():
    assert same_under_any_template(lambda: fig_at(2))
