"""The self-quiz on the lecture's last objective: given a problem, choose the network (dense, CNN, RNN or a
combination) and, where an RNN is involved, its mapping (one-to-many, many-to-one or many-to-many).

The questions are data: ``quiz_bank.json`` next to this module, a list of scenarios that :func:`load_bank` reads
and checks. Each scenario holds the right ``network`` and ``mapping``, an ``explanation`` for students (why this
answer, and why the ``tempting`` wrong one is wrong), whether the lecture gives the example (``source``) and a
short ``topic`` tag.

How mappings are written:

    rnn           one-to-many, many-to-one or many-to-many (never one-to-one or null: an RNN needs a sequence)
    combination   the mapping of its recurrent part (a CNN + RNN image captioner is one-to-many)
    dense, cnn    "one-to-one", the lecture's vanilla feed-forward network: one input, one output. null is
                  accepted too and means the same (no recurrent part); :func:`grade` treats the two alike.

Many-to-many covers both of the lecture's pictures, synced (an output at every step, as frame-by-frame video
classification) and not synced (the whole input read first, as translation); each explanation says which.

Standard library only: the pages, the tests and a reader of the JSON need nothing else.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, fields
from pathlib import Path

from rnn_core.mappings import MAPPINGS

NETWORKS = ("dense", "cnn", "rnn", "combination")
SOURCES = ("lecture", "beyond")  # the lecture gives the example, or it goes beyond it
VERDICTS = ("right", "partly right", "wrong")
SURE = ("low", "medium", "high")  # how sure the student says they are
MARKS = {"low": (1, 0), "medium": (2, -2), "high": (3, -6)}  # certainty-based marks: (if right, if wrong)
BANK_PATH = Path(__file__).with_name("quiz_bank.json")

NO_RECURRENCE = (None, "one-to-one")  # the two ways of writing "no recurrent part"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")
MAX_ID, MAX_TOPIC = 40, 30


class BankError(ValueError):
    """The question bank is not valid; the message lists every problem found, each with the item it is in."""


@dataclass(frozen=True)
class Scenario:
    """One question: a problem in plain words and its answer with the reason."""

    id: str  # short unique slug, e.g. "fluent-blank"
    scenario: str  # the problem, one or two sentences, no hint of the answer
    network: str  # one of NETWORKS
    mapping: str | None  # one of MAPPINGS, or None for an answer with no recurrent part
    explanation: str  # why this answer, and why the tempting one is wrong
    tempting: str  # the tempting wrong network or mapping: one of NETWORKS or MAPPINGS
    source: str  # one of SOURCES
    topic: str  # short tag: "audio", "text", "video", ...


FIELDS = tuple(f.name for f in fields(Scenario))


@dataclass(frozen=True)
class Grade:
    """A graded answer. ``mark`` is the certainty-based mark, None when no certainty was given."""

    network_ok: bool
    mapping_ok: bool
    verdict: str  # one of VERDICTS
    mark: int | None = None


def _json_type(value) -> str:
    """The JSON name of a value's type with its article, for messages ("null", "a number", "an object", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), f"a {type(value).__name__}")


def _show(value, limit: int = 60) -> str:
    """A value as JSON, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _item_problems(item) -> list[str]:
    """Everything wrong with one item on its own (types, allowed values, how network and mapping fit)."""
    if not isinstance(item, dict):
        return [f"must be an object with the fields {', '.join(FIELDS)}, got {_json_type(item)}"]
    out = []
    missing = [f for f in FIELDS if f not in item]
    extra = sorted(set(item) - set(FIELDS))
    if missing:
        out.append(f"missing field{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    if extra:
        out.append(f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")
    v = {}  # the fields present with a usable value; each check below runs when its fields are here
    for name in FIELDS:
        if name not in item:
            continue
        value = item[name]
        if name == "mapping" and value is None:
            v[name] = None
        elif not isinstance(value, str):
            kind = "a string or null" if name == "mapping" else "a string"
            out.append(f"field {name!r} must be {kind}, got {_json_type(value)} ({_show(value)})")
        elif not value.strip():
            out.append(f"field {name!r} is empty")
        else:
            v[name] = value
    if "id" in v and (not _SLUG.fullmatch(v["id"]) or len(v["id"]) > MAX_ID):
        out.append(
            f"id {v['id']!r} must be a slug of lowercase letters, digits and single hyphens, at most {MAX_ID} long"
        )
    if "topic" in v and (not _TOPIC.fullmatch(v["topic"]) or len(v["topic"]) > MAX_TOPIC):
        out.append(f"topic {v['topic']!r} must be a short lowercase tag (letters, digits, spaces, hyphens)")
    if "source" in v and v["source"] not in SOURCES:
        out.append(f"unknown source {v['source']!r}; allowed: {', '.join(SOURCES)}")
    network, mapping = v.get("network"), v.get("mapping")
    if "network" in v and network not in NETWORKS:
        out.append(f"unknown network {network!r}; allowed: {', '.join(NETWORKS)}")
    if mapping is not None and mapping not in MAPPINGS:
        out.append(f"unknown mapping {mapping!r}; allowed: {', '.join(MAPPINGS)} or null")
    if "mapping" in v and network == "rnn" and mapping in NO_RECURRENCE:
        out.append(
            f"network 'rnn' needs a mapping of one-to-many, many-to-one or many-to-many, got {_show(mapping)}"
            " (one input and one output is the vanilla feed-forward network)"
        )
    if "mapping" in v and network in ("dense", "cnn") and mapping not in NO_RECURRENCE:
        out.append(f"network {network!r} has no recurrent part: its mapping must be 'one-to-one' or null")
    if "tempting" in v:
        tempting = v["tempting"]
        if tempting not in NETWORKS + MAPPINGS:
            out.append(
                f"tempting {tempting!r} must be one of the networks or mappings: {', '.join(NETWORKS + MAPPINGS)}"
            )
        elif tempting == network or ("mapping" in v and tempting == mapping):
            out.append(f"tempting {tempting!r} is the right answer; it must be a wrong one")
    return out


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def validate(items) -> tuple[Scenario, ...]:
    """The bank as scenarios, in the order given, after checking every item and the bank as a whole (a non-empty
    list, unique ids, unique scenario texts ignoring case and spacing). Raises :class:`BankError` listing every
    problem, each named by its item's position and id."""
    if not isinstance(items, list):
        raise BankError(f"the bank must be a list of scenarios, got {_json_type(items)}")
    if not items:
        raise BankError("the bank is empty")
    problems = []
    seen_ids: dict[str, int] = {}
    seen_text: dict[str, int] = {}
    for i, item in enumerate(items):
        name = f"item {i}" + (f" (id {item['id']!r})" if isinstance(item, dict) and "id" in item else "")
        problems += [f"{name}: {p}" for p in _item_problems(item)]
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("id"), str):
            if item["id"] in seen_ids:
                problems.append(f"{name}: duplicate id {item['id']!r} (first used by item {seen_ids[item['id']]})")
            seen_ids.setdefault(item["id"], i)
        if isinstance(item.get("scenario"), str):
            key = _normal(item["scenario"])
            if key in seen_text:
                problems.append(f"{name}: duplicate scenario text (the same as item {seen_text[key]})")
            seen_text.setdefault(key, i)
    if problems:
        raise BankError(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in the quiz bank:\n" + "\n".join(problems)
        )
    return tuple(Scenario(**{f: item[f] for f in FIELDS}) for item in items)


def load_bank(path: str | Path | None = None) -> tuple[Scenario, ...]:
    """Read the question bank (default: ``quiz_bank.json`` next to this module) and return its scenarios in file
    order. Raises :class:`BankError` naming the file and every problem when it is not valid JSON or not a valid
    bank (see :func:`validate`); a missing file raises FileNotFoundError."""
    path = Path(path) if path is not None else BANK_PATH
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise BankError(f"{path}: not valid JSON: {e}") from e
    except UnicodeDecodeError as e:
        raise BankError(f"{path}: not UTF-8 text: {e}") from e
    try:
        return validate(items)
    except BankError as e:
        raise BankError(f"{path}: {e}") from None


def order(bank, seed: int) -> list[str]:
    """The ids of ``bank`` in a shuffled order for ``seed``: a permutation of the ids that depends only on the set
    of ids and the seed, the same on every machine. It is a Fisher-Yates shuffle of the sorted ids driven by
    ``random.Random(seed).random()``, whose stream Python keeps the same across versions (``Random.shuffle`` is not
    promised to)."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    return _shuffled(sorted(s.id for s in bank), random.Random(seed))


def _shuffled(items, rng: random.Random) -> list:
    """A Fisher-Yates shuffle of ``items`` (a new list) driven by ``rng.random()`` alone, whose stream Python keeps
    the same across versions."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items


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


# ------------------------------------------------------------------------------------------------ mappings as pictures

MAPPING_TEXT = {
    "one-to-one": "one input, one output and nothing carried from step to step: a plain feed-forward network",
    "one-to-many": "one input at the first step, then an output at every step, each fed back as the next input",
    "many-to-one": "an input at every step and a single output after the last one",
    "many-to-many": "an input and an output at every step (synced)",
}
NOT_SYNCED_TEXT = "the whole input sequence first, then the whole output sequence, each output fed back (not synced)"


def describe(mapping: str, synced: bool = True) -> str:
    """What a picture of ``mapping`` shows, in words (many-to-many: synced or not)."""
    return NOT_SYNCED_TEXT if mapping == "many-to-many" and not synced else MAPPING_TEXT[mapping]


def synced(scenario: Scenario) -> bool:
    """Whether a scenario's outputs line up with its inputs: False for a many-to-many one whose explanation says
    "not synced" (every many-to-many explanation says which), True otherwise."""
    return not (scenario.mapping == "many-to-many" and "not synced" in scenario.explanation)


@dataclass(frozen=True)
class Layout:
    """Which steps of an unrolled picture of a mapping hold a real input and an output."""

    inputs: tuple[bool, ...]  # a real input at step t; where False, the step reads the output fed back
    outputs: tuple[bool, ...]
    fed_back: bool  # each output is fed back as the next input (generation)

    @property
    def T(self) -> int:
        return len(self.inputs)


def layout(mapping: str, T: int = 4, synced: bool = True) -> Layout:
    """The lecture's picture of ``mapping`` over ``T`` steps (one-to-one is always one step). Many-to-many not
    ``synced``: the first ceil(T/2) steps read the inputs, the rest give the outputs, each fed back as the next
    input (the lecture's translation picture)."""
    if mapping not in MAPPINGS:
        raise ValueError(f"mapping must be one of {MAPPINGS}, got {mapping!r}")
    if isinstance(T, bool) or not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be a whole number of steps, at least 1, got {T!r}")
    if mapping == "one-to-one":
        return Layout((True,), (True,), False)
    every = (True,) * T
    if mapping == "one-to-many":
        return Layout((True,) + (False,) * (T - 1), every, True)
    if mapping == "many-to-one":
        return Layout(every, (False,) * (T - 1) + (True,), False)
    if not synced and T >= 2:
        k = T - T // 2
        return Layout((True,) * k + (False,) * (T - k), (False,) * k + (True,) * (T - k), True)
    return Layout(every, every, False)


def sketch_states(key: str, T: int, H: int = 3) -> tuple[tuple[float, ...], ...]:
    """Small made-up hidden states for a picture, (T, H) values in -0.9..0.9 with two decimals, the same for the
    same ``key`` on every machine (a picture shows where the inputs and outputs are, not a trained model)."""
    rng = random.Random(f"states:{key}")
    return tuple(tuple(round(rng.random() * 1.8 - 0.9, 2) for _ in range(H)) for _ in range(T))


PICTURE_KINDS = ("name", "pick")  # name the mapping a picture shows; pick the picture that fits a problem
RECURRENT = ("rnn", "combination")


@dataclass(frozen=True)
class PictureQuestion:
    """One diagram question. ``name``: one picture of ``mapping`` over ``steps`` steps, the options are the four
    mappings. ``pick``: the problem ``scenario`` (an RNN or combination one) and four pictures, one per mapping,
    in the order ``options`` (shown as A, B, C, D)."""

    kind: str  # one of PICTURE_KINDS
    mapping: str  # the right answer
    steps: int
    options: tuple[str, ...]
    scenario: str | None = None
    synced: bool = True  # a many-to-many picture: outputs in step with the inputs, or after them

    @property
    def answer(self) -> int:
        """The index of the right option."""
        return self.options.index(self.mapping)


def picture_question(bank, seed: int, i: int) -> PictureQuestion:
    """Diagram question ``i`` (0, 1, 2, ...) for ``seed``: the kinds take turns (even ``i`` name a picture, odd ``i``
    pick one); the pictures to name go through all four mappings in a seeded order before any comes again, and the
    problems to picture go through the bank's RNN and combination scenarios in a seeded order. A many-to-many picture
    to name is synced or not at random; one to pick is drawn as its problem is (:func:`synced`)."""
    for name, v in (("seed", seed), ("i", i)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"{name} must be an int, got {type(v).__name__}")
    if i < 0:
        raise ValueError(f"i must be 0 or more, got {i}")
    k = i // 2
    if i % 2 == 0:
        cycle = _shuffled(MAPPINGS, random.Random(f"name:{seed}:{k // len(MAPPINGS)}"))
        mapping = cycle[k % len(MAPPINGS)]
        rng = random.Random(f"steps:{seed}:{k}")
        steps = 1 if mapping == "one-to-one" else 3 + int(rng.random() * 3)
        in_step = mapping != "many-to-many" or rng.random() < 0.5
        if not in_step:
            steps = 6 if steps == 5 else 4
        return PictureQuestion("name", mapping, steps, MAPPINGS, None, in_step)
    recurrent = [s for s in bank if s.network in RECURRENT]
    if not recurrent:
        raise ValueError("the bank has no RNN or combination scenario to picture")
    ids = order(recurrent, seed)
    scenario = next(s for s in recurrent if s.id == ids[k % len(ids)])
    options = tuple(_shuffled(MAPPINGS, random.Random(f"pick:{seed}:{k}")))
    return PictureQuestion("pick", scenario.mapping, 4, options, scenario.id, synced(scenario))
