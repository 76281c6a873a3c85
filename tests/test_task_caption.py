"""caption: a tiny picture in, its caption out word by word (one-to-many). The captions say what the pictures show,
the image goes in once as x_1 and each later x_t is the word before, greedy decoding feeds back its own choices,
and a trained GRU beats the baseline per word and captions most held-out pictures exactly."""

import numpy as np
import pytest

from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.training import make_net
from rnn_core.engine.zoo import train
from rnn_core.tasks import TASK_IDS, baselines, get_task
from rnn_core.tasks.caption import (
    COLOURS,
    CORNERS,
    END,
    FED,
    IMAGE_DIM,
    MASKS,
    MAX_WORDS,
    PLACES,
    SIZE,
    WORDS,
    caption_task,
    decode,
    word_input,
)

MARGIN = 0.15  # held-out per-word accuracy above the baseline, at least (as tests/test_catalog.py)
EXACT = 0.6  # share of held-out pictures the trained GRU captions exactly, greedily, at least


@pytest.fixture(scope="module")
def task():
    return caption_task(0)


@pytest.fixture(scope="module")
def gru(task):
    return train(task, "gru", task.default_units, 0)


def read_picture(image: np.ndarray) -> tuple[str, str, str]:
    """(colour, shape, place) read off the pixels: the lit channel, the lit 4 x 4 block's pattern and corner."""
    colour = COLOURS[int(image.reshape(-1, 3).sum(axis=0).argmax())]
    lit = image[..., COLOURS.index(colour)] > 0.3
    rows, cols = np.nonzero(lit)
    r, c = rows.min(), cols.min()
    block = lit[r : r + 4, c : c + 4]
    shapes = [s for s, m in MASKS.items() if np.array_equal(block, np.array([[ch == "#" for ch in row] for row in m]))]
    assert len(shapes) == 1 and lit.sum() == block.sum(), "one shape and nothing else lit"
    places = [p for p in PLACES if (r, c) in CORNERS[p]]
    assert len(places) == 1
    return colour, shapes[0], places[0]


def test_registered_after_video_as_caption():
    assert TASK_IDS.index("caption") > TASK_IDS.index("video")
    t = get_task("caption")
    assert t.mapping == "one-to-many" and t.encoding == "dense" and t.loss == "ce" and t.media == "image"
    assert t.classes == WORDS and "look" in t.can and t.baseline == "majority" and t.decode is decode


def test_same_seed_same_pictures_other_seed_other_pictures():
    a, b, c = caption_task(2), caption_task(2), caption_task(3)
    for x, y in zip(a.train + a.heldout, b.train + b.heldout, strict=True):
        np.testing.assert_array_equal(x.inputs, y.inputs)
        np.testing.assert_array_equal(x.targets, y.targets)
    assert any(not np.array_equal(x.inputs, y.inputs) for x, y in zip(a.train, c.train, strict=True))


def test_every_caption_says_what_its_picture_shows(task):
    for ex in (*task.train, *task.heldout, task.default):
        colour, shape, place = read_picture(np.asarray(ex.media))
        prep = "on" if place in ("left", "right") else "at"
        assert ex.y_labels == ("a", colour, shape, prep, "the", place, END)
    assert task.default.y_labels == ("a", "red", "circle", "on", "the", "left", END)
    combos = {ex.y_labels for ex in task.train}
    assert len(combos) == len(COLOURS) * len(MASKS) * len(PLACES)  # every picture kind is trained on


def test_one_to_many_layout_the_image_once_then_the_previous_word(task):
    for ex in (*task.train[:40], task.default):
        image = np.asarray(ex.media)
        assert image.shape == (SIZE, SIZE, 3) and image.min() >= 0 and image.max() <= 1
        x = np.asarray(ex.inputs)
        assert x.shape == (ex.T, task.input_dim) == (7, IMAGE_DIM + len(FED))
        np.testing.assert_array_equal(x[0, :IMAGE_DIM], image.reshape(-1))  # x_1: the image ...
        assert not x[0, IMAGE_DIM:].any()  # ... and no word
        for t in range(1, ex.T):  # x_t for t > 1: no image, exactly the previous word
            assert not x[t, :IMAGE_DIM].any()
            word = x[t, IMAGE_DIM:]
            assert word.sum() == 1 and FED[int(word.argmax())] == ex.y_labels[t - 1]
        assert ex.x_labels == ("image", *ex.y_labels[:-1])
        assert [WORDS[j] for j in ex.targets] == list(ex.y_labels)  # every step has an output


def check_fed_back(net, ex, out):
    """``out`` (decode's example) fed the image, then each word it chose; its replay chooses those words."""
    said = [WORDS.index(w) for w in out.y_labels]
    x = np.asarray(out.inputs)
    np.testing.assert_array_equal(x[0], ex.inputs[0])
    for t in range(1, out.T):
        np.testing.assert_array_equal(x[t], word_input(said[t - 1]))
    assert out.x_labels == ("image", *out.y_labels[:-1])
    np.testing.assert_array_equal(net.replay(x).logits.argmax(axis=1), said)  # greedy, and one run = the replay
    assert END not in out.y_labels[:-1]
    assert out.y_labels[-1] == END or out.T == MAX_WORDS
    truth = list(ex.targets) + [-1] * out.T
    assert list(out.targets) == truth[: out.T]
    assert out.media is ex.media


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_greedy_decode_feeds_back_its_own_choices_even_untrained(task, kind):
    net = to_numpy(make_net(task, kind, 6, seed=3))  # random weights: it says anything, maybe never <end>
    for ex in task.heldout[:5]:
        check_fed_back(net, ex, decode(net, ex))
    out = decode(net, task.default, max_words=3)
    assert out.T <= 3


def test_a_trained_gru_beats_the_baseline_and_captions_held_out_pictures(task, gru):
    assert gru.accuracy >= baselines.score(task) + MARGIN, (gru.accuracy, baselines.score(task))
    outs = [decode(gru.net, ex) for ex in task.heldout]
    for ex, out in zip(task.heldout[:10], outs, strict=False):
        check_fed_back(gru.net, ex, out)
    exact = np.mean([out.y_labels == ex.y_labels for ex, out in zip(task.heldout, outs, strict=True)])
    assert exact >= EXACT, exact
    assert decode(gru.net, task.default).y_labels == task.default.y_labels
