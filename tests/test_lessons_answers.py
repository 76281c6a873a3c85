"""rnn_core/lessons/answers.py: reading a number a student types, never trusting it."""

import pytest

from rnn_core.lessons.answers import read_number
from tests.lessons_util import GARBAGE


@pytest.mark.parametrize(
    "text, value",
    [("0.46", 0.46), (" -0.5 ", -0.5), ("-.5", -0.5), ("+1", 1.0), ("1e-2", 0.01), ("0,46", 0.46), ("\u22120.3", -0.3)],
)
def test_read_number_takes_what_people_type(text, value):
    assert read_number(text).value == pytest.approx(value)


@pytest.mark.parametrize("text", GARBAGE)
def test_read_number_refuses_garbage_with_a_reason(text):
    r = read_number(text)
    assert r.value is None
    assert r.empty == (not text.strip())
    assert r.empty or r.problem


def test_read_number_never_raises_on_any_text():
    for text in GARBAGE + ["x" * 10_000, "\x00", "1" * 5000, "9" * 400 + ".0", None, 3.5, [1]]:
        read_number(text)
