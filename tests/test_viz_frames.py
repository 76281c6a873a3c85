"""The frames of a clip in a row, numbered as the inputs x_t, and a tiny picture made big by repeating pixels."""

import json

import numpy as np
import pytest

from tests.viz_helpers import named, same_under_any_template, validated
from viz.frames import FRAME_PX, frames_figure, upscale

RNG = np.random.default_rng(0)
FRAMES = RNG.uniform(0, 1, (5, 8, 8))


def test_one_heatmap_per_frame_in_order_with_its_values():
    fig = frames_figure(FRAMES, ["f1", "f2", "f3", "f4", "f5"])
    validated(fig)
    json.loads(fig.to_json())
    assert len(fig.data) == 5
    for t, tr in enumerate(fig.data):
        assert tr.type == "heatmap" and tr.zmin == 0 and tr.zmax == 1 and tr.showscale is False
        np.testing.assert_array_equal(np.asarray(tr.z), FRAMES[t])
    lefts = [fig.layout[f"xaxis{'' if t == 0 else t + 1}"].domain[0] for t in range(5)]
    assert lefts == sorted(lefts)  # left to right in time


def test_frames_are_numbered_as_the_inputs_x_t():
    fig = frames_figure(FRAMES[:3], ["f1", "f2", "f3"])
    labels = [a.text for a in named(fig.layout.annotations, "frame-label-")]
    assert labels == ["x_1 · f1", "x_2 · f2", "x_3 · f3"]
    assert "x_2 (f2)" in fig.data[1].hovertemplate
    assert [a.text for a in named(frames_figure(FRAMES[:2]).layout.annotations, "frame-label-")] == [
        "x_1 · f1",
        "x_2 · f2",
    ]


def test_rows_top_to_bottom_and_square_pixels():
    fig = frames_figure(FRAMES[:2])
    lo, hi = fig.layout.yaxis.range
    assert lo > hi  # row 0 at the top, as the picture
    d = fig.layout.xaxis.domain
    m = fig.layout.margin
    wide = (d[1] - d[0]) * (fig.layout.width - m.l - m.r)
    tall = fig.layout.height - m.t - m.b
    assert wide == pytest.approx(tall) == pytest.approx(FRAME_PX[False])
    big = frames_figure(FRAMES[:2], big=True)
    assert big.layout.height > fig.layout.height and big.layout.annotations[0].font.size > 14


def test_same_under_any_template():
    assert same_under_any_template(lambda: frames_figure(FRAMES, title="A clip"))


@pytest.mark.parametrize("bad", [np.zeros((8, 8)), np.zeros((0, 8, 8)), np.zeros((2, 3, 3, 3))])
def test_refuses_what_is_not_frames(bad):
    with pytest.raises(ValueError):
        frames_figure(bad)
    with pytest.raises(ValueError):
        frames_figure(FRAMES[:2], ["only one"])


def test_upscale_repeats_each_pixel_into_a_sharp_square():
    img = RNG.uniform(0, 1, (4, 3, 3))
    big = upscale(img, 5)
    assert big.shape == (20, 15, 3) and big.dtype == np.uint8
    for r in range(4):
        for c in range(3):
            block = big[5 * r : 5 * r + 5, 5 * c : 5 * c + 5]
            assert (block == np.round(img[r, c] * 255).astype(np.uint8)).all()
    np.testing.assert_array_equal(upscale(np.array([[-1.0, 2.0, np.nan]]), 1), [[0, 255, 0]])
    with pytest.raises(ValueError):
        upscale(img, 0)
    with pytest.raises(ValueError):
        upscale(np.zeros(5), 2)
