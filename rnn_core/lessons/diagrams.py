"""The four mappings as pictures: what each shows in words, which steps of an unrolled picture hold an input and an
output, and the diagram questions (name the mapping a picture shows; pick the picture that fits a problem).
Standard library only."""

from __future__ import annotations

import random
from dataclasses import dataclass

from rnn_core.lessons.bank import RECURRENT, Scenario, order, shuffled
from rnn_core.mappings import MAPPINGS

MAPPING_TEXT = {
    "one-to-one": "one input, one output and nothing carried from step to step: a plain feed-forward network",
    "one-to-many": "one input at the first step, then an output at every step, each fed back as the next input",
    "many-to-one": "an input at every step and a single output after the last one",
    "many-to-many": "an input and an output at every step (synced)",
}
NOT_SYNCED_TEXT = "the whole input sequence first, then the whole output sequence, each output fed back (not synced)"


def either(mapping: str) -> str:
    """What ``mapping`` means whatever its picture (many-to-many: synced or not, both named), for a button's help."""
    if mapping == "many-to-many":
        return f"{MAPPING_TEXT[mapping]}, or {NOT_SYNCED_TEXT}"
    return MAPPING_TEXT[mapping]


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
        cycle = shuffled(MAPPINGS, random.Random(f"name:{seed}:{k // len(MAPPINGS)}"))
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
    options = tuple(shuffled(MAPPINGS, random.Random(f"pick:{seed}:{k}")))
    return PictureQuestion("pick", scenario.mapping, 4, options, scenario.id, synced(scenario))
