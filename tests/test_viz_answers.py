"""Several models' answers side by side: a column of bars per model over the same languages."""

import json

import numpy as np
import pytest

from tests.viz_helpers import by_name, named, plain, same_under_any_template, validated
from viz import colors
from viz.answers import answers_figure
from viz.bars import HATCH

LANGS = ["French", "Spanish", "German", "Italian"]
MODELS = {  # by kind, shown by name
    "window-3": dict(zip(LANGS, [0.26, 0.25, 0.25, 0.24], strict=True)),
    "rnn": dict(zip(LANGS, [0.3, 0.0, 0.7, 0.0], strict=True)),
    "gru": dict(zip(LANGS, [0.999, 0.0004, 0.0003, 0.0002], strict=True)),
}
NAMES = {"window-3": "Window of 3 words", "rnn": "Vanilla RNN", "gru": "GRU"}
VERDICTS = {"window-3": ("shrug", "shrugs"), "rnn": ("wrong", "German"), "gru": ("right", "French")}


def bars(fig):
    return [tr for tr in fig.data if tr.type == "bar"]


def test_one_bar_column_per_model_rows_shared():
    fig = answers_figure(MODELS, highlight="French", chance=0.25, verdicts=VERDICTS, names=NAMES)
    validated(fig)
    json.loads(fig.to_json())
    b = bars(fig)
    assert [tr.name for tr in b] == list(NAMES.values())  # each model under the name a person reads
    assert all(list(tr.customdata) == LANGS for tr in b)
    assert list(b[2].x) == [0.999, 0.0004, 0.0003, 0.0002]
    assert [tr.xaxis for tr in b] == ["x", "x2", "x3"] and {tr.yaxis for tr in b} == {"y"}
    domains = [fig.layout[f"xaxis{'' if j == 0 else j + 1}"].domain for j in range(3)]
    assert all(a[1] <= b_[0] for a, b_ in zip(domains, domains[1:], strict=False))  # columns do not overlap
    # each model in its own colour, the same on every page: the window's, the vanilla RNN's, the GRU's
    assert [tr.marker.color for tr in b] == [colors.WINDOW_MODEL, colors.ARCH["rnn"], colors.ARCH["gru"]]
    assert [plain(t) for t in fig.layout.yaxis.ticktext] == LANGS


def test_numbers_are_printed_past_the_chance_line():
    fig = answers_figure(MODELS, chance=0.25)
    text = [tr for tr in fig.data if tr.type == "scatter"]
    assert [tr.name for tr in text] == [f"{m} (values)" for m in MODELS]
    assert list(text[2].text) == ["99.9%", "<0.1%", "<0.1%", "<0.1%"]
    assert all(x > 0.25 for tr in text for x in tr.x)
    assert len(named(fig.layout.shapes, "chance-")) == 3


def test_expected_answer_marked_by_row_and_hatch():
    fig = answers_figure(MODELS, highlight="French")
    assert by_name(fig.layout.shapes, "row-highlight").y0 == -0.5
    for tr in bars(fig):
        assert list(tr.marker.pattern.shape) == [HATCH, "", "", ""]
    assert plain(fig.layout.yaxis.ticktext[0]) == "French" and "<b>" in fig.layout.yaxis.ticktext[0]
    assert not named(answers_figure(MODELS, highlight="Klingon").layout.shapes, "row-highlight")


def test_verdicts_under_each_column_with_symbols():
    fig = answers_figure(MODELS, verdicts=VERDICTS, names=NAMES)
    texts = [plain(by_name(fig.layout.annotations, f"verdict-{j}").text) for j in range(3)]
    assert texts == ["? shrugs", "✗ German", "✓ French"]
    assert not named(answers_figure(MODELS).layout.annotations, "verdict-")
    assert "GRU" in plain(by_name(fig.layout.annotations, "header-2").text)


def test_missing_labels_count_as_zero_and_bad_input_raises():
    fig = answers_figure({"a": {"x": 1.0}, "b": {"y": 0.5, "x": np.nan}})
    assert [list(tr.x) for tr in bars(fig)] == [[1.0, 0.0], [0.0, 0.5]]
    with pytest.raises(ValueError):
        answers_figure({})
    with pytest.raises(ValueError):
        answers_figure({"a": {}})


def test_big_mode_and_template_independence():
    small, big = answers_figure(MODELS, verdicts=VERDICTS), answers_figure(MODELS, verdicts=VERDICTS, big=True)
    assert big.layout.height > small.layout.height
    assert big.layout.yaxis.tickfont.size > small.layout.yaxis.tickfont.size
    assert same_under_any_template(lambda: answers_figure(MODELS, highlight="French", chance=0.25, verdicts=VERDICTS))
