"""AppTest of /tour: every stop opens with its live view and reveals its answer; the URL names the stop and nonsense
in it falls back to stop 1 with a note; Previous / Next (and their keys) and the sidebar move between stops; every
link reopens its view on its page without a note; what the stops say matches the stored models."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from rnn_core.lessons.bank import load_bank
from rnn_core.tasks import get_task
from tests.apptest_util import ROOT, app, given, no_exception, titles
from ui.safe import md
from ui.tour.answers import ANSWERS
from ui.tour.stops import STOPS
from ui.tour.views import VIEWS

N = len(STOPS)
PAGES = {"unroll": "unroll", "window": "window", "training": "training", "quiz": "quiz"}
TITLES = {
    "unroll": "Unroll an RNN",
    "window": "Fixed window vs RNN: I speak fluent ___",
    "training": "Watch it learn",
    "quiz": "Quiz yourself",
}


def tour(**query):
    return app("tour", timeout=120, **query)


def live(at, stop) -> list[str]:
    """The keys of the stop's live elements: its stepper elements and its charts (keys under tour_<id>_)."""
    els = [*at.get("bidi_component"), *at.get("plotly_chart")]
    return [el.proto.id for el in els if f"tour_{stop.id}_" in el.proto.id]


def links(at) -> list[tuple[str, str]]:
    return [(b.proto.label, b.proto.url) for b in at.get("link_button")]


def shown_stop(at) -> int:
    return int(at.session_state["tour_stop"])


def test_the_stops_are_the_lecture():
    assert N >= 10
    assert len({s.id for s in STOPS}) == N
    for s in STOPS:
        assert s.view in VIEWS, s.id
        assert s.title and s.text and s.question and s.short, s.id
        assert s.answer or s.view == "choose" or s.id in ANSWERS, s.id  # choose reveals its own; ANSWERS computes
    ids = [s.id for s in STOPS]
    lecture = ["sequences", "fluent", "recurrence", "unrolling", "shapes", "hello", "sampling", "mappings"]
    assert ids[: len(lecture)] == lecture and ids[-1] == "choose"


@pytest.mark.parametrize("n", range(1, N + 1), ids=[s.id for s in STOPS])
def test_every_stop_opens_with_its_live_view_and_reveals(n):
    stop = STOPS[n - 1]
    at = tour(stop=n).run()
    no_exception(at)
    assert shown_stop(at) == n and at.query_params["stop"] == str(n)
    assert at.title[0].value.startswith(f"{n}. ")
    assert live(at, stop), f"stop {n} ({stop.id}) draws no live view"
    assert links(at), f"stop {n} has no link to its full page"
    assert not at.warning
    at.button(key=f"tour_{stop.id}_reveal").click().run()
    no_exception(at)
    assert at.session_state[f"tour_{stop.id}_shown"] is True
    assert at.success, "the answer is shown"
    assert live(at, stop)
    at.button(key=f"tour_{stop.id}_reveal").click().run()
    assert not at.success and at.session_state[f"tour_{stop.id}_shown"] is False


@pytest.mark.parametrize("n", range(1, N + 1), ids=[s.id for s in STOPS])
def test_every_link_reopens_its_view_without_a_note(n, opened):
    at = opened("tour", stop=n)
    for label, url in links(at):
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), url  # relative, in the app
        assert parts.path in PAGES, url
        query = dict(parse_qsl(parts.query))
        page = app(PAGES[parts.path], timeout=120, **query).run()
        no_exception(page)
        assert not page.warning, (label, url, [w.value for w in page.warning])
        assert titles(page) == [TITLES[parts.path]]
        assert {k: page.query_params.get(k) for k in query} == query, url  # the page took the whole link
        if parts.path == "unroll":
            assert page.session_state["ex_seq"] == query["seq"] and page.session_state["ex_arch"] == query["arch"]
            assert page.session_state["ex_units"] == int(query["units"])
        if parts.path == "quiz":
            assert page.session_state["qz_mode"] == query["mode"]


@pytest.mark.parametrize("value", ["0", "99", "x", "1.5", "٣", "-1", "", "+2", " 3"])
def test_nonsense_stop_falls_back_to_stop_1_with_a_note(value):
    at = tour(stop=value).run()
    no_exception(at)
    assert shown_stop(at) == 1 and at.query_params["stop"] == "1"
    notes = [w.value for w in at.warning]
    assert len(notes) == 1 and "stop=" in notes[0] and "using 1" in notes[0] and f"1 to {N}" in notes[0]
    assert at.title[0].value.startswith("1. ")
    at.run()
    assert not at.warning  # the note shows once


def test_the_url_restores_the_stop_and_the_session_keeps_it():
    at = tour(stop=4).run()
    assert shown_stop(at) == 4 and at.title[0].value.startswith("4. ")
    at.query_params["stop"] = "9"  # the link is read once per session: from then on the session's stop wins
    at.run()
    assert shown_stop(at) == 4


def test_next_and_previous_move_and_write_the_url():
    at = tour().run()
    assert shown_stop(at) == 1 and at.button(key="tour_prev").proto.disabled
    at.button(key="tour_next").click().run()
    assert shown_stop(at) == 2 and at.query_params["stop"] == "2"
    at.button(key="tour_next_alias").click().run()
    assert shown_stop(at) == 3 and at.query_params["stop"] == "3"
    at.button(key="tour_prev_alias").click().run()
    at.button(key="tour_prev").click().run()
    no_exception(at)
    assert shown_stop(at) == 1 and at.query_params["stop"] == "1"
    at.selectbox(key="tour_stop").set_value(N).run()
    assert shown_stop(at) == N and at.query_params["stop"] == str(N)
    assert at.button(key="tour_next").proto.disabled and at.button(key="tour_next_alias").proto.disabled


def test_the_keys_a_teacher_needs(opened):
    at = opened("tour", stop=2)
    names = ("tour_next", "tour_prev", "tour_next_alias", "tour_prev_alias")
    keys = {k: at.button(key=k).proto.shortcut for k in names}
    assert keys == {"tour_next": "pagedown", "tour_prev": "pageup", "tour_next_alias": "n", "tour_prev_alias": "p"}
    assert at.button(key="tour_fluent_reveal").proto.shortcut == "a"
    taken = {"left", "right", "space", "home", "end"}  # the stepper's, inside a stop
    for n in range(1, N + 1):
        at = opened("tour", stop=n)
        used = [b.proto.shortcut for b in at.button if b.proto.shortcut]
        assert not taken & set(used), (n, used)
        assert len(used) == len(set(used)), (n, used)
        controls = [el for el in at.get("bidi_component") if el.proto.id.endswith("stepper")]
        for el in controls:  # one stepper a stop, with the arrow keys, leaving the URL's t alone
            g = given(at, el.proto.id.split("-")[-1])
            assert g["keys"] is True and g["url"] is None


def test_each_stop_keeps_its_own_step():
    at = tour(stop=6).run()
    assert given(at, "tour_hello_stepper")["t"] == 1
    at.session_state["tour_hello_t"] = 3
    at.run()
    assert given(at, "tour_hello_stepper")["t"] == 3
    at.button(key="tour_next").click().run()
    assert given(at, "tour_sampling_stepper")["t"] == 1
    at.button(key="tour_prev").click().run()
    assert given(at, "tour_hello_stepper")["t"] == 3


def test_the_sequences_stop_picks_a_task_with_its_keys():
    at = tour(stop=1).run()
    assert given(at, "tour_sequences_stepper")["T"] == get_task("audio").default.T
    shortcuts = [at.button(key=f"tour_sequences_pick_{o}").proto.shortcut for o in STOPS[0].settings["options"]]
    assert shortcuts == ["1", "2", "3", "4", "5"]
    at.button(key="tour_sequences_pick_ecg").click().run()
    no_exception(at)
    assert given(at, "tour_sequences_stepper")["T"] == get_task("ecg").default.T
    assert "seq=ecg" in links(at)[0][1]


def test_forged_values_fall_back():
    """Kept values no browser sends go back to their defaults with a note (the hostile suite forges the widgets)."""
    at = tour(stop=6).run()
    at.session_state["tour_sequences_pick"] = "klingon"
    at.session_state["tour_hello_shown"] = "yes"
    at.run()
    no_exception(at)
    assert shown_stop(at) == 6
    assert at.session_state["tour_sequences_pick"] == "audio" and at.session_state["tour_hello_shown"] is False
    assert len(at.warning) == 2


def test_projector_mode_draws_every_stop_big():
    for n in (1, 6, 12):
        at = tour(stop=n, present=1).run()
        no_exception(at)
        ctl = [el for el in at.get("bidi_component") if el.proto.id.endswith("stepper")]
        assert ctl and given(at, ctl[0].proto.id.split("-")[-1])["big"] is True


def test_a_revealed_answer_is_the_one_written_from_the_models():
    """A stop whose answer says what a model does shows the answer ui/tour/answers.py writes from the stored models
    (tests/test_tour_answers.py checks each against the numbers); the choose stop's problems are in the bank."""
    for stop_id in ANSWERS:
        at = tour(stop=[x.id for x in STOPS].index(stop_id) + 1).run()
        at.button(key=f"tour_{stop_id}_reveal").click().run()
        assert not at.exception, [e.message for e in at.exception]
        shown = [a.value for a in at.success]
        expected = ANSWERS[stop_id](**dict(STOPS[[x.id for x in STOPS].index(stop_id)].settings))
        assert md(expected) in shown, (stop_id, shown)  # shown literally (escaped for markdown)

    bank = {q.id: q for q in load_bank()}
    for sid in dict(STOPS[-1].settings)["ids"]:
        assert sid in bank


def test_no_page_file_is_imported():
    """Page files run main() at import: the tour builds its views from ui/, never from app_pages/."""
    for path in (
        "app_pages/tour.py",
        "ui/tour/views.py",
        "ui/tour/stops.py",
        "ui/fluent/views.py",
        "ui/training/backward.py",
    ):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert "from app_pages" not in source and "import app_pages" not in source, path


def in_order(node):
    """Every element under ``node``, in the order the page draws them."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from in_order(child)


@pytest.mark.parametrize("present", [0, 1])
def test_on_a_projector_the_answer_goes_under_the_view_so_revealing_keeps_it_on_screen(present):
    n = [s.id for s in STOPS].index("hello") + 1
    at = tour(stop=n, present=present).run()
    at.button(key="tour_hello_reveal").click().run()
    no_exception(at)
    seq = [getattr(el, "type", "") for el in in_order(at.main)]
    answer, view = seq.index("success"), seq.index("bidi_component")
    assert (answer > view) == bool(present)
