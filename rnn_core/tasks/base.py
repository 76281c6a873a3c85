"""What a task is: what goes in at each step, what should come out, and the data to learn it from.

A task is many-to-many (an output at every step) or many-to-one (an output at
the last step only). Class targets are indices with -1 where a step has no
output; regression targets are floats with NaN there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

UNK = "?"


@dataclass(frozen=True)
class Example:
    inputs: np.ndarray  # (T,) token ids or (T, D) vectors
    targets: np.ndarray  # (T,) class ids (-1: no output) or floats (NaN: no output)
    x_labels: tuple[str, ...]  # what a person reads under each step
    y_labels: tuple[str | None, ...]  # the wanted output above each step

    @property
    def T(self) -> int:
        return len(self.x_labels)


@dataclass(frozen=True)
class Parsed:
    """A person's text turned into an example; ``unknown`` lists what the vocabulary does not hold."""

    example: Example | None
    unknown: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    blurb: str
    mapping: str  # 'many-to-many' | 'many-to-one'
    encoding: str  # 'onehot' | 'embed' | 'dense'
    input_dim: int
    output_dim: int
    loss: str  # 'ce' | 'mse'
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

    @property
    def vocab_size(self) -> int | None:
        return len(self.vocab) if self.vocab else None


def next_token_example(ids, vocab) -> Example:
    """Read ids[:-1], and at each step the wanted output is the token that came next."""
    ids = np.asarray(ids, dtype=int)
    return Example(ids[:-1], ids[1:], tuple(vocab[i] for i in ids[:-1]), tuple(vocab[i] for i in ids[1:]))
