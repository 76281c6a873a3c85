"""A signal cut into frames: the waveform and the heart trace, each frame marked and numbered as x_t."""

import json

import numpy as np
import pytest

from tests.apptest_util import arr
from tests.viz_helpers import named, plain, same_under_any_template, validated
from viz.signals import framed_signal, frames_of, trace_figure, waveform_figure


def wave(n=960):
    return 0.8 * np.sin(np.linspace(0, 60, n))


@pytest.mark.parametrize("big", [False, True])
def test_frames_are_marked_and_numbered_as_x_t(big):
    fig = waveform_figure(wave(), 8000, 40, big=big)
    validated(fig)
    T = 24
    shapes, notes = fig.layout.shapes, fig.layout.annotations
    assert len(named(shapes, "boundary-")) == T + 1
    assert [s.x0 for s in named(shapes, "boundary-")] == pytest.approx([k * 40 / 8000 for k in range(T + 1)])
    assert [s.name for s in named(shapes, "frame-")] == [f"frame-{t}" for t in range(1, T + 1, 2)]  # every other
    numbers = named(notes, "x-")
    # frame 1's middle; projector mode writes the subscript on the line (a raised one would be under 24 px)
    assert plain(numbers[0].text) == ("x_1" if big else "x1") and numbers[0].x == pytest.approx(0.5 * 40 / 8000)
    assert 1 < len(numbers) <= T
    assert fig.layout.yaxis.range == (-1.05, 1.05) and fig.layout.xaxis.range == (0, T * 40 / 8000)


def test_every_frame_is_numbered_when_they_fit_and_thinned_when_not():
    assert len(named(framed_signal(wave(), 100, 40, y_title="v").layout.annotations, "x-")) == 24
    crowded = framed_signal(np.zeros(2000), 100, 10, y_title="v", width=500)  # 200 frames in 500 px
    numbers = [int(plain(a.text)[1:]) for a in named(crowded.layout.annotations, "x-")]
    assert numbers[0] == 1 and 1 < len(numbers) < 200
    assert len(set(np.diff(numbers))) == 1  # evenly thinned


def test_hover_names_the_frame_and_the_task_label():
    labels = [f"{t}s" for t in range(1, 5)]
    fig = trace_figure(np.arange(20.0), 5, 5, frame_labels=labels)
    spec = json.loads(fig.to_json())
    custom = arr(spec["data"][0]["customdata"])
    assert custom[0].tolist() == [1, "1s"] and custom[-1].tolist() == [4, "4s"]
    assert "x<sub>" in spec["data"][0]["hovertemplate"] and spec["layout"]["yaxis"]["title"]["text"] == "mV"


def test_samples_past_the_last_whole_frame_are_not_drawn():
    fig = framed_signal(np.ones(105), 10, 10, y_title="v")
    assert len(fig.data[0].y) == 100 and frames_of(105, 10) == 10


def test_bad_input():
    with pytest.raises(ValueError):
        framed_signal(np.ones(5), 10, 10, y_title="v")  # no whole frame
    with pytest.raises(ValueError):
        framed_signal(np.ones(50), 10, 0, y_title="v")
    with pytest.raises(ValueError):
        framed_signal(np.ones(50), 0, 10, y_title="v")
    with pytest.raises(ValueError):
        framed_signal(np.ones(50), 10, 10, y_title="v", frame_labels=["a"])


def test_the_same_under_any_default_template():
    assert same_under_any_template(lambda: waveform_figure(wave(), 8000, 40))
