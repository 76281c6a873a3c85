"""ui.components.stepper: the Python side of the browser stepper (its JS is tested in tests/e2e/test_stepper_js.py)."""

import pathlib
import types

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest_util import given
from ui.components import stepper


def test_katex_is_streamlits_own_module():
    # the math panel imports this file from Streamlit's static folder; a Streamlit upgrade may rename it
    path = pathlib.Path(st.__file__).parent / "static" / "static" / "js" / stepper.KATEX
    assert path.exists() and "renderToString" in path.read_text(encoding="utf-8")


def test_clamp():
    assert [stepper.clamp(t, 5) for t in (-3, 0, 1, 5, 9, "4", None, "x")] == [1, 1, 1, 5, 5, 4, 1, 1]
    assert [stepper.clamp(t, 5) for t in (float("inf"), float("-inf"), float("nan"), 10**100)] == [1, 1, 1, 5]
    assert stepper.clamp(3, 0) == 1


def test_a_report_sets_t_within_the_sequence(monkeypatch):
    state = {"ex_stepper": {"step": {"t": 9, "n": 17}}, "ex_t": 2}
    monkeypatch.setattr(stepper, "st", types.SimpleNamespace(session_state=state))
    stepper._take_report("ex_stepper", "ex_t", 6)
    assert state["ex_t"] == 6
    state["ex_stepper"] = {"step": None}
    stepper._take_report("ex_stepper", "ex_t", 6)
    assert state["ex_t"] == 6


def _page():
    import streamlit as st

    from ui.components import stepper

    st.session_state.setdefault("t", 4)
    stepper.controls("c", "t", 10, group="g", scene="s", on_step=lambda t: st.query_params.update(t=str(t)))
    stepper.svg_panel("p", "g", {"frames": [], "at": []})
    stepper.html_panel("m", "g", [{"html": ["a"]}], 1)


def test_elements_get_their_role_group_and_step():
    at = AppTest.from_function(_page).run()
    assert not at.exception
    c, p, m = (given(at, key) for key in ("c", "p", "m"))
    assert (c["role"], c["group"], c["T"], c["t"], c["scene"]) == ("controls", "g", 10, 4, "s")
    assert (p["role"], p["group"], m["role"], m["katex"]) == ("svg", "g", "html", stepper.KATEX)
    assert at.query_params["t"] == "4"
    at.session_state["t"] = 42
    at.run()
    assert given(at, "c")["t"] == 10 and at.query_params["t"] == "10"


def test_a_report_leaves_the_controls_as_they_were():
    at = AppTest.from_function(_page).run()
    before = given(at, "c")
    at.session_state["t"] = at.session_state["c_shown"] = 7  # what a report of t = 7 does (see _take_report)
    at.run()
    assert given(at, "c") == before  # the same data: the browser is not called again
    assert at.query_params["t"] == "7"
    at.session_state["t"] = 2  # the page moves t itself: a new version, which the browser shows
    at.run()
    after = given(at, "c")
    assert (after["t"], after["v"]) == (2, before["v"] + 1)


def _page_with_options():
    from ui.components import stepper

    jumps = [("Go to “France” (t = 3)", 3, "the clue"), ("Far", 99, "")]
    stepper.controls("c", "t", 10, group="g", scene="s", label="Word t", keys=False, url=None, jumps=jumps)


def test_options_reach_the_browser_and_jumps_stay_in_the_sequence():
    at = AppTest.from_function(_page_with_options).run()
    assert not at.exception
    c = given(at, "c")
    assert (c["label"], c["keys"], c["url"]) == ("Word t", False, None)
    assert c["jumps"] == [["Go to “France” (t = 3)", 3, "the clue"], ["Far", 10, ""]]
