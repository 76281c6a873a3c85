"""rnn_core/lessons/scenarios.py: grading an answer (network, mapping, certainty marks), a round of scenario questions
(Progress) and the tally."""

import pytest

from rnn_core.lessons import scenarios
from rnn_core.lessons.bank import NETWORKS, order
from rnn_core.lessons.scenarios import Progress, Tally, grade
from tests.lessons_util import BANK, BY_ID

# ------------------------------------------------------------------------------------------------ grade


def test_grade_right_partly_right_wrong():
    caption = BY_ID["photo-caption"]  # combination, one-to-many
    assert grade(caption, "combination", "one-to-many") == scenarios.Grade(True, True, "right", None)
    assert grade(caption, "cnn", "one-to-many") == scenarios.Grade(False, True, "partly right", None)
    assert grade(caption, "combination", "many-to-many") == scenarios.Grade(True, False, "partly right", None)
    assert grade(caption, "rnn", "many-to-one") == scenarios.Grade(False, False, "wrong", None)


def test_grade_no_recurrence_is_one_to_one_or_none():
    house = BY_ID["house-price"]  # dense, one-to-one
    assert grade(house, "dense", "one-to-one").verdict == "right"
    assert grade(house, "dense", None).verdict == "right"
    assert grade(house, "rnn", "many-to-one").verdict == "wrong"
    assert grade(house, "cnn", None).verdict == "partly right"
    sentiment = BY_ID["review-sentiment"]  # rnn, many-to-one
    assert grade(sentiment, "rnn", None) == scenarios.Grade(True, False, "partly right", None)


@pytest.mark.parametrize(
    "answer, sure, mark",
    [
        (("rnn", "many-to-one"), "low", 1),
        (("rnn", "many-to-one"), "medium", 2),
        (("rnn", "many-to-one"), "high", 3),
        (("dense", "one-to-one"), "low", 0),
        (("dense", "one-to-one"), "medium", -2),
        (("dense", "one-to-one"), "high", -6),
        (("rnn", "many-to-many"), "low", 0),  # partly right counts as wrong for the mark
        (("rnn", "many-to-many"), "medium", -2),
        (("rnn", "many-to-many"), "high", -6),
    ],
)
def test_certainty_marks(answer, sure, mark):
    fluent = BY_ID["fluent-blank"]  # rnn, many-to-one
    assert grade(fluent, *answer, sure=sure).mark == mark


@pytest.mark.parametrize(
    "args",
    [("svm", "many-to-one"), ("rnn", "two-to-one"), ("rnn", "many-to-one", "very"), ("RNN", "many-to-one")],
)
def test_grade_refuses_unknown_answers(args):
    with pytest.raises(ValueError):
        grade(BANK[0], *args)


def test_every_scenario_grades_its_own_answer_right_and_the_tempting_one_not():
    for s in BANK:
        assert grade(s, s.network, s.mapping, "high").mark == 3
        if s.tempting in NETWORKS:
            assert grade(s, s.tempting, s.mapping).verdict == "partly right"
        else:
            assert grade(s, s.network, s.tempting).verdict == "partly right"


# ------------------------------------------------------------------------------------------------ a round


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
