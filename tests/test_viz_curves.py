"""Line charts of the training page: learning curves, ||dL/dh_t|| back through time, vanishing, the horizon."""

import json

import numpy as np
import pytest

from tests.apptest_util import arr
from tests.viz_helpers import named, plain, same_under_any_template, validated
from viz.curves import gradient_norms, horizon_plot, training_curves, vanishing_plot


def curves(n=6, same=False):
    step = np.arange(n)
    loss = 2.0 * 0.8**step
    held = loss if same else loss * 1.1
    acc = np.linspace(0.25, 1, n)
    return {
        "step": step,
        "train_loss": loss,
        "heldout_loss": held,
        "train_acc": acc,
        "heldout_acc": acc if same else acc * 0.9,
        "grad_norm": np.full(n, np.nan),
    }


def ys(trace):
    return arr(trace["y"]).astype(float)


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("stacked", [False, True])
def test_training_curves_build(big, stacked):
    fig = training_curves(curves(), stop_loss=0.1, stop_acc=0.9, diverged_at=6, stacked=stacked, big=big)
    validated(fig)
    spec = json.loads(fig.to_json())
    assert [t["name"] for t in spec["data"]] == ["training", "held-out", "training", "held-out"]
    np.testing.assert_allclose(ys(spec["data"][0]), curves()["train_loss"])
    assert spec["layout"]["yaxis"]["type"] == "log"
    names = {s["name"] for s in spec["layout"]["shapes"]}
    assert {"stop-loss", "stop-acc", "diverged-x", "diverged-x2"} <= names


def test_training_curves_say_when_held_out_is_the_training_set():
    fig = training_curves(curves(same=True))
    assert [t.name for t in fig.data] == ["training = held-out (the same data)"] * 2


def test_training_curves_at_step_0_and_bad_input():
    validated(training_curves(curves(n=1)))
    with pytest.raises(ValueError):
        training_curves({**curves(), "train_acc": [1.0]})


def test_gradient_norms_reveal_from_the_last_step_with_fixed_axes():
    g = np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    one = json.loads(gradient_norms(g, reached=1).to_json())
    all_ = json.loads(gradient_norms(g).to_json())
    assert np.isnan(ys(one["data"][0])[:4]).all() and ys(one["data"][0])[4] == 1.0
    np.testing.assert_allclose(ys(all_["data"][0]), g)
    assert one["layout"]["yaxis"]["range"] == all_["layout"]["yaxis"]["range"]
    assert one["layout"]["xaxis"]["range"] == [0.5, 5.5]
    assert one["data"][1]["name"] == "current" and arr(one["data"][1]["x"]).tolist() == [5]
    validated(gradient_norms(np.zeros(3)))  # nothing to place on a log axis: still a figure


def test_vanishing_plot_overlays_cells_and_clipping():
    T = 10
    cs = {"rnn": 1.5 ** np.arange(T)[::-1], "lstm": 0.9 ** np.arange(T)[::-1], "gru": np.ones(T)}
    fig = vanishing_plot(cs)
    validated(fig)
    assert [t.name for t in fig.data] == ["Vanilla RNN", "LSTM", "GRU"]
    assert fig.layout.yaxis.type == "log"
    assert any("exploding" in plain(a.text) for a in fig.layout.annotations)
    clipped = {k: v * 0.1 for k, v in cs.items()}
    fig = vanishing_plot(cs, clipped=clipped, threshold=1.0)
    validated(fig)
    assert len(fig.data) == 6 and "clipped" in fig.data[1].name
    np.testing.assert_allclose(np.asarray(fig.data[1].y, dtype=float), clipped["rnn"])
    assert named(fig.layout.shapes, "one")[0].y0 == 1


def test_horizon_plot_marks_chance_and_missing_cells():
    acc = np.array([[1, 0.9, np.nan], [1, 1, 1]])
    fig = horizon_plot(["rnn", "gru"], [5, 10, 20], acc, chance=0.25)
    validated(fig)
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.tickvals) == [5, 10, 20]
    assert named(fig.layout.shapes, "chance")[0].y0 == 0.25
    assert np.isnan(np.asarray(fig.data[0].y, dtype=float)[2])
    assert list(fig.data[0].customdata) == [5, 10, 20]  # hover shows the true lag despite the side-by-side dodge
    empty = horizon_plot(["rnn"], [5, 10], np.full((1, 2), np.nan), chance=0.25)
    assert any("Nothing computed yet" in plain(a.text) for a in empty.layout.annotations)
    with pytest.raises(ValueError):
        horizon_plot(["rnn"], [5, 10], np.ones((2, 2)), chance=0.25)


def test_independent_of_the_default_template():
    assert same_under_any_template(lambda: training_curves(curves(), stop_loss=0.1))
    assert same_under_any_template(lambda: gradient_norms(np.array([0.1, 1.0]), reached=1))
    assert same_under_any_template(lambda: vanishing_plot({"rnn": np.array([2.0, 1.0])}))
    assert same_under_any_template(lambda: horizon_plot(["lstm"], [5], np.ones((1, 1)), chance=0.25))
