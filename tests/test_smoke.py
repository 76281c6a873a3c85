"""The fast suite's page check: every page the navigation serves, opened once on its default link (one AppTest run
each), shows what it is for: its title, its live view and its numbers. The pages' own tests (tests/test_page_*.py,
in the full suite) go through everything else."""

import re

import pytest

from rnn_core.lessons.bank import order
from tests import hostile_util as hu
from tests.apptest_util import app, bar_values, columns, ex_drawn, figure, given, md_text, no_exception, texts, titles
from tests.lessons_util import BANK, BY_ID

pytestmark = pytest.mark.smoke


def test_every_page_has_its_smoke_test():
    """A page added to the navigation gets a smoke test here."""
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert {p.name for p in hu.pages()} == tested - {"every_page_has_its_smoke_test"}


def test_unroll():
    """The lecture's "hello" model: four steps, t = 1 highlighted, and after "h" it predicts "e"."""
    at = app().run()
    no_exception(at)
    assert titles(at) == ["Unroll an RNN"]
    assert given(at, "ex_stepper")["T"] == 4 and columns(ex_drawn(at, "ex_diagram")) == (4, 1)
    bars = bar_values(ex_drawn(at, "ex_output"))
    assert max(bars, key=bars.get) == "e" and sum(bars.values()) == pytest.approx(1, abs=1e-3)
    assert "held-out accuracy" in texts(at)
    assert figure(at, "wx_h")["data"]  # the weights W_xh, drawn


def test_tour():
    """Stop 1 of the lecture: its heading, its live view (a sound to step through) and a link to its page."""
    at = app("tour").run()
    no_exception(at)
    assert at.title[0].value.startswith("1. ") and "sequential data" in at.title[0].value
    assert given(at, "tour_sequences_stepper")["T"] > 1 and figure(at, "media_audio")["data"]
    assert at.query_params["stop"] == "1" and [b.proto.url for b in at.get("link_button")]


def test_training():
    """Step 0 of the "hello" model: the counter, its loss and accuracy, its three weight matrices, the backward
    pass over its four steps."""
    at = app("training").run()
    no_exception(at)
    assert titles(at) == ["Watch it learn"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Training step"] == "0" and float(metrics["Training loss"]) > 0
    assert re.fullmatch(r"\d+%", metrics["Accuracy"])
    weights = [tr["name"] for tr in figure(at, "tr_weights")["data"] if tr["name"].startswith("W ")]
    assert len(weights) == 3
    assert given(at, "tr_bt_stepper")["T"] == 4


def test_window():
    """The lecture's sentence: the window of 3 words shrugs, the best gated RNN says French."""
    at = app("window", timeout=120).run()
    no_exception(at)
    assert titles(at) == ["Fixed window vs RNN: I speak fluent ___"]
    answers = {
        tr["name"]: dict(zip(tr["customdata"], tr["x"], strict=True))
        for tr in figure(at, "answers")["data"]
        if tr["type"] == "bar"
    }
    assert max(answers["Window of 3 words"].values()) < 0.25
    assert max(answers["LSTM"]["French"], answers["GRU"]["French"]) > 0.5
    assert "Guessing (chance)" in list(at.table[0].value["Model"])
    assert given(at, "w_stepper")["T"] == 15


def test_quiz():
    """The first scenario of seed 0's order, with its answer buttons."""
    at = app("quiz", timeout=120).run()
    no_exception(at)
    assert titles(at) == ["Quiz yourself"]
    first = BY_ID[order(BANK, 0)[0]]
    assert first.scenario in md_text(texts(at))
    assert dict(at.query_params) == {"seed": "0", "mode": "scenarios"}
    assert at.button(key="qz_net_rnn").proto.shortcut == "3" and at.button(key="qz_check").disabled


def test_models():
    """The uploader with its limit, and the lines of PyTorch that make a model file."""
    at = app("models").run()
    no_exception(at)
    assert titles(at) == ["Your own model"]
    assert "up to 20 MB" in at.file_uploader(key="md_file").label
    assert any("nn.LSTM" in c.value and "safetensors" in c.value for c in at.code)
