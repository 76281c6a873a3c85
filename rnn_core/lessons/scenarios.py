"""A round of scenario questions: grading an answer (network and mapping, with an optional certainty-based mark),
where a student is in the round, and the tally of the drills that are simply right or not. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass

from rnn_core.lessons.bank import NETWORKS, NO_RECURRENCE, Scenario, order
from rnn_core.mappings import MAPPINGS

VERDICTS = ("right", "partly right", "wrong")
SURE = ("low", "medium", "high")  # how sure the student says they are
MARKS = {"low": (1, 0), "medium": (2, -2), "high": (3, -6)}  # certainty-based marks: (if right, if wrong)


@dataclass(frozen=True)
class Grade:
    """A graded answer. ``mark`` is the certainty-based mark, None when no certainty was given."""

    network_ok: bool
    mapping_ok: bool
    verdict: str  # one of VERDICTS
    mark: int | None = None


def grade(scenario: Scenario, network: str, mapping: str | None, sure: str | None = None) -> Grade:
    """Grade an answer to ``scenario``: a :class:`Grade` saying whether the network and the mapping are right, the
    verdict ("right" when both are, "partly right" when one is, "wrong" when neither is) and, when ``sure`` is one
    of SURE, the certainty-based mark: 1, 2 or 3 for a right answer given with low, medium or high certainty, and 0,
    -2 or -6 for a wrong one. A partly right answer counts as wrong for the mark.

    For an answer with no recurrent part (mapping "one-to-one" or null: dense, CNN) the two mappings are the same
    answer, one input and one output. Raises ValueError for a network, mapping or certainty outside the lists."""
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {NETWORKS}, got {network!r}")
    if mapping is not None and mapping not in MAPPINGS:
        raise ValueError(f"mapping must be one of {MAPPINGS} or None, got {mapping!r}")
    if sure is not None and sure not in SURE:
        raise ValueError(f"sure must be one of {SURE} or None, got {sure!r}")
    network_ok = network == scenario.network
    mapping_ok = mapping == scenario.mapping or (scenario.mapping in NO_RECURRENCE and mapping in NO_RECURRENCE)
    verdict = "right" if network_ok and mapping_ok else "partly right" if network_ok or mapping_ok else "wrong"
    mark = None if sure is None else MARKS[sure][0 if verdict == "right" else 1]
    return Grade(network_ok, mapping_ok, verdict, mark)


# ------------------------------------------------------------------------------------------------ a round of questions


@dataclass(frozen=True)
class Answer:
    """One checked answer in a round: what the student said and how it was graded."""

    id: str  # the scenario's id
    network: str
    mapping: str | None
    sure: str | None
    verdict: str  # one of VERDICTS
    mark: int | None  # the certainty-based mark, None when no certainty was given


@dataclass(frozen=True)
class Progress:
    """Where a student is in a round of scenario questions, and how they did: immutable, every step returns a new one.

    Round 1 asks the whole bank in the order :func:`order` gives for ``seed``, with no repeats; each later round
    (:meth:`retry`) asks again the ones missed in the round before, in the same order. ``answers[i]`` answers
    ``ids[i]``; the question at ``pos`` is answered once ``len(answers) > pos``, and :meth:`next` goes on."""

    seed: int
    ids: tuple[str, ...]
    round: int = 1
    pos: int = 0
    answers: tuple[Answer, ...] = ()

    @classmethod
    def start(cls, bank, seed: int) -> Progress:
        """Round 1: every scenario of ``bank``, in the order for ``seed``."""
        return cls(seed, tuple(order(bank, seed)))

    @property
    def current(self) -> str | None:
        """The id of the question being asked, None once the round is done."""
        return self.ids[self.pos] if self.pos < len(self.ids) else None

    @property
    def checked(self) -> bool:
        """Whether the question being asked has been answered (its feedback is showing)."""
        return len(self.answers) > self.pos

    @property
    def done(self) -> bool:
        return self.pos >= len(self.ids)

    @property
    def last(self) -> Answer | None:
        """The answer to the question being asked, once checked."""
        return self.answers[self.pos] if self.checked else None

    @property
    def right(self) -> int:
        return sum(a.verdict == "right" for a in self.answers)

    @property
    def marks(self) -> int:
        """The sum of the certainty-based marks (answers given without a certainty add nothing)."""
        return sum(a.mark for a in self.answers if a.mark is not None)

    @property
    def marked(self) -> int:
        """How many answers were given with a certainty."""
        return sum(a.mark is not None for a in self.answers)

    @property
    def missed(self) -> tuple[Answer, ...]:
        """This round's answers that were not right (partly right counts as missed), in the order asked."""
        return tuple(a for a in self.answers if a.verdict != "right")

    def answer(self, scenario: Scenario, network: str, mapping: str | None, sure: str | None = None) -> Progress:
        """The round after answering the question being asked (graded by :func:`grade`). Raises ValueError when
        ``scenario`` is not that question or it is already answered, and as :func:`grade` does."""
        if self.done or scenario.id != self.current:
            raise ValueError(f"{scenario.id!r} is not the question being asked ({self.current!r})")
        if self.checked:
            raise ValueError(f"{scenario.id!r} is already answered")
        g = grade(scenario, network, mapping, sure)
        answer = Answer(scenario.id, network, mapping, sure, g.verdict, g.mark)
        return Progress(self.seed, self.ids, self.round, self.pos, (*self.answers, answer))

    def next(self) -> Progress:
        """On to the next question once this one is answered (unchanged otherwise)."""
        if not self.checked:
            return self
        return Progress(self.seed, self.ids, self.round, self.pos + 1, self.answers)

    def retry(self) -> Progress:
        """A new round of the questions missed so far in this one, in the order they were asked (unchanged when
        none was missed)."""
        ids = tuple(a.id for a in self.missed)
        return Progress(self.seed, ids, self.round + 1) if ids else self


@dataclass(frozen=True)
class Tally:
    """Right answers out of those given, for the drills that are simply right or not."""

    right: int = 0
    asked: int = 0

    def add(self, ok: bool) -> Tally:
        return Tally(self.right + bool(ok), self.asked + 1)
