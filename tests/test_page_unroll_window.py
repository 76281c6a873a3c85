"""AppTest of the explorer with the fixed-window feedforward (``arch=window``): every task opens with a window
diagram and steps, k comes from and goes to the URL, and what makes no sense for a window is not offered."""

import re

import pytest

from rnn_core.tasks import TASK_IDS
from tests.apptest_util import app, columns, ex_drawn, figure, given, texts


def frame_at(at, t: int) -> str:
    return next(s for s in ex_drawn(at, "ex_diagram", t) if 'data-name="window-frame"' in s)


@pytest.mark.parametrize("seq", TASK_IDS)
def test_every_task_opens_with_a_window(seq):
    at = app(seq=seq, arch="window", k=3).run()
    assert not at.exception, [e.message for e in at.exception]
    T = given(at, "ex_stepper")["T"]
    items = "".join(ex_drawn(at, "ex_diagram"))
    assert 'data-name="window-frame"' in items and 'data-name="dense-0"' in items
    assert "W_hh" not in items
    assert len(re.findall(r'data-name="dense-\d+"', items)) == T  # one dense block per step (headers may be thinned)
    assert columns(ex_drawn(at, "ex_diagram"))[1] == 1
    assert at.query_params["arch"] == "window" and at.query_params["k"] == "3"
    assert "parameters" in texts(at) and "held-out accuracy" in texts(at)
    assert "What it needs to remember" in texts(at)
    assert "A window is enough here" in texts(at) or "needs a recurrent network" in texts(at)
    assert figure(at, "ex_needs")["data"][0]["name"] == "window-1"
    at.session_state["ex_t"] = min(2, T)
    at.run()
    assert not at.exception
    assert columns(ex_drawn(at, "ex_diagram"))[1] == min(2, T)
    if T > 1:
        assert frame_at(at, 2) != frame_at(at, 1)  # the window slid


def test_k_in_the_link_is_the_model_and_the_diagram():
    at = app(seq="chars", arch="window", k=2, t=3).run()
    assert not at.exception
    assert at.session_state["ex_k"] == 2 and at.query_params["k"] == "2"
    items = "".join(ex_drawn(at, "ex_diagram"))
    assert items.count('data-name="fan-') == 2
    math = given(at, "ex_math")
    assert "last 2 inputs" in str(math)


@pytest.mark.parametrize("k", ["0", "9", "x", "-1"])
def test_a_bad_k_falls_back_with_a_note(k):
    at = app(seq="chars", arch="window", k=k).run()
    assert not at.exception
    assert at.session_state["ex_k"] == 3
    assert "window size" in texts(at)


def test_recurrent_only_controls_are_not_offered():
    at = app(seq="chars", arch="window", vs="gru", rolled=1).run()
    assert not at.exception
    labels = [t.label for t in at.toggle] + [s.label for s in at.selectbox]
    assert "Compare with" not in labels and "Show the rolled form" not in labels
    assert "vs" not in at.query_params and "rolled" not in at.query_params


def test_switching_back_to_an_rnn_drops_k_from_the_link():
    at = app(seq="video", arch="window", k=4).run()
    at.session_state["ex_arch"] = "gru"
    at.run()
    assert not at.exception and "k" not in at.query_params
    assert 'data-name="window-frame"' not in "".join(ex_drawn(at, "ex_diagram"))


def test_sampling_at_test_time_with_a_window():
    at = app(seq="chars", arch="window", k=2, mode="sample", n=6).run()
    assert not at.exception
    assert given(at, "ex_stepper")["T"] == 6
