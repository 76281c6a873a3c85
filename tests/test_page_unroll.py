"""AppTest of the explorer page: every task x architecture renders, steps, and restores from the URL."""

import re

import numpy as np
import pytest

import rnn_core as rc
from rnn_core.tasks import TASK_IDS
from tests.apptest_util import app, arr, figure, texts

HEADER = re.compile(r"^(<b>)?t=(\d+)(</b>)?$")


def columns(fig) -> tuple[int, int | None]:
    """(number of step columns, the highlighted step) read off the diagram's column headers."""
    heads = [a["text"] for a in fig["layout"]["annotations"] if HEADER.match(str(a.get("text", "")))]
    bold = [int(HEADER.match(h).group(2)) for h in heads if h.startswith("<b>")]
    return len(heads), (bold[0] if bold else None)


@pytest.mark.parametrize("seq", TASK_IDS)
@pytest.mark.parametrize("arch", rc.KINDS)
def test_every_task_and_architecture(seq, arch):
    at = app(seq=seq, arch=arch).run()
    assert not at.exception, [e.message for e in at.exception]
    T = len(at.session_state[f"ex_text_{seq}"].split()) if seq != "chars" else len(at.session_state["ex_text_chars"])
    n, current = columns(figure(at, "diagram"))
    assert n == T and current == 1
    at.button(key="ex_next").click().run()
    assert not at.exception
    assert at.query_params["t"] == ("2" if T > 1 else "1")
    assert columns(figure(at, "diagram"))[1] == min(2, T)


def test_hello_predicts_e_l_l_o_stepping_right():
    at = app().run()
    tops = []
    for step in range(4):
        bars = figure(at, "probs")["data"][0]
        tops.append(max(zip(bars["x"], bars["customdata"], strict=True))[1])
        if step < 3:
            at.button(key="ex_next").click().run()
    assert tops == ["e", "l", "l", "o"]
    assert at.query_params["t"] == "4"


def test_url_restores_the_view():
    at = app(seq="chars", arch="gru", units=4, t=3).run()
    assert not at.exception
    assert at.session_state["ex_arch"] == "gru" and at.session_state["ex_units"] == 4 and at.session_state["ex_t"] == 3
    assert columns(figure(at, "diagram"))[1] == 3


@pytest.mark.parametrize(
    "query",
    [
        {"seq": "klingon"},
        {"arch": "transformer"},
        {"units": "-3"},
        {"units": "7"},
        {"t": "banana"},
        {"seed": "1e99"},
        {"present": "maybe"},
        {"t": "999"},
    ],
)
def test_nonsense_url_falls_back_with_a_note(query):
    at = app(**query).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(k in w.value for w in at.warning for k in query), [w.value for w in at.warning]
    assert columns(figure(at, "diagram"))[0] >= 1


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂🙂", "hé llo", "x" * 5000, "<script>"],
    ids=["empty", "blank", "emoji", "accents", "huge", "html"],
)
def test_any_text_is_handled(text):
    at = app().run()
    at.text_input(key="ex_text_chars").input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    if text.strip() == "":
        assert "at least one character" in texts(at)
    elif set(text) - set("hello"):
        assert "Not in the vocabulary" in texts(at)
    if len(text) > 40:
        assert "Only the first 40 characters" in texts(at)


def test_scalar_custom_weights_are_used():
    at = app(seq="scalar", arch="rnn", units=1).run()
    at.toggle(key="ex_use_custom").set_value(True).run()
    at.number_input(key="ex_w_xh").set_value(0.0).run()
    at.number_input(key="ex_b_h").set_value(0.0).run()
    at.number_input(key="ex_w_hh").set_value(0.0).run()
    assert not at.exception
    z = arr(figure(at, "history")["data"][0]["z"]).astype(float)
    shown = z[~np.isnan(z)]
    assert shown.size and np.all(np.abs(shown) < 1e-12)


def test_sampling_mode_draws_the_feedback_loop():
    at = app().run()
    at.radio(key="ex_mode").set_value("Sample at test time").run()
    assert not at.exception
    assert "Sampled:" in texts(at)
    n, _ = columns(figure(at, "diagram"))
    assert n == at.slider(key="ex_sample_len").value
