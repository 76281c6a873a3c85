"""The sentence as word boxes: the fixed window over the last k words, clue and unknown words, saliency shading."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.apptest_util import arr
from tests.viz_helpers import by_name, named, plain, same_under_any_template, validated
from viz import colors
from viz.sentence import (
    CLUE,
    PURPLES,
    WINDOW,
    layout_words,
    saliency_figure,
    sentence_figure,
    sequential_color,
)

WORDS = "Toulouse , France is where I did my post doctoral studies . I speak fluent".split()
CLUES = (0, 2)


def boxes(fig):
    return {s.name: s for s in fig.layout.shapes if s.name}


def inside(frame, box) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def framed_words(fig, T):
    """Indices of the word boxes that sit inside one of the window frames."""
    b = boxes(fig)
    frames = named(fig.layout.shapes, "window-")
    return [i for i in range(T) if any(inside(f, b[f"word-box-{i}"]) for f in frames)]


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("k", [1, 3, 8])
def test_window_frames_exactly_the_last_k_words(k, big):
    fig = sentence_figure(WORDS, k=k, clues=CLUES, distance=12, big=big)
    validated(fig)
    json.loads(fig.to_json())
    assert framed_words(fig, len(WORDS)) == list(range(len(WORDS) - k, len(WORDS)))
    assert 2 not in framed_words(fig, len(WORDS))  # "France" is outside every window up to 8 words
    assert all(f.line.color == WINDOW for f in named(fig.layout.shapes, "window-"))
    assert f"last {k} word" in plain(by_name(fig.layout.annotations, "window-label").text)


def test_changing_k_moves_the_window():
    a, b = sentence_figure(WORDS, k=3), sentence_figure(WORDS, k=6)
    assert [f.x1 for f in named(a.layout.shapes, "window-")] != [f.x1 for f in named(b.layout.shapes, "window-")]
    assert len(framed_words(a, len(WORDS))) == 3 and len(framed_words(b, len(WORDS))) == 6
    assert not named(sentence_figure(WORDS).layout.shapes, "window-")


def test_short_sentence_gets_pad_boxes_inside_the_window():
    fig = sentence_figure(["fluent"], k=4)
    pads = named(fig.layout.shapes, "pad-box-")
    assert len(pads) == 3
    frames = named(fig.layout.shapes, "window-")
    assert all(any(inside(f, p) for f in frames) for p in pads)
    assert "&lt;pad&gt;" in [a.text for a in fig.layout.annotations]


def test_clue_and_unknown_words_are_marked_beyond_colour():
    unknown = [False] * len(WORDS)
    unknown[4] = True
    fig = sentence_figure(WORDS, k=3, unknown=unknown, clues=CLUES, distance=12)
    b = boxes(fig)
    assert b["word-box-2"].line.color == CLUE and b["word-box-2"].line.width > b["word-box-3"].line.width
    assert by_name(fig.layout.annotations, "word-2").text == "<b>France</b>"
    assert b["word-box-4"].line.dash == "dash"
    assert by_name(fig.layout.annotations, "word-4").text == "<i>where</i>"
    assert "not in the vocabulary" in plain(by_name(fig.layout.annotations, "key").text)
    note = plain(by_name(fig.layout.annotations, "clue-note").text)
    assert "12 words before the blank" in note and "outside the window" in note
    assert "inside the window" in plain(
        by_name(sentence_figure(WORDS, k=3, clues=(12,), distance=2).layout.annotations, "clue-note").text
    )
    hover = fig.data[0].hovertext
    assert "not in the vocabulary" in hover[4] and "clue" in hover[2]
    assert "blank" in hover[-1]


def test_hostile_words_are_shortened_and_escaped():
    fig = sentence_figure(["x" * 10_000, "<script>", "🙂"], k=2)
    texts = [plain(a.text) for a in named(fig.layout.annotations, "word-")]
    assert len(texts[0]) <= 16 and texts[0].endswith("…")
    assert "&lt;script>" in texts[1] and "<script>" not in texts[1]
    json.loads(fig.to_json())


def test_empty_sentence_shows_the_blank_only():
    fig = sentence_figure([], k=3)
    assert by_name(fig.layout.shapes, "blank-box") is not None
    assert not named(fig.layout.shapes, "word-box-") and len(named(fig.layout.shapes, "pad-box-")) == 3


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        sentence_figure(WORDS, k=0)
    with pytest.raises(ValueError):
        sentence_figure(WORDS, unknown=[True])
    with pytest.raises(ValueError):
        saliency_figure(WORDS, [0.5])


def test_saliency_shades_words_by_value_with_a_legend():
    values = np.linspace(0, 1, len(WORDS))
    fig = saliency_figure(WORDS, values, k=3, clues=CLUES)
    validated(fig)
    b = boxes(fig)
    assert b["word-box-0"].fillcolor == PURPLES[0] and b[f"word-box-{len(WORDS) - 1}"].fillcolor == PURPLES[-1]
    lightness = [sum(int(b[f"word-box-{i}"].fillcolor[j : j + 2], 16) for j in (1, 3, 5)) for i in range(len(WORDS))]
    assert lightness == sorted(lightness, reverse=True)  # darker as the value grows
    assert len(named(fig.layout.shapes, "legend-")) == 11
    assert "no effect" in by_name(fig.layout.annotations, "legend-lo").text
    assert by_name(fig.layout.annotations, f"word-{len(WORDS) - 1}").font.color == "white"  # readable on dark
    assert "influence on the answer: 1.000" in fig.data[0].hovertext[len(WORDS) - 1]
    nan = saliency_figure(WORDS, [np.nan] * len(WORDS))
    assert boxes(nan)["word-box-0"].fillcolor == PURPLES[0]


def test_sequential_scale_ends_and_clipping():
    assert sequential_color(0) == PURPLES[0] and sequential_color(1) == PURPLES[-1]
    assert sequential_color(-3) == PURPLES[0] and sequential_color(7) == PURPLES[-1]
    assert sequential_color(float("nan")) == PURPLES[0]


def test_layout_keeps_the_window_and_blank_together_and_within_width():
    texts = [*WORDS, "___"]
    slots, _, _ = layout_words(texts, ["word"] * len(WORDS) + ["blank"], 17, 500, keep_last=4)
    assert len({s.line for s in slots[-4:]}) == 1
    assert all(s.x1 <= 500 for s in slots)
    assert [s.index for s in slots[:3]] == [0, 1, 2] and slots[-1].index == -1


def test_big_mode_has_bigger_words_and_fixed_width():
    small, big = sentence_figure(WORDS, k=3), sentence_figure(WORDS, k=3, big=True)
    assert by_name(big.layout.annotations, "word-0").font.size > by_name(small.layout.annotations, "word-0").font.size
    assert sentence_figure(WORDS, width=400).layout.width == 424


def test_same_under_any_template():
    assert same_under_any_template(lambda: saliency_figure(WORDS, np.ones(len(WORDS)), k=3, clues=CLUES))
    assert same_under_any_template(lambda: sentence_figure(WORDS, k=3, clues=CLUES, distance=12))


def test_hover_positions_are_plain_or_typed_arrays():
    fig = json.loads(sentence_figure(WORDS, k=3).to_json())
    xs = arr(fig["data"][0]["x"]).astype(float)
    assert xs.shape == (len(WORDS) + 1,) and np.all(np.diff(xs[:12]) > 0)


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.text(min_size=1, max_size=30), max_size=70), k=st.integers(1, 8), big=st.booleans())
def test_any_words_build(words, k, big):
    fig = sentence_figure(words, k=k, big=big, unknown=[True] * len(words))
    json.loads(fig.to_json())
    assert len(named(fig.layout.shapes, "word-box-")) == len(words)
    assert colors.fonts(big)["token"] == by_name(fig.layout.annotations, "blank").font.size
