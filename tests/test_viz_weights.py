"""The weights grid: W, ΔW and dW for W_xh, W_hh, W_hy in one figure, one colour scale per column."""

import json

import numpy as np
import pytest

from tests.apptest_util import arr
from tests.viz_helpers import named, plain, same_under_any_template, validated
from viz.weights import NAMES, power_of_ten, row_labels, weights_grid


def mats(G=1, H=3, D=4, O=4, scale=1.0, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W_xh": rng.normal(size=(G * H, D)) * scale,
        "W_hh": rng.normal(size=(G * H, H)) * scale,
        "W_hy": rng.normal(size=(O, H)) * scale,
        "b_y": rng.normal(size=O),
    }


def heatmaps(fig, column):
    return [tr for tr in fig.data if tr.type == "heatmap" and tr.name.startswith(column + " ")]


@pytest.mark.parametrize("G,H,D,O", [(1, 1, 1, 1), (1, 3, 4, 4), (4, 16, 16, 8), (3, 32, 16, 8)])
@pytest.mark.parametrize("big", [False, True])
def test_builds_validates_and_serialises(G, H, D, O, big):
    fig = weights_grid(
        mats(G, H, D, O),
        mats(G, H, D, O, 1e-3, 1),
        mats(G, H, D, O, 0.1, 2),
        step=7,
        gates="ifgo"[:G] if G == 4 else ("rzn" if G == 3 else ("h",)),
        big=big,
    )
    validated(fig)
    spec = json.loads(fig.to_json())
    assert len([t for t in spec["data"] if t["type"] == "heatmap"]) == 9
    for tr in spec["data"]:
        assert arr(tr["z"]).astype(float).size  # typed arrays decode
    assert spec["layout"]["height"] > 100 and spec["layout"]["width"] > 300


def test_the_matrices_are_drawn_as_given():
    W, D, G = mats(), mats(scale=1e-3, seed=1), mats(scale=0.1, seed=2)
    fig = weights_grid(W, D, G, step=3)
    for column, source in (("W", W), ("ΔW", D), ("dW", G)):
        drawn = heatmaps(fig, column)
        assert [tr.name.split()[1] for tr in drawn] == list(NAMES)
        for tr, name in zip(drawn, NAMES, strict=True):
            np.testing.assert_array_equal(np.asarray(tr.z), source[name])
    assert "after step 3" in plain(named(fig.layout.annotations, "column-W")[0].text)


def test_one_symmetric_scale_per_column():
    W, D, G = mats(), mats(scale=1e-3, seed=1), mats(scale=0.1, seed=2)
    fig = weights_grid(W, D, G)
    for j, (column, source) in enumerate((("W", W), ("ΔW", D), ("dW", G))):
        axis = fig.layout["coloraxis" if j == 0 else f"coloraxis{j + 1}"]
        top = max(np.abs(source[n]).max() for n in NAMES)
        assert axis.cmin == -top and axis.cmax == top and axis.cmid == 0
        assert {tr.coloraxis for tr in heatmaps(fig, column)} == {"coloraxis" if j == 0 else f"coloraxis{j + 1}"}
        assert axis.colorbar.orientation == "h"  # a legend under every column


def test_tiny_changes_are_printed_times_a_power_of_ten():
    W, D = mats(), mats(scale=1e-3, seed=1)
    fig = weights_grid(W, D, D)
    e = power_of_ten(max(np.abs(D[n]).max() for n in NAMES))
    assert e == -3 or e == -2
    title = plain(named(fig.layout.annotations, "column-ΔW")[0].text)
    assert "×10" in title
    tr = heatmaps(fig, "ΔW")[0]
    assert float(tr.text[0][0]) == pytest.approx(D["W_xh"][0, 0] / 10.0**e, abs=0.006)
    assert "%{z:.6g}" in tr.hovertemplate  # the hover keeps the exact value
    assert power_of_ten(0.5) == 0 and power_of_ten(5e-4) == -4 and power_of_ten(0.0) == 0


def test_before_any_step_the_change_columns_say_so():
    fig = weights_grid(mats(), None, None)
    assert len(heatmaps(fig, "W")) == 3 and not heatmaps(fig, "ΔW") and not heatmaps(fig, "dW")
    assert any("training step" in plain(a.text) for a in named(fig.layout.annotations, "empty-"))
    assert fig.layout.coloraxis2.showscale is False


def test_gate_blocks_are_labelled_and_separated():
    fig = weights_grid(mats(G=4, H=2), None, None, gates=("i", "f", "g", "o"))
    assert row_labels("W_hh", (8, 2), "ifgo", None) == ["i1", "i2", "f1", "f2", "g1", "g2", "o1", "o2"]
    assert row_labels("W_hy", (4, 2), "ifgo", list("helo")) == list("helo")
    assert len(named(fig.layout.shapes, "gate-W_xh-W-")) == 3


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="shape"):
        weights_grid(mats(), mats(H=2), None)
    with pytest.raises(ValueError, match="missing"):
        weights_grid({"W_xh": np.ones((2, 2))}, None, None)


def test_independent_of_the_default_template():
    assert same_under_any_template(lambda: weights_grid(mats(), mats(seed=1), mats(seed=2), step=1))
