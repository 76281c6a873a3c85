"""chars: the lecture's character-level language model on "hello" (many-to-many, next character)."""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Parsed, Task, next_token_example

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


def chars_task(seed: int = 0) -> Task:
    """The lecture's "hello" (the same for every seed: one sequence to learn)."""
    ex = next_token_example([0, 1, 2, 2, 3], HELLO_VOCAB)
    return Task(
        id="chars",
        title="Characters: “hello”",
        blurb="The lecture's character-level language model: vocabulary [h, e, l, o]; at each step "
        "the model reads one character and predicts the next. Many-to-many.",
        mapping="many-to-many",
        encoding="onehot",
        train=(ex,),
        heldout=(ex,),
        default=ex,
        vocab=HELLO_VOCAB,
        classes=HELLO_VOCAB,
        default_units=3,
        units_choices=(1, 2, 3, 4, 8, 16),
        lr=0.05,
        parse=parse_chars,
        tokens_are_chars=True,
        can=frozenset({"sample", "type"}),
        inputs="one letter, one-hot over [h, e, l, o]",
        outputs="the next letter: scores for h, e, l, o",
        memory="the letter before this one too: after “l” comes “l” or “o”, and only the letter before it (“e” or "
        "“l”) tells which. Two letters back is enough.",
    )
