"""Every page keeps its state one way (ui/pagestate.py): prefixed keys, widgets kept across page switches, the
link read once per session."""

import pytest

from tests.apptest_util import app
from ui.pagestate import Keys

# page -> (a bad link value, a widget to change: (kind, key, new value))
PAGES = {
    "unroll": ({"arch": "banana"}, ("select_slider", "ex_units", 8)),
    "window": ({"k": "banana"}, ("slider", "w_k", 6)),
    "training": ({"opt": "banana"}, ("select_slider", "tr_units", 8)),
}
PREFIX = {"unroll": "ex_", "window": "w_", "training": "tr_"}
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
    if page == "unroll":  # the explorer steps in the browser; the server learns t as ex_t
        at.session_state["ex_t"] = 2
        at.run()
    else:
        at.button(key=f"{PREFIX[page]}{'step' if page == 'training' else 'next'}").click().run()
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
