"""The sequence catalogue: what goes in at each step, what should come out, and the data to learn it from.

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
    fit: Callable | None = field(default=None, compare=False)  # (kind, units, seed, progress) -> SeqNet

    @property
    def vocab_size(self) -> int | None:
        return len(self.vocab) if self.vocab else None


# chars: the lecture's character-level language model ---------------------------------------------------------------

HELLO_VOCAB = ("h", "e", "l", "o")


def parse_chars(text: str, max_len: int = 40) -> Parsed:
    """Each character is a step; the target at t is the character at t+1 (none after the last).

    Characters outside [h, e, l, o] stay in the sequence as unknown (id -1, a zero input vector).
    """
    text = (text or "").strip().lower()
    if not text:
        return Parsed(None, message="Type at least one character, e.g. hell.")
    note = ""
    if len(text) > max_len:
        text, note = text[:max_len], f"Only the first {max_len} characters are used."
    chars = list(text)
    idx = {v: i for i, v in enumerate(HELLO_VOCAB)}
    ids = np.array([idx.get(c, -1) for c in chars])
    unknown = tuple(dict.fromkeys(c for c in chars if c not in idx))
    if unknown:
        shown = " ".join(repr(c) for c in unknown)
        note = f"{note} Not in the vocabulary [h, e, l, o]: {shown}; each goes in as an all-zero x_t.".strip()
    targets = np.append(ids[1:], -1)
    ys = tuple(HELLO_VOCAB[j] if j >= 0 else None for j in targets)
    return Parsed(Example(ids, targets, tuple(chars), ys), unknown, note)


def next_token_example(ids, vocab) -> Example:
    """Read ids[:-1], and at each step the wanted output is the token that came next."""
    ids = np.asarray(ids, dtype=int)
    return Example(ids[:-1], ids[1:], tuple(vocab[i] for i in ids[:-1]), tuple(vocab[i] for i in ids[1:]))


def chars_task() -> Task:
    ex = next_token_example([0, 1, 2, 2, 3], HELLO_VOCAB)
    return Task(
        id="chars", title="Characters: “hello”",
        blurb="The lecture's character-level language model: vocabulary [h, e, l, o]; at each step "
              "the model reads one character and predicts the next. Many-to-many.",
        mapping="many-to-many", encoding="onehot", input_dim=4, output_dim=4, loss="ce",
        train=(ex,), heldout=(ex,), default=ex, vocab=HELLO_VOCAB, classes=HELLO_VOCAB,
        default_units=3, units_choices=(1, 2, 3, 4, 8, 16), lr=0.05, steps=300, parse=parse_chars,
        tokens_are_chars=True,
    )


# scalar: the lecture's 1-input, 1-unit RNN --------------------------------------------------------------------------

SCALAR_DEFAULT = (0.5, 0.25, -0.5, 0.0, 0.5)
LEAK = 0.5


def leaky_sum(xs: np.ndarray) -> np.ndarray:
    """y_t = x_t + 0.5 y_{t-1}: a running sum that forgets half of the past at each step."""
    ys = np.zeros(len(xs))
    for t, x in enumerate(xs):
        ys[t] = x + LEAK * (ys[t - 1] if t else 0.0)
    return ys


def _scalar_example(xs) -> Example:
    xs = np.asarray(xs, dtype=float)
    ys = leaky_sum(xs)
    return Example(xs[:, None], ys, tuple(f"{x:g}" for x in xs), tuple(f"{y:.3g}" for y in ys))


def parse_scalar(text: str, max_len: int = 40) -> Parsed:
    """Numbers separated by spaces or commas, each between -1 and 1."""
    parts = [p for p in (text or "").replace(",", " ").split() if p]
    if not parts:
        return Parsed(None, message="Type a few numbers, e.g. 0.5 0.25 -0.5.")
    bad, xs = [], []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            bad.append(p)
            continue
        if np.isfinite(v):
            xs.append(float(np.clip(v, -1.0, 1.0)))
        else:
            bad.append(p)
    note = f"Not numbers, left out: {' '.join(bad)}." if bad else ""
    if not xs:
        return Parsed(None, tuple(bad), "None of that reads as a number; try 0.5 0.25 -0.5.")
    if any(abs(float(p)) > 1 for p in parts if p not in bad):
        note += " Values are clipped to [-1, 1]."
    if len(xs) > max_len:
        xs, note = xs[:max_len], note + f" Only the first {max_len} numbers are used."
    return Parsed(_scalar_example(xs), tuple(bad), note.strip())


def scalar_task(seed: int = 0) -> Task:
    rng = np.random.default_rng(seed)
    train = tuple(_scalar_example(rng.uniform(-0.5, 0.5, 8)) for _ in range(64))
    heldout = tuple(_scalar_example(rng.uniform(-0.5, 0.5, 8)) for _ in range(32))
    return Task(
        id="scalar", title="Numbers: one input, one unit",
        blurb="The lecture's smallest RNN: 1 input, 1 unit, so W_xh and W_hh are 1x1 and every number "
              "can be checked by hand. It learns a leaky running sum, y_t = x_t + 0.5 y_{t-1}. Many-to-many.",
        mapping="many-to-many", encoding="dense", input_dim=1, output_dim=1, loss="mse",
        train=train, heldout=heldout, default=_scalar_example(SCALAR_DEFAULT),
        default_units=1, units_choices=(1, 2, 4), lr=0.05, steps=400, parse=parse_scalar,
    )
