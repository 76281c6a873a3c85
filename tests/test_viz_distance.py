"""Accuracy against distance: one line per model, chance marked, the window's reach shaded."""

import json

import numpy as np
import pytest

from tests.apptest_util import arr
from tests.viz_helpers import by_name, named, same_under_any_template, validated
from viz import colors
from viz.distance import accuracy_by_distance

D = np.arange(4, 27)
CURVES = {  # by kind
    "window-3": (D, np.full(D.shape, 0.125)),
    "rnn": (D, np.linspace(0.9, 0.3, D.size)),
    "lstm": (D, np.ones(D.size)),
    "gru": (D, np.ones(D.size)),
}


def test_one_line_per_model_with_its_numbers():
    fig = accuracy_by_distance(CURVES, 0.125, counts={"gru": np.full(D.size, 48)}, names={"window-3": "Window of 3"})
    validated(fig)
    spec = json.loads(fig.to_json())
    assert [tr["name"] for tr in spec["data"]] == ["Window of 3", "rnn", "lstm", "gru"]  # named, or by their key
    np.testing.assert_allclose(arr(spec["data"][1]["y"]).astype(float), CURVES["rnn"][1])
    np.testing.assert_allclose(arr(spec["data"][0]["x"]).astype(float), D)
    # each model in its own colour, the same on every page
    assert [tr.line.color for tr in fig.data] == [
        colors.WINDOW_MODEL,
        *(colors.ARCH[k] for k in ("rnn", "lstm", "gru")),
    ]
    assert len({tr.line.dash for tr in fig.data}) == 4 and len({tr.marker.symbol for tr in fig.data}) == 4
    assert list(fig.data[3].customdata[0]) == [" (48 sentences)", 1.0] and fig.data[0].customdata[0][0] == ""


def test_lines_that_coincide_are_all_visible_and_the_hover_is_exact():
    fig = accuracy_by_distance(CURVES, 0.125)
    lstm, gru = (np.asarray(fig.data[i].y, dtype=float) for i in (2, 3))
    assert np.all(lstm == 1.0) and np.all(gru < 1.0) and np.all(gru > 0.97)  # drawn apart, within 3 points
    assert all(c[1] == 1.0 for c in fig.data[3].customdata) and "customdata[1]" in fig.data[3].hovertemplate
    rnn = np.asarray(fig.data[1].y, dtype=float)
    np.testing.assert_allclose(rnn, CURVES["rnn"][1])  # a line no other shares is drawn as it is
    assert tuple(fig.layout.yaxis.range) == (0, 1.04) and fig.layout.showlegend


def test_chance_is_a_labelled_dashed_line():
    fig = accuracy_by_distance(CURVES, 0.125)
    line = by_name(fig.layout.shapes, "chance")
    assert line.y0 == line.y1 == 0.125 and line.line.dash == "dash"
    assert "12.5%" in by_name(fig.layout.annotations, "chance-label").text


@pytest.mark.parametrize("k, shaded", [(3, False), (4, False), (5, True), (8, True)])
def test_window_band_only_where_the_window_reaches(k, shaded):
    fig = accuracy_by_distance(CURVES, 0.125, window_k=k)
    band = named(fig.layout.shapes, "window-band")
    assert bool(band) == shaded
    if shaded:
        assert band[0].x1 == k - 0.5 and f"{k}-word" in by_name(fig.layout.annotations, "window-band-label").text


def test_mark_a_sentence():
    fig = accuracy_by_distance(CURVES, 0.125, mark=12, mark_label="your sentence")
    assert by_name(fig.layout.shapes, "mark").x0 == 12
    assert by_name(fig.layout.annotations, "mark-label").text == "your sentence"
    assert not named(accuracy_by_distance(CURVES, 0.125).layout.shapes, "mark")


def test_bad_input_raises():
    with pytest.raises(ValueError):
        accuracy_by_distance({}, 0.125)
    with pytest.raises(ValueError):
        accuracy_by_distance({"a": ([1, 2], [0.5])}, 0.125)


def test_big_mode_and_template_independence():
    small, big = accuracy_by_distance(CURVES, 0.125), accuracy_by_distance(CURVES, 0.125, big=True)
    assert big.layout.height > small.layout.height and big.data[0].line.width > small.data[0].line.width
    assert big.layout.xaxis.tickfont.size > small.layout.xaxis.tickfont.size
    assert same_under_any_template(lambda: accuracy_by_distance(CURVES, 0.125, window_k=6, mark=12, mark_label="x"))
