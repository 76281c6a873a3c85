"""rnn_core/lessons/diagrams.py: the four mappings as layouts (which steps hold an input and an output), whether a
many-to-many is synced, the sketches' made-up states and the diagram questions."""

import pytest

from rnn_core.lessons import bank, diagrams
from rnn_core.lessons.diagrams import layout, picture_question
from rnn_core.mappings import MAPPINGS
from tests.lessons_util import BANK, BY_ID


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
