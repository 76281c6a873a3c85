"""Hostile input on every page the app's navigation serves: links, typed text, numbers and forged widget values.

Every case asserts that the page raises nothing and that no input reaches it as markup (see tests/hostile_util.py
for what that means and how pages and URL parameters are found). Problems the app has today are each reproduced by
a strict xfail test at the bottom, and left out of the broad tests by ``hostile_util.KNOWN`` so those keep checking
everything else.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from tests import hostile_util as hu

PAGES = hu.pages()
PARAMS = hu.url_params()
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("full_error_details")]


def by_name(pages):
    return pytest.mark.parametrize("page", pages, ids=[p.name for p in pages])


def test_pages_are_the_ones_the_navigation_serves():
    """The pages read from app.py's source are exactly those st.navigation registers when the app runs."""
    at = hu.open_page(PAGES[0]).run()
    assert not at.exception, hu.exceptions(at)
    served = {
        (pathlib.Path(info["script_path"]).relative_to(hu.ROOT).as_posix(), info["url_pathname"])
        for info in at._registered_pages.values()
    }
    assert served == {(p.script, p.url_path) for p in PAGES}


# --- links --------------------------------------------------------------------------------------------------------


# Values tried with each sequence too (units, lr and text are read per sequence): one text, one control character,
# one non-finite and one huge number; every other value once, with the default sequence. Every hostile text also goes
# into every sequence's text box in test_hostile_typing.
PER_TASK = ("huge_links", "control", "nan", "big")


@by_name(PAGES)
@pytest.mark.parametrize("value", list(hu.URL_VALUES), ids=list(hu.URL_VALUES))
def test_hostile_link(page, value):
    """``value`` in every URL parameter any page reads (and some none reads); on pages that read ``seq``, also with
    each sequence in turn, so that task-dependent parameters (units, lr, text) meet it on every task."""
    raw = hu.URL_VALUES[value]
    every = {p: raw for p in (*PARAMS, *hu.NOT_READ)}
    queries = [every]
    if value in PER_TASK and hu.reads(page, "seq"):
        queries += [every | {"seq": s} for s in hu.task_ids()]
    found = []
    for query in queries:
        at = hu.open_page(page, **query).run()
        found += [f"{page.url}?seq={query['seq'][:20]!r}: {p}" for p in hu.problems(at)]
    assert not found, hu.report(found)


# --- typing -------------------------------------------------------------------------------------------------------


# The pages whose widgets change with the sequence (they read ``seq``): each of their views is typed into as a test
# of its own, so that pytest-xdist spreads the explorer's nine (the longest of these suites) over the workers.
SEQ_PAGES = ("unroll", "training")
TYPED = [(p, seq) for p in PAGES for seq in (hu.task_ids() if p.name in SEQ_PAGES else (None,))]


def test_the_pages_that_read_seq_are_the_ones_typed_per_sequence():
    assert {p.name for p in PAGES if hu.reads(p, "seq")} == set(SEQ_PAGES)


# Every hostile text goes into the text boxes of the explorer's and /training's default view; on the other sequences'
# views and on /window (whose boxes parse other tokens, and where each text runs the models: ~4 s) the ones that
# stress a parser: huge, control and format characters, markup mixed with the task's words.
OTHER_TASKS_TEXTS = ("huge", "huge_links", "rtl", "control", "zero_width", "mixed")


@pytest.mark.parametrize("served, seq", TYPED, ids=[p.name + (f"-{seq}" if seq else "") for p, seq in TYPED])
def test_hostile_typing(served, seq):
    """Hostile texts in every text box the page draws on this view of it (this sequence, toggles on)."""
    query = {"seq": seq} if seq else {}
    texts = hu.HOSTILE_TEXT
    if seq not in (None, hu.task_ids()[0]) or served.name == "window":
        texts = {tid: texts[tid] for tid in OTHER_TASKS_TEXTS}
    found = []
    at = hu.all_toggles_on(hu.open_page(served, **query).run())
    for name in [hu.name_of(w) for w in hu.widgets(at, ("text_input", "text_area"))]:
        for tid, text in texts.items():
            w = hu.find(at, name)
            if w is None or w.disabled:  # a previous text hid it: start this view again
                at = hu.all_toggles_on(hu.open_page(served, **query).run())
                w = hu.find(at, name)
            hu.send(at, w, text)
            found += [f"{name} <- {tid}: {p}" for p in hu.problems(at)]
    assert not found, hu.report(found)


# --- numbers ------------------------------------------------------------------------------------------------------


@by_name(PAGES)
def test_extreme_numbers(page):
    """Out-of-range, -0, huge and tiny numbers (NaN and inf too where Streamlit lets them through) in every number
    box of every view."""
    found, seen, boxes = [], set(), 0
    for query in hu.views(page):
        at = hu.all_toggles_on(hu.open_page(page, **query).run())
        names = [hu.name_of(w) for w in hu.widgets(at, ("number_input",)) if hu.name_of(w) not in seen]
        seen.update(names)
        for name in names:
            boxes += 1
            for v in hu.extremes(hu.find(at, name)):
                w = hu.find(at, name)
                if w is None or w.disabled or at.exception:
                    at = hu.all_toggles_on(hu.open_page(page, **query).run())
                    w = hu.find(at, name)
                hu.send(at, w, v)
                found += [f"{name} <- {v!r}: {p}" for p in hu.problems(at)]
    if hu.reads(page, "seed"):  # the tour reads no seed: it shows the stored seed-0 models only
        assert boxes, f"{page.url} reads a seed from its link but has no number box for it"
    assert not found, hu.report(found)


# --- forged widget values -----------------------------------------------------------------------------------------

# JSON a forged client could report from a custom component instead of what its JS sends (not JSON at all is left
# out: Streamlit itself raises decoding it, before any page code runs).
FORGED_JSON = ("Infinity", "-Infinity", "NaN", "1e999", "-1", "0", "1e12", '"x"', "[]", "{}", "null", '"<b>PWNED</b>"')
FORGED_FIELD = ("Infinity", "1e999", "NaN", "-1", '"3"', "null", "[1]")


def forged_reports(at, node) -> list[str]:
    """Reports for each event the component sends: odd values, and objects whose fields are the numeric fields of
    the data the page gave it (a step report carries the step it was given, say) set to odd values."""
    data = json.loads(node.proto.json or "{}")
    numeric = [k for k, v in data.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    out = ["[]", '"x"', "{}", "null"]
    for event in hu.component_events(at, node):
        out += [json.dumps({event: None}).replace("null", v) for v in FORGED_JSON]
        out += [
            json.dumps({event: {k: None, "n": i}}).replace("null", v)
            for k in numeric
            for i, v in enumerate(FORGED_FIELD)
        ]
    return out


@by_name(PAGES)
def test_forged_component_reports(page):
    """A custom component's report (``setStateValue``) forged: odd values for each event it sends, odd numbers in
    the fields it echoes. Each falls back, and the session goes on working."""
    found, seen = [], set()
    for query in hu.views(page):
        at = hu.open_page(page, **query).run()
        for key in [n.key for n in hu.components(at) if n.key not in seen]:
            seen.add(key)
            node = next(n for n in hu.components(at) if n.key == key)
            for report_ in forged_reports(at, node):
                if at.exception:
                    at = hu.open_page(page, **query).run()
                node = next((n for n in hu.components(at) if n.key == key), None)
                if node is None:
                    break
                hu.send(at, node, report_)
                found += [f"{key} <- {report_}: {p}" for p in hu.problems(at)]
    assert not found, hu.report(found)


@by_name(PAGES)
def test_forged_widget_values(page):
    """What no browser can send but a forged client can: an option the widget does not offer, an empty or double
    selection, a slider off its range or not a number, a click on a disabled button. Each falls back, and the
    session goes on working (one session takes them all, one after another)."""
    found, seen = [], set()
    for query in hu.views(page):
        at = hu.open_page(page, **query).run()
        targets = [(hu.name_of(w), w.type) for w in hu.widgets(at) if hu.forged_values(w)]
        for name, kind in [t for t in targets if t not in seen]:
            seen.add((name, kind))
            w = hu.find(at, name)
            for v in hu.forged_values(w) if w is not None else []:
                if at.exception or hu.find(at, name) is None:
                    at = hu.open_page(page, **query).run()
                w = hu.find(at, name)
                if w is None:
                    continue
                found += hu.forged(at, w, v)
    assert not found, hu.report(found)


# --- what the app gets wrong today (strict xfails: each passes once the app is fixed) -----------------------------


def test_explorer_reading_note_escapes_what_was_typed():
    found = []
    cases = [("scalar", t) for t in ("md_link", "md_image", "latex", "backticks", "html")] + [("words", "emphasis")]
    for page in PAGES:
        for seq, tid in cases:
            text = ("0.5 " if seq == "scalar" else "") + hu.HOSTILE_TEXT[tid]  # a number, so the note quotes the rest
            at = hu.open_page(page, seq=seq, text=text).run()
            assert not at.exception, hu.exceptions(at)
            found += [f"{page.url}?seq={seq}&text=<{tid}>: {f}" for f in hu.markup_findings(at)]
    assert not found, hu.report(found)


def test_urls_from_input_are_not_autolinked():
    found = []
    for page in PAGES:
        for url in (f"{hu.EVIL}/x", "www.evil.example", "PWNED@evil.example"):
            at = hu.open_page(page, **{p: url for p in PARAMS}).run()
            assert not at.exception, hu.exceptions(at)
            found += [f"{page.url}?...={url}: {f}" for f in hu.markup_findings(at) if "autolink" in f]
    assert not found, hu.report(found)


NO_SEED_BOX = ("tour", "models")  # pages with no whole-number box: the tour's models are fixed, /models has none


def test_nonfinite_number_in_an_int_input():
    """A forged client's NaN or inf in a whole-number box (the Seed on every page). An int st.number_input would
    raise 'cannot convert float NaN to integer' inside Streamlit before the page runs, where no guard can catch it;
    the seeds are float boxes drawn as whole numbers (ui/numbers.py), and NaN or inf puts the default back."""
    found = []
    for page in PAGES:
        at = hu.open_page(page).run()
        ints = [hu.name_of(w) for w in hu.widgets(at, ("number_input",)) if hu.is_int(w)]
        assert ints or page.url_path in NO_SEED_BOX, f"{page.url}: no int number box to try"
        for name in ints:
            for v in hu.NONFINITE:
                at = hu.open_page(page).run()
                hu.send(at, hu.find(at, name), v)
                found += [f"{page.url} {name} <- {v}: {e}" for e in hu.exceptions(at)]
    assert not found, hu.report(found)


def test_forged_sequence_choice_falls_back():
    found = []
    for page in PAGES:
        at = hu.open_page(page).run()
        for name in [hu.name_of(w) for w in hu.widgets(at, ("selectbox",))]:
            at = hu.open_page(page).run()
            hu.send(at, hu.find(at, name), "klingon")
            found += [f"{page.url} {name} <- 'klingon': {e}" for e in hu.exceptions(at)]
    assert not found, hu.report(found)


def test_forged_empty_choice_falls_back():
    found = []
    for page in PAGES:
        at = hu.open_page(page).run()
        for name in [hu.name_of(w) for w in hu.widgets(at, ("button_group",))]:
            at = hu.open_page(page).run()
            hu.send(at, hu.find(at, name), [])
            found += [f"{page.url} {name} <- []: {e}" for e in hu.exceptions(at)]
    assert not found, hu.report(found)


def test_forged_step_report_falls_back():
    found = []
    for page in PAGES:
        at = hu.open_page(page).run()
        for key in [n.key for n in hu.components(at) if hu.component_events(at, n)]:
            for event in hu.component_events(at, next(n for n in hu.components(at) if n.key == key)):
                for v in ("Infinity", "1e999"):
                    at = hu.open_page(page).run()
                    node = next(n for n in hu.components(at) if n.key == key)
                    hu.send(at, node, json.dumps({event: {"t": None, "n": 1}}).replace("null", v))
                    found += [f"{page.url} {key} <- {event}.t = {v}: {e}" for e in hu.exceptions(at)]
    assert not found, hu.report(found)
