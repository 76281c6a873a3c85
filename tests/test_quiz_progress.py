"""A round of scenario questions (rnn_core.scenarios.Progress), the diagram questions and the mapping pictures, and the
pictures' labels (viz/mapping_sketch.py) and worked lines (viz/worked.py)."""

import json

import pytest

from rnn_core.lessons import bank, diagrams, scenarios
from rnn_core.lessons.bank import load_bank, order
from rnn_core.lessons.diagrams import layout, picture_question
from rnn_core.lessons.scenarios import Progress, Tally
from rnn_core.mappings import MAPPINGS
from tests.viz_helpers import plain
from viz.mapping_sketch import START, labels, mapping_figure

BANK = load_bank()
BY_ID = {s.id: s for s in BANK}


def answer_all(p: Progress, right: set[str], sure: str | None = None) -> Progress:
    """Answer every question of the round: right for the ids in ``right``, wrong otherwise."""
    while not p.done:
        s = BY_ID[p.current]
        if s.id in right:
            p = p.answer(s, s.network, s.mapping, sure)
        else:
            wrong = "dense" if s.network != "dense" else "rnn"
            p = p.answer(s, wrong, "many-to-one" if wrong == "rnn" else None, sure)
        p = p.next()
    return p


# ------------------------------------------------------------------------------------------------ a round


def test_a_round_asks_the_whole_bank_in_the_seeds_order_without_repeats():
    p = Progress.start(BANK, 3)
    assert list(p.ids) == order(BANK, 3) and p.current == p.ids[0] and p.round == 1
    seen = []
    while not p.done:
        seen.append(p.current)
        s = BY_ID[p.current]
        p = p.answer(s, s.network, s.mapping).next()
    assert seen == order(BANK, 3) and len(set(seen)) == len(BANK)
    assert p.current is None and p.right == len(BANK) and not p.missed


def test_answer_then_next():
    p = Progress.start(BANK, 0)
    s = BY_ID[p.current]
    assert not p.checked and p.last is None and p.next() == p  # Next does nothing before an answer
    p1 = p.answer(s, s.network, s.mapping, "high")
    assert p1.checked and p1.pos == 0 and p1.last == scenarios.Answer(s.id, s.network, s.mapping, "high", "right", 3)
    assert (p1.right, p1.marks, p1.marked) == (1, 3, 1)
    with pytest.raises(ValueError, match="already answered"):
        p1.answer(s, s.network, s.mapping)
    p2 = p1.next()
    assert p2.pos == 1 and not p2.checked and p2.current == p.ids[1]
    with pytest.raises(ValueError, match="not the question being asked"):
        p2.answer(s, s.network, s.mapping)


def test_score_counts_right_answers_and_certainty_marks():
    p = Progress.start(BANK, 0)
    ids = p.ids
    s0, s1, s2 = (BY_ID[i] for i in ids[:3])
    p = p.answer(s0, s0.network, s0.mapping, "medium").next()  # right: +2
    p = p.answer(s1, "dense" if s1.network != "dense" else "cnn", None, "high").next()  # wrong: -6
    p = p.answer(s2, s2.network, s2.mapping).next()  # right, no certainty
    assert (p.right, p.marks, p.marked, len(p.answers)) == (2, -4, 2, 3)
    assert [a.id for a in p.missed] == [s1.id]


def test_try_again_asks_the_missed_ones_in_the_same_order():
    p = answer_all(Progress.start(BANK, 5), right={s.id for s in BANK[::2]})
    missed = [a.id for a in p.missed]
    assert missed == [i for i in order(BANK, 5) if i not in {s.id for s in BANK[::2]}]
    r2 = p.retry()
    assert r2.round == 2 and list(r2.ids) == missed and r2.pos == 0 and not r2.answers
    r2 = answer_all(r2, right=set(missed[1:]))
    assert [a.id for a in r2.missed] == missed[:1]
    r3 = r2.retry()
    assert r3.round == 3 and r3.ids == (missed[0],)
    done = answer_all(r3, right=set(missed))
    assert not done.missed and done.retry() is done  # nothing left to try again


def test_partly_right_is_missed():
    s = BY_ID["fluent-blank"]  # rnn, many-to-one
    p = Progress(0, (s.id,)).answer(s, "rnn", "many-to-many", "low")
    assert p.last.verdict == "partly right" and p.last.mark == 0 and p.missed == (p.last,)


def test_progress_is_immutable_and_the_same_for_the_same_answers():
    a = answer_all(Progress.start(BANK, 1), right={s.id for s in BANK[:30]})
    b = answer_all(Progress.start(BANK, 1), right={s.id for s in BANK[:30]})
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.pos = 3


def test_tally():
    t = Tally().add(True).add(False).add(True)
    assert (t.right, t.asked) == (2, 3) and Tally() == Tally(0, 0)


# ------------------------------------------------------------------------------------------------ pictures


@pytest.mark.parametrize("T", [1, 3, 4, 6])
def test_layouts_put_inputs_and_outputs_where_the_mapping_has_them(T):
    one = layout("one-to-one", T)
    assert (one.inputs, one.outputs, one.fed_back) == ((True,), (True,), False)
    gen = layout("one-to-many", T)
    assert gen.inputs == (True,) + (False,) * (T - 1) and gen.outputs == (True,) * T and gen.fed_back
    read = layout("many-to-one", T)
    assert read.inputs == (True,) * T and read.outputs == (False,) * (T - 1) + (True,) and not read.fed_back
    sync = layout("many-to-many", T)
    assert sync.inputs == sync.outputs == (True,) * T and not sync.fed_back
    if T >= 2:
        late = layout("many-to-many", T, synced=False)
        k = T - T // 2
        assert late.inputs == (True,) * k + (False,) * (T // 2) and late.outputs == (False,) * k + (True,) * (T // 2)
        assert late.fed_back


@pytest.mark.parametrize("bad", [("two-to-one", 4), ("many-to-one", 0), ("many-to-one", 2.5), ("one-to-one", True)])
def test_layout_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        layout(*bad)


def test_synced_reads_the_explanation():
    not_synced = {s.id for s in BANK if not diagrams.synced(s)}
    assert "translate-sentence" in not_synced and "hello-next-letter" not in not_synced
    assert all(BY_ID[i].mapping == "many-to-many" and "not synced" in BY_ID[i].explanation for i in not_synced)
    assert diagrams.describe("many-to-many", False) != diagrams.describe("many-to-many")


def test_picture_questions_take_turns_and_cover_every_mapping():
    for seed in (0, 1, 77):
        qs = [picture_question(BANK, seed, i) for i in range(16)]
        assert [q.kind for q in qs] == ["name", "pick"] * 8
        names = [q.mapping for q in qs[::2]]
        assert sorted(names[:4]) == sorted(MAPPINGS) and sorted(names[4:]) == sorted(MAPPINGS)
        for q in qs:
            assert q == picture_question(BANK, seed, qs.index(q))
            assert sorted(q.options) == sorted(MAPPINGS) and q.options[q.answer] == q.mapping
            if q.kind == "pick":
                s = BY_ID[q.scenario]
                assert s.network in bank.RECURRENT and s.mapping == q.mapping and q.synced == diagrams.synced(s)
            elif q.mapping == "one-to-one":
                assert q.steps == 1
    picks = {picture_question(BANK, 0, i).scenario for i in range(1, 200, 2)}
    assert picks == {s.id for s in BANK if s.network in bank.RECURRENT}  # every problem comes up
    assert [picture_question(BANK, 0, i) for i in range(6)] != [picture_question(BANK, 1, i) for i in range(6)]


def test_sketch_states_are_small_and_fixed():
    h = diagrams.sketch_states("abc", 4)
    assert h == diagrams.sketch_states("abc", 4) and h != diagrams.sketch_states("abd", 4)
    assert len(h) == 4 and all(len(r) == 3 and all(-0.9 <= v <= 0.9 for v in r) for r in h)


@pytest.mark.parametrize(
    "mapping, T, synced, xs, ys",
    [
        ("one-to-one", 4, True, ["x"], ["y"]),
        ("one-to-many", 4, True, ["x_1", "y_1", "y_2", "y_3"], ["y_1", "y_2", "y_3", "y_4"]),
        ("many-to-one", 3, True, ["x_1", "x_2", "x_3"], [None, None, "y_3"]),
        ("many-to-many", 3, True, ["x_1", "x_2", "x_3"], ["y_1", "y_2", "y_3"]),
        ("many-to-many", 6, False, ["x_1", "x_2", "x_3", START, "y_1", "y_2"], [None, None, None, "y_1", "y_2", "y_3"]),
    ],
)
def test_picture_labels(mapping, T, synced, xs, ys):
    lay = layout(mapping, T, synced)
    assert labels(lay.inputs, lay.outputs) == (xs, ys)


def figure_names(fig) -> set[str]:
    d = json.loads(fig.to_json())["layout"]
    return {x.get("name", "") for x in d.get("shapes", []) + d.get("annotations", [])}


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_mapping_figures_draw_boxes_only_where_there_are_inputs_and_outputs(mapping):
    lay = layout(mapping, 4)
    fig = mapping_figure(lay, diagrams.sketch_states(mapping, lay.T), title="Picture A")
    names = figure_names(fig)
    assert {f"y-box-{t}" for t in range(lay.T)} & names == {f"y-box-{t}" for t, o in enumerate(lay.outputs) if o}
    assert {f"x-box-{t}" for t in range(lay.T)} <= names
    assert any(n.startswith("feedback-") for n in names) == lay.fed_back
    d = json.loads(fig.to_json())
    assert plain(d["layout"]["title"]["text"]) == "Picture A"
    assert not any(tr.get("showscale") for tr in d["data"] if tr["type"] == "heatmap")  # no scale for made-up h


def test_mapping_figure_wants_one_state_per_step():
    with pytest.raises(ValueError):
        mapping_figure(layout("many-to-one", 4), [[0.1, 0.2]] * 3)


def test_a_one_step_picture_has_no_recurrence():
    fig = json.loads(mapping_figure(layout("one-to-one"), diagrams.sketch_states("x", 1)).to_json())
    names = figure_names(mapping_figure(layout("one-to-one"), diagrams.sketch_states("x", 1)))
    assert not names & {"W_hh-0", "W_hh-label-0", "strip-h0", "h0-label"} and {"W_xh-0", "W_hy-0"} <= names
    caption = next(a for a in fig["layout"]["annotations"] if a.get("name") == "caption")
    assert "nothing is carried" in caption["text"] and "W_hh" not in caption["text"]
    from tests.apptest_util import arr

    z = arr(next(tr for tr in fig["data"] if tr["type"] == "heatmap")["z"]).astype(float)
    assert z[:, 0].tolist() == [None] * 3 or all(v != v for v in z[:, 0])  # no h_0 column
    assert all(v == v for v in z[:, -1])  # h_1 is drawn
