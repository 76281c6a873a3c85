"""What a task is: what goes in at each step, what should come out, and the data to learn it from.

A task's ``mapping`` is one of :data:`MAPPINGS`: many-to-many (an output at every step), many-to-one (an output
at the last step only) or one-to-many (one input, then each output fed back as the next input). Class targets
are indices with -1 where a step has no output; regression targets are floats with NaN there. What the page
offers for a task (sampling, typing, ...) is in ``Task.can`` (see :data:`ABILITIES`): pages ask the task, never
its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rnn_core.mappings import MAPPINGS

UNK = "?"
ABILITIES = {
    "sample": "sample at test time, each output fed back as the next input",
    "type": "type your own input",
    "own_weights": "type your own weights (the 1x1 vanilla RNN)",
    "listen": "listen to the input",
    "look": "look at the input (a trace, frames or an image)",
}
MEDIA = ("audio", "trace", "frames", "image")  # what Example.media holds, by Task.media
BASELINES = {
    "majority": "always the most frequent answer in training",
    "last_value": "repeat the last value",
    "zero": "always 0",
}


@dataclass(frozen=True)
class Example:
    inputs: np.ndarray  # (T,) token ids or (T, D) vectors
    targets: np.ndarray  # (T,) class ids (-1: no output) or floats (NaN: no output)
    x_labels: tuple[str, ...]  # what a person reads under each step
    y_labels: tuple[str | None, ...]  # the wanted output above each step
    media: object = field(default=None, compare=False)  # what a person sees or hears of it (see Task.media)

    @property
    def T(self) -> int:
        return len(self.x_labels)


@dataclass(frozen=True)
class Parsed:
    """A person's text turned into an example; ``unknown`` lists what the vocabulary does not hold."""

    example: Example | None
    unknown: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class Task:
    """A task, built by keyword. What follows from other fields need not be given: ``input_dim`` of a one-hot
    encoding is the vocabulary's size; a task with ``classes`` scores them (``output_dim`` = len(classes)) with
    cross-entropy, one without regresses a single number (``output_dim`` 1) with squared error."""

    id: str
    title: str
    blurb: str
    mapping: str  # one of MAPPINGS
    encoding: str  # 'onehot' | 'embed' | 'dense'
    input_dim: int | None = None  # None: len(vocab) (one-hot); an int once built
    output_dim: int | None = None  # None: len(classes), or 1 without classes; an int once built
    loss: str | None = None  # 'ce' | 'mse'; None: 'ce' with classes, else 'mse'
    train: tuple[Example, ...]
    heldout: tuple[Example, ...]
    default: Example
    vocab: tuple[str, ...] | None = None  # input tokens
    classes: tuple[str, ...] | None = None  # output labels
    default_units: int = 8
    units_choices: tuple[int, ...] = (2, 4, 8, 16, 32)
    lr: float = 0.02
    steps: int = 300
    max_len: int = 40
    parse: Callable[[str], Parsed] | None = field(default=None, compare=False)
    tokens_are_chars: bool = False
    recipe: str = "seqnet"  # how the engine trains it: a key of rnn_core.engine.zoo.RECIPES
    can: frozenset[str] = frozenset()  # what the page offers: keys of ABILITIES
    inputs: str = ""  # what x_t is, in a student's words ("one letter, one-hot over [h, e, l, o]")
    outputs: str = ""  # what y_t is
    baseline: str = "majority"  # the trivial model its held-out score is compared with: a key of BASELINES
    media: str | None = None  # what Example.media holds: one of MEDIA (audio: a waveform at sample_rate)
    sample_rate: int | None = None
    note: str = ""  # anything else the page should say about it
    image_shape: tuple[int, int, int] | None = (
        None  # (H, W, C) of an image at the start of each input: a CNN may read it
    )
    memory: str = ""  # what the model must remember, and how far back: "the country, 8 to 26 words before the blank"
    # one-to-many: (net, example) -> what the model generates from the example's first input, each chosen output
    # fed back as the next input (the page shows that, not the teacher-forced example)
    decode: Callable[[Any, Example], Example] | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.input_dim is None:
            if self.encoding != "onehot" or not self.vocab:
                raise ValueError("input_dim is needed unless the inputs are one-hot over a vocabulary")
            object.__setattr__(self, "input_dim", len(self.vocab))
        if self.output_dim is None:
            object.__setattr__(self, "output_dim", len(self.classes) if self.classes else 1)
        if self.loss is None:
            object.__setattr__(self, "loss", "ce" if self.classes else "mse")
        if self.mapping not in MAPPINGS:
            raise ValueError(f"mapping must be one of {MAPPINGS}, got {self.mapping!r}")
        if unknown := set(self.can) - set(ABILITIES):
            raise ValueError(f"unknown abilities {sorted(unknown)}; known: {sorted(ABILITIES)}")
        if self.baseline not in BASELINES:
            raise ValueError(f"baseline must be one of {tuple(BASELINES)}, got {self.baseline!r}")
        if self.media is not None and self.media not in MEDIA:
            raise ValueError(f"media must be one of {MEDIA}, got {self.media!r}")
        if "type" in self.can and self.parse is None:
            raise ValueError("a task people can type into needs a parse function")

    @property
    def vocab_size(self) -> int | None:
        return len(self.vocab) if self.vocab else None


def last_step_example(inputs, label: int, x_labels, classes, media=None) -> Example:
    """Many-to-one: read every step of ``inputs`` (T, ...), the answer ``classes[label]`` after the last only."""
    T = len(x_labels)
    targets = np.full(T, -1)
    targets[-1] = label
    return Example(np.asarray(inputs), targets, tuple(x_labels), (None,) * (T - 1) + (classes[label],), media=media)


def draw_sets(
    seed: int, n_train: int, n_heldout: int, draw: Callable[..., Example], kinds: int = 0
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """A task's training set, then its held-out set, drawn in that order from one generator seeded with ``seed``.

    Each example is ``draw(rng)``; with ``kinds`` > 0 it is ``draw(kind, rng)``, the kinds 0..kinds-1 taking equal
    shares of a set (kind j for the j-th example mod ``kinds``) in an order shuffled by the same generator.
    """
    rng = np.random.default_rng(seed)

    def one_set(n: int) -> tuple[Example, ...]:
        if not kinds:
            return tuple(draw(rng) for _ in range(n))
        return tuple(draw(int(k), rng) for k in rng.permutation(np.arange(n) % kinds))

    return one_set(n_train), one_set(n_heldout)


def next_token_example(ids, vocab) -> Example:
    """Read ids[:-1], and at each step the wanted output is the token that came next."""
    ids = np.asarray(ids, dtype=int)
    return Example(ids[:-1], ids[1:], tuple(vocab[i] for i in ids[:-1]), tuple(vocab[i] for i in ids[1:]))
