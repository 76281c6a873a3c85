"""The window-vs-RNN scores chart (viz.window_scores): a bar per model in its colour, chance and baseline lines."""

from tests.viz_helpers import by_name, same_under_any_template, validated
from viz import colors
from viz.window_scores import scores_figure

ACC = {"window-1": 0.5, "window-3": 0.6, "rnn": 0.8, "lstm": 0.9, "gru": 1.0}


def test_bars_lines_and_colours():
    fig = validated(scores_figure(ACC, chance=0.25, baseline=0.4, baseline_name="majority"))
    assert [d.name for d in fig.data] == ["window-1", "window-3", "RNN", "LSTM", "GRU"]
    assert fig.data[0].marker.color == colors.WINDOW_MODEL and fig.data[4].marker.color == colors.ARCH["gru"]
    assert fig.data[3].x[0] == 0.9 and fig.data[3].text[0] == "90%"
    assert by_name(fig.layout.shapes, "chance").x0 == 0.25
    assert by_name(fig.layout.annotations, "baseline-label").text == "majority 40%"
    assert list(fig.layout.yaxis.categoryarray) == ["GRU", "LSTM", "RNN", "window-3", "window-1"]


def test_numbers_have_no_chance_line():
    fig = scores_figure(ACC, chance=None, baseline=0.3, numbers=True, big=True)
    assert not [s for s in fig.layout.shapes if s.name == "chance"]
    assert "within 0.1" in fig.layout.xaxis.title.text
    assert same_under_any_template(lambda: scores_figure(ACC, chance=0.5, baseline=0.5))
