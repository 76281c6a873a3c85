"""viz/mapping_sketch.py: the pictures of the four mappings the quiz shows, their labels and boxes."""

import json

import pytest

from rnn_core.lessons import diagrams
from rnn_core.lessons.diagrams import layout
from rnn_core.mappings import MAPPINGS
from tests.apptest_util import arr
from tests.viz_helpers import figure_names, plain
from viz.mapping_sketch import START, labels, mapping_figure


@pytest.mark.parametrize(
    "mapping, T, synced, xs, ys",
    [
        ("one-to-one", 4, True, ["x"], ["y"]),
        ("one-to-many", 4, True, ["x_1", "y_1", "y_2", "y_3"], ["y_1", "y_2", "y_3", "y_4"]),
        ("many-to-one", 3, True, ["x_1", "x_2", "x_3"], [None, None, "y_3"]),
        ("many-to-many", 3, True, ["x_1", "x_2", "x_3"], ["y_1", "y_2", "y_3"]),
        ("many-to-many", 6, False, ["x_1", "x_2", "x_3", START, "y_1", "y_2"], [None, None, None, "y_1", "y_2", "y_3"]),
    ],
)
def test_picture_labels(mapping, T, synced, xs, ys):
    lay = layout(mapping, T, synced)
    assert labels(lay.inputs, lay.outputs) == (xs, ys)


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_mapping_figures_draw_boxes_only_where_there_are_inputs_and_outputs(mapping):
    lay = layout(mapping, 4)
    fig = mapping_figure(lay, diagrams.sketch_states(mapping, lay.T), title="Picture A")
    names = figure_names(fig)
    assert {f"y-box-{t}" for t in range(lay.T)} & names == {f"y-box-{t}" for t, o in enumerate(lay.outputs) if o}
    assert {f"x-box-{t}" for t in range(lay.T)} <= names
    assert any(n.startswith("feedback-") for n in names) == lay.fed_back
    d = json.loads(fig.to_json())
    assert plain(d["layout"]["title"]["text"]) == "Picture A"
    assert not any(tr.get("showscale") for tr in d["data"] if tr["type"] == "heatmap")  # no scale for made-up h


def test_mapping_figure_wants_one_state_per_step():
    with pytest.raises(ValueError):
        mapping_figure(layout("many-to-one", 4), [[0.1, 0.2]] * 3)


def test_a_one_step_picture_has_no_recurrence():
    fig = json.loads(mapping_figure(layout("one-to-one"), diagrams.sketch_states("x", 1)).to_json())
    names = figure_names(mapping_figure(layout("one-to-one"), diagrams.sketch_states("x", 1)))
    assert not names & {"W_hh-0", "W_hh-label-0", "strip-h0", "h0-label"} and {"W_xh-0", "W_hy-0"} <= names
    caption = next(a for a in fig["layout"]["annotations"] if a.get("name") == "caption")
    assert "nothing is carried" in caption["text"] and "W_hh" not in caption["text"]
    z = arr(next(tr for tr in fig["data"] if tr["type"] == "heatmap")["z"]).astype(float)
    assert z[:, 0].tolist() == [None] * 3 or all(v != v for v in z[:, 0])  # no h_0 column
    assert all(v == v for v in z[:, -1])  # h_1 is drawn
