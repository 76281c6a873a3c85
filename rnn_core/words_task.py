"""The word-level task: read a sentence of the fluent family word by word, name the language at the end.

Many-to-one: x_t = E[word_t] (a learned 16-number embedding), and only the
last step has an output, y_T = W_hy h_T + b_y over the eight languages.
The data and the training recipe are the /window page's (rnn_core.fluent).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from rnn_core import fluent_data as fd
from rnn_core.tasks import Example, Parsed, Task

N_TRAIN, N_HELDOUT = 2400, 400


def to_example(tokens, ids, label: int | None) -> Example:
    T = len(tokens)
    targets = np.full(T, -1)
    ys: list[str | None] = [None] * T
    if label is not None and T:
        targets[-1], ys[-1] = label, fd.LANGUAGES[label]
    return Example(np.asarray(ids), targets, tuple(tokens), tuple(ys))


def parse_words(text: str, max_len: int = 60) -> Parsed:
    """Words and punctuation marks are steps; words outside the vocabulary are read as <unk>."""
    text, _ = fd.strip_blank(text or "")
    tokens = fd.tokenize(text)
    if not tokens:
        return Parsed(None, message="Type a sentence, e.g. " + fd.LECTURE_SENTENCE)
    note = ""
    if len(tokens) > max_len:
        tokens, note = tokens[-max_len:], f"Only the last {max_len} words are read."
    ids = fd.VOCAB.encode(tokens)
    unknown = tuple(dict.fromkeys(w for w, i in zip(tokens, ids, strict=True) if i == fd.VOCAB.unk_id))
    if unknown:
        shown = ", ".join(f"'{w}'" for w in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        note = f"{note} Not in the vocabulary, read as <unk>: {shown}.".strip()
    label = _label_of(tokens)
    return Parsed(to_example(tokens, ids, label), unknown, note)


def _label_of(tokens) -> int | None:
    """The language of the first country named, if any (used only to mark the wanted answer)."""
    countries = {c.lower(): i for i, c in enumerate(fd.COUNTRIES)}
    for w in tokens:
        if w.lower() in countries:
            return countries[w.lower()]
    return None


def _fit(data):
    def fit(kind: str, units: int, seed: int, progress=None):
        from rnn_core import fluent

        tensors = fluent.to_tensors(data.train)
        return fluent.fit(kind, tensors, fluent.Settings(units=units), seed, progress)
    return fit


@cache
def words_task(seed: int = 0) -> Task:
    data = fd.make_data(seed, n_train=N_TRAIN, n_heldout=N_HELDOUT, per_distance=1)
    conv = lambda exs: tuple(to_example(ex.tokens, ex.ids, ex.label) for ex in exs)  # noqa: E731
    lecture = parse_words(fd.LECTURE_SENTENCE).example
    return Task(
        id="words", title="Words: “I speak fluent ___”",
        blurb="A word-level sentence from the lecture's example: the model reads one word per step and, "
              "after the last word, names the language. Many-to-one.",
        mapping="many-to-one", encoding="embed", input_dim=16, output_dim=len(fd.LANGUAGES), loss="ce",
        train=conv(data.train), heldout=conv(data.heldout), default=lecture, vocab=fd.VOCAB.words,
        classes=fd.LANGUAGES, default_units=16, units_choices=(4, 8, 16, 32), lr=0.02, steps=120,
        max_len=60, parse=parse_words, fit=_fit(data),
    )
