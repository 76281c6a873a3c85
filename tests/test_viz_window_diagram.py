"""The fixed-window diagram (viz.window_diagram): the window frame slides with t over k inputs (zeros before the
start), one dense block per step with the same W_1, no arrow from one step to the next, a_t strips, outputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.viz_helpers import by_name, named, plain, same_under_any_template, validated
from viz import colors
from viz.scene import scene
from viz.unrolled_geometry import FUTURE_OPACITY
from viz.window_diagram import window_figure


def acts(T, M, seed=0):
    return np.tanh(np.random.default_rng(seed).normal(size=(T, M)))


def hello(t=0, k=3, **kw):
    return window_figure(acts(4, 3), t, k, list("hell"), list("ello"), **kw)


def frame(fig):
    return by_name(fig.layout.shapes, "window-frame")


def test_it_is_a_valid_figure_under_any_template():
    validated(hello(2, y_probs=[0.9, 0.8, 0.7, 0.6], n_params=55, input_dim=4))
    assert same_under_any_template(lambda: hello(1))


@pytest.mark.parametrize("k", [1, 2, 3, 8])
def test_the_frame_covers_the_last_k_inputs_and_slides_with_t(k):
    T = 6
    centres = []
    for t in range(T):
        fig = window_figure(acts(T, 4), t, k, [f"f{i}" for i in range(1, T + 1)])
        f = frame(fig)
        assert t < f.x1 < t + 0.5  # up to column t
        if t - k + 1 >= 0:  # from column t-k+1
            assert f.x0 < t - k + 1 < f.x0 + 0.5
        else:  # over the zeros before the start, drawn left of x_1
            assert f.x0 < -0.5
        pads = named(fig.layout.shapes, "pad-box-")
        assert len(pads) == max(0, k - 1 - t)  # the zeros it reads before the start
        assert len(named(fig.layout.annotations, "fan-")) == k  # one arrow from each input it reads
        centres.append(f.x1)
    assert np.allclose(np.diff(centres), 1.0)


def test_the_same_w1_at_every_step_and_no_arrow_between_steps():
    fig = window_figure(acts(5, 3), 2, 3, list("abcde"), [None] * 4 + ["z"])
    dense = named(fig.layout.shapes, "dense-")
    assert len(dense) == 5
    labels = [plain(a.text) for a in named(fig.layout.annotations, "dense-label-")]
    assert labels == ["W_1"] * 5
    names = [a.name for a in fig.layout.annotations if a.name]
    assert not [n for n in names if n.startswith(("W_hh", "W_xh", "h0", "c-"))]
    for a in fig.layout.annotations:  # every arrow goes up (or fans in), none runs along from one step to the next
        if a.showarrow:
            assert a.y > a.ay
    assert len(named(fig.layout.annotations, "W_hy-")) == 1  # many-to-one: the one output
    assert plain(by_name(fig.layout.annotations, "y-label-4").text) == "z"


def test_fan_arrows_end_in_the_current_dense_block():
    fig = hello(3, k=3)
    for a in named(fig.layout.annotations, "fan-"):
        assert 2.5 < a.x < 3.5 and a.ax in (1, 2, 3)
        assert a.arrowcolor == colors.WINDOW_MODEL


def test_future_steps_fade_and_predict_then_reveal_hides_them():
    fig = hello(1)
    assert by_name(fig.layout.shapes, "dense-3").opacity == FUTURE_OPACITY
    assert by_name(fig.layout.shapes, "dense-1").opacity == 1.0
    hidden = hello(1, hide_future=True)
    assert plain(by_name(hidden.layout.annotations, "x-label-3").text) == "?"
    assert not [s for s in hidden.layout.shapes if s.name == "dense-3"]
    assert [d.name for d in hidden.data] == ["a_t"]


def test_the_a_strip_holds_the_activations_and_their_steps():
    A = acts(4, 3)
    fig = window_figure(A, None, 2, list("hell"))
    (tr,) = [d for d in fig.data if d.name == "a_t"]
    z = np.asarray(tr.z, dtype=float)
    np.testing.assert_allclose(z[:, 0::2], A.T[::-1])
    assert np.all(np.isnan(z[:, 1::2]))
    assert np.asarray(tr.customdata, dtype=float)[0, 0::2].tolist() == [0, 1, 2, 3]
    assert not named(fig.layout.shapes, "window-frame") and not named(fig.layout.shapes, "highlight")


def test_caption_names_the_window_and_the_parameters():
    text = plain(by_name(hello(1, n_params=55, input_dim=4).layout.annotations, "caption").text)
    assert "no arrow from step to step" in text and "3 x 4 = 12 numbers" in text and "55 parameters" in text


def test_typed_labels_are_not_markup():
    fig = window_figure(acts(2, 2), 1, 2, ["<b>x</b>", "<img src=x>"], ["a", "b"])
    assert "<img" not in by_name(fig.layout.annotations, "x-label-1").text


@settings(max_examples=20, deadline=None)
@given(T=st.integers(1, 30), M=st.integers(1, 32), k=st.integers(1, 8), big=st.booleans(), data=st.data())
def test_any_size_draws_and_becomes_a_scene(T, M, k, big, data):
    t = data.draw(st.integers(0, T - 1))
    figs = [
        window_figure(acts(T, M), s, k, [f"x{i}" for i in range(T)], [None] * (T - 1) + ["go right"], big=big)
        for s in (0, t)
    ]
    sc = scene(figs, "w")
    assert len(sc["at"]) == 2
    assert all(-0.5 - k <= by_name(f.layout.shapes, "window-frame").x0 for f in figs)
