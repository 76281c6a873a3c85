"""Every page keeps its view one way (ui/schema.py): fields declared once, prefixed keys, widgets kept across page
switches, the link read once per session, forged values put back, links written and read by the same fields."""

import math

import pytest

from tests import hostile_util as hu
from tests.apptest_util import app
from ui.schema import Keys
from ui.values import int_in, whole_number

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
    assert int_in(0, 9999)(raw) == value


@pytest.mark.parametrize(
    "raw",
    ["+3", "1_0", " 7 ", "7 ", "\t7", "7\n", "\u0663", "\uff17", "\u0967", "3.0", "1e3", "0x1F", "", "-", "--1", "nan"]
    + ["9" * 5000, "-1", "10000"],
)
def test_a_link_number_that_is_not_plain_digits_gets_a_note(raw):
    with pytest.raises(ValueError, match="expected"):
        int_in(0, 9999)(raw)


def test_a_link_with_an_odd_number_gets_a_note():
    at = app("unroll", seed="\u0663", units="+3").run()
    assert not at.exception, [e.message for e in at.exception]
    notes = " ".join(w.value for w in at.warning)
    assert "seed=" in notes and "units=" in notes
    assert at.query_params["seed"] == "0" and at.query_params["units"] == "3"


# --- the views, declared once ---------------------------------------------------------------------------------------

from ui.explorer.state import VIEW as EXPLORER  # noqa: E402
from ui.fluent.state import VIEW as WINDOW  # noqa: E402
from ui.models import VIEW as MODELS  # noqa: E402
from ui.quiz.state import VIEW as QUIZ  # noqa: E402
from ui.schema import View, choice_field, flag_field  # noqa: E402
from ui.tour.state import VIEW as TOUR  # noqa: E402
from ui.training.state import VIEW as TRAINING  # noqa: E402

VIEWS = {"unroll": EXPLORER, "window": WINDOW, "training": TRAINING, "quiz": QUIZ, "tour": TOUR, "models": MODELS}
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
PACKAGE = {"unroll": "ui/explorer", "window": "ui/fluent", "training": "ui/training", "quiz": "ui/quiz"}
PACKAGE |= {"tour": "ui/tour", "models": "ui/models.py"}


@pytest.mark.parametrize("page", VIEWS)
def test_a_view_names_each_key_and_link_parameter_once(page):
    view = VIEWS[page]
    urls = [f.url for f in view.fields if f.url is not None]
    assert len(urls) == len(set(urls)), f"/{page} reads a link parameter twice"
    names = [f.name for f in view.fields] + list(view.keys)
    assert len(names) == len(set(names))
    assert view.page == page and (ROOT / "app_pages" / f"{page}.py").exists()
    assert view.K.prefix == view.prefix and all(
        getattr(view.K, n) == view.prefix + n for n in names if n.isidentifier()
    )


@pytest.mark.parametrize("page", VIEWS)
def test_every_default_is_a_value_its_field_allows_and_links_read_back(page):
    """What the page falls back to passes its own rule, and every value a field offers survives a link: written by
    the field's ``show``, read by its ``parse``."""
    view = VIEWS[page]
    ctx = view.context({}) if view.context else None
    for f in view.fields:
        default = f.default_for(ctx)
        if default is not None and f.options_for(ctx) is not None or not f.depends:
            assert f.allows(default, ctx) or default is None, f"{page}: {f.name}'s default {default!r} breaks its rule"
        if f.url is None:
            continue
        offered = f.options_for(ctx)
        values = list(offered) if offered is not None else [default]
        for v in values:
            text = None if v is None else f.show(v)
            if text is not None:
                assert f.read(text, ctx) == v, f"{page}: {f.url}={text} reads back as {f.read(text, ctx)!r}, not {v!r}"


def test_a_link_a_page_makes_is_one_its_page_reads():
    link = EXPLORER.link(
        seq="chars", arch="gru", units=4, seed=7, reveal=True, rolled=False, mode="Sample at test time"
    )
    assert link == "unroll?seq=chars&arch=gru&units=4&seed=7&reveal=1&mode=sample"
    assert TRAINING.link(seq="scalar", arch="rnn", units=1, seed=0, bt=1) == (
        "training?seq=scalar&arch=rnn&units=1&seed=0&bt=1"
    )
    assert QUIZ.link(mode="shapes") == "quiz?mode=shapes" and WINDOW.link(k=3, seed=0) == "window?k=3&seed=0"


def test_a_field_declared_twice_is_refused():
    f = flag_field("rolled", url="rolled")
    with pytest.raises(ValueError, match="declared twice"):
        View("x_", (f, f))


def test_a_link_note_says_what_the_field_expected(monkeypatch):
    """Reading a link: a value no field allows falls back to the default, and the note quotes it escaped."""
    import streamlit as st

    view = View("x_", (choice_field("pick", ("a", "b"), url="pick", describe="letter"),), page="x")
    monkeypatch.setattr(st, "query_params", {"pick": "[c](http://x)"})
    values, notes = view.read_link()
    assert values == {"pick": "a"}
    (note,) = notes
    assert note.startswith("pick=\\[c\\]") and note.endswith(
        "in the link is not a valid letter (expected one of a\\, b); using a."
    )


def test_only_schema_fields_declare_the_seed_range():
    """A range is written once: the seed's 0..9999 lives in ui/fields.py and nowhere else in ui/ or app_pages/."""
    hits = [
        f"{p.relative_to(ROOT)}:{i}"
        for folder in ("ui", "app_pages")
        for p in sorted((ROOT / folder).rglob("*.py"))
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if "9999" in line
    ]
    assert hits == ["ui/fields.py:" + hits[0].split(":")[1]] and len(hits) == 1, hits


def test_one_page_hands_a_view_to_another_only_through_a_link():
    """No page or ui module touches another page's session keys (the quiz opens the explorer with View.open)."""
    import re

    for p in sorted((ROOT / "ui").rglob("*.py")) + sorted((ROOT / "app_pages").glob("*.py")):
        text = p.read_text()
        own = {v.prefix for name, v in VIEWS.items() if PACKAGE[name] in str(p) or p.stem == name}
        for prefix in {v.prefix for v in VIEWS.values()} - own:
            touched = re.search(rf"session_state(\[|\.(get|pop|setdefault|update)\()\s*f?[\"']{prefix}", text)
            assert not touched, f"{p.relative_to(ROOT)} touches {prefix} keys"
