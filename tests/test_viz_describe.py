"""The words a screen reader says for a stepped diagram: every number with its sign, one sentence per step."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from viz import describe

finite = st.floats(-5, 5, allow_nan=False, width=32)


@given(arrays(np.float64, st.integers(1, 40), elements=finite))
def test_every_value_is_read_with_its_sign(v):
    said = describe.vector("h_2", v)
    shown = said.split("[")[1].split("]")[0].replace(", ...", "").split(", ")
    assert len(shown) == min(len(v), describe.MOST)
    assert all(s[0] in "+-" for s in shown)
    assert [float(s) for s in shown] == pytest.approx(np.round(v[: describe.MOST], 2), abs=0.0051)
    if len(v) > describe.MOST:
        assert f"{len(v)} units: {int((v > 0).sum())} positive, {int((v < 0).sum())} negative" in said


def test_a_step_reads_input_state_and_output():
    h = np.array([[0.214, -0.5, 0.93], [0.1, 0.2, -0.3]])
    said = describe.recurrent_steps(["h", "e"], h, ["e", "l"], [0.851, 0.4])
    assert said[0] == "t = 1 of 2: reads “h”; h_1 = [+0.21, -0.50, +0.93]; predicts “e” at 85%."
    assert said[1].endswith("predicts “l” at 40%.")


def test_many_to_one_answers_only_at_the_end_and_regression_reads_its_number():
    h = np.zeros((3, 2))
    said = describe.recurrent_steps(list("abc"), h, [None, None, "fr"], [None, None, 0.9], c=h)
    assert "no output at step 1" in said[0] and "c_1 = [+0.00, +0.00]" in said[0]
    assert said[2].endswith("predicts “fr” at 90%.")
    assert describe.output(2, "0.125", None, False) == "outputs y_2 = 0.125"


def test_a_window_step_names_the_inputs_it_holds():
    a = np.ones((4, 2))
    said = describe.window_steps(list("abcd"), a, 2, [None] * 3 + ["x"], None)
    assert said[0].startswith("t = 1 of 4: the window holds “a”;")
    assert said[3].startswith("t = 4 of 4: the window holds “c”, “d”; a_4 = [+1.00, +1.00]; outputs y_4 = x")


def test_attach_wants_a_sentence_per_step():
    scene = {"frames": [], "at": [0, 0]}
    assert describe.attach(scene, "view", ["one", "two"])["describe"]["steps"] == ["one", "two"]
    with pytest.raises(ValueError, match="one sentence per step"):
        describe.attach(scene, "view", ["one"])


def test_words_from_html_read_as_plain_text():
    said = describe.from_html("<p>Reached <b>h_3</b>:\n ||dL/dh_3|| = 0.5 &lt; 1</p>")
    assert said == "Reached h_3: ||dL/dh_3|| = 0.5 < 1"
