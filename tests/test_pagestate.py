"""Every page keeps its state one way (ui/pagestate.py): prefixed keys, widgets kept across page switches, the
link read once per session."""

import math

import pytest

from tests import hostile_util as hu
from tests.apptest_util import app
from ui import urlstate
from ui.pagestate import Keys, whole_number

# page -> (a bad link value, a widget to change: (kind, key, new value))
PAGES = {
    "unroll": ({"arch": "banana"}, ("select_slider", "ex_units", 8)),
    "window": ({"k": "banana"}, ("slider", "w_k", 6)),
    "training": ({"opt": "banana"}, ("select_slider", "tr_units", 8)),
    "tour": ({"stop": "banana"}, ("selectbox", "tour_stop", 5)),
}
PREFIX = {"unroll": "ex_", "window": "w_", "training": "tr_", "tour": "tour_"}
APP_KEYS = {"present", "_present_notes"}  # the router's own, shared by every page


def test_keys_prefix_every_name():
    k = Keys("ex_", "seq", "t")
    assert (k.seq, k.t, k("text_chars")) == ("ex_seq", "ex_t", "ex_text_chars")


@pytest.mark.parametrize("page", PAGES)
def test_state_survives_another_page_and_the_link_is_read_once(page):
    bad, (kind, key, value) = PAGES[page]
    at = app(page, **bad).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("banana" in w.value for w in at.warning), "the bad link value gets a note"
    getattr(at, kind)(key=key).set_value(value).run()
    assert not any("banana" in w.value for w in at.warning), "the note shows once"
    other = next(p for p in PAGES if p != page)
    at.switch_page(f"app_pages/{other}.py").run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state[key] == value, "the page's own value is back after a visit elsewhere"
    assert not any("banana" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_key_a_page_keeps_is_under_its_prefix(page):
    at = app(page).run()
    at.session_state[f"{PREFIX[page]}{'bt' if page == 'training' else 't'}"] = 2  # a step, as the browser reports it
    at.run()
    if page == "training":
        at.button(key="tr_step").click().run()
    prefix = PREFIX[page]
    stray = [k for k in at.session_state if not k.startswith((prefix, "_" + prefix)) and k not in APP_KEYS]
    assert not stray, f"/{page} keeps keys outside its prefix {prefix!r}: {stray}"


FORGED = {  # values no browser sends, as a forged client could put them in a session
    "training": {
        "tr_seq": "bogus",
        "tr_units": [99],
        "tr_seed": float("nan"),
        "tr_opt": 7,
        "tr_clip_on": "yes",
        "tr_speed": -1,
        "tr_bt": float("inf"),
        "tr_vx_scale": None,
    },
    "window": {"w_seed": float("nan"), "w_k": [3], "w_arch": "transformer", "w_t": -5, "w_text": 12},
}


@pytest.mark.parametrize("page", FORGED)
def test_forged_values_fall_back_and_the_session_keeps_working(page):
    other = next(p for p in PAGES if p != page)
    at = app(page).run()
    at.switch_page(f"app_pages/{other}.py").run()  # the page's widgets are gone: values go in as a forged client's
    for key, value in FORGED[page].items():
        at.session_state[key] = value
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("does not offer" in w.value for w in at.warning)
    at.run()
    assert not at.exception and not any("does not offer" in w.value for w in at.warning), "the session recovered"


# --- whole-number boxes (ui/numbers.py): every seed -----------------------------------------------------------------

SEED_BOXES = {"unroll": "ex_seed", "window": "w_seed", "training": "tr_seed"}


def test_whole_number_takes_ints_and_whole_floats_only():
    ok = whole_number(0, 9999)
    assert all(ok(v) for v in (0, 7, 9999, 7.0, -0.0, 9999.0))
    assert not any(ok(v) for v in (-1, 10_000, 7.5, 1e-320, math.nan, math.inf, -math.inf, 2.0**63, True, "7", None))


@pytest.mark.parametrize("page", SEED_BOXES)
def test_the_seed_box_is_a_whole_number_box_that_takes_the_link(page):
    """Drawn as a float box (a forged NaN cannot break it) that looks like an int box: step 1, no decimals."""
    at = app(page, seed=1).run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.number_input(key=SEED_BOXES[page])
    assert hu.is_int(box) and box.proto.format == "%.0f" and box.proto.step == 1
    assert (box.proto.min, box.proto.max) == (0, 9999)
    assert box.value == 1 and at.query_params["seed"] == "1"


def test_a_whole_number_box_keeps_what_the_browser_sends_and_drops_the_rest():
    at = app("unroll").run()
    hu.send(at, at.number_input(key="ex_seed"), 1.0)  # what a browser sends for 1: a float
    assert not at.exception and at.query_params["seed"] == "1"
    at.switch_page("app_pages/window.py").run()
    at.switch_page("app_pages/unroll.py").run()
    assert at.session_state["ex_seed"] == 1 and at.query_params["seed"] == "1", "kept across pages, as an int link"
    assert not any("does not offer" in w.value for w in at.warning)
    for forged in (1.5, 1e-320):  # a fraction: the default and a note
        hu.send(at, at.number_input(key="ex_seed"), forged)
        assert not at.exception and at.session_state["ex_seed"] == 0 and at.query_params["seed"] == "0"
        assert any("does not offer" in w.value for w in at.warning)
    for forged in (math.nan, math.inf, -math.inf, -1.0, 1e308):  # Streamlit puts the default back itself
        hu.send(at, at.number_input(key="ex_seed"), 1.0)
        hu.send(at, at.number_input(key="ex_seed"), forged)
        assert not at.exception, [e.message for e in at.exception]
        assert at.session_state["ex_seed"] == 0 and at.query_params["seed"] == "0"


def test_the_sampling_seed_is_a_whole_number_box():
    at = app("unroll").run()
    at.radio(key="ex_mode").set_value("Sample at test time").run()
    box = at.number_input(key="ex_sample_seed")
    assert hu.is_int(box) and box.proto.format == "%.0f" and box.value == 0

    def send(v) -> str:
        hu.send(at, at.number_input(key="ex_sample_seed"), v)
        assert not at.exception, [e.message for e in at.exception]
        return next(m.value for m in at.markdown if m.value.startswith("Sampled:"))

    three = send(3.0)
    assert at.session_state["ex_sample_seed"] == 3
    send(3.5)
    assert at.session_state["ex_sample_seed"] == 0 and any("does not offer" in w.value for w in at.warning)
    send(math.nan)
    assert at.session_state["ex_sample_seed"] == 0
    assert send(3.0) == three, "the same sampling seed samples the same letters"


# --- links: whole numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, value", [("7", 7), ("0", 0), ("-0", 0), ("007", 7), ("9999", 9999)])
def test_a_link_number_is_plain_digits(raw, value):
    assert urlstate.int_in(0, 9999)(raw) == value


@pytest.mark.parametrize(
    "raw",
    ["+3", "1_0", " 7 ", "7 ", "\t7", "7\n", "\u0663", "\uff17", "\u0967", "3.0", "1e3", "0x1F", "", "-", "--1", "nan"]
    + ["9" * 5000, "-1", "10000"],
)
def test_a_link_number_that_is_not_plain_digits_gets_a_note(raw):
    with pytest.raises(ValueError, match="expected"):
        urlstate.int_in(0, 9999)(raw)


def test_a_link_with_an_odd_number_gets_a_note():
    at = app("unroll", seed="\u0663", units="+3").run()
    assert not at.exception, [e.message for e in at.exception]
    notes = " ".join(w.value for w in at.warning)
    assert "seed=" in notes and "units=" in notes
    assert at.query_params["seed"] == "0" and at.query_params["units"] == "3"
