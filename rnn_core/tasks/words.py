"""words: read a sentence of the fluent family word by word, name the language at the end (many-to-one).

x_t = E[word_t] (a learned 16-number embedding), and only the last step has an
output, y_T = W_hy h_T + b_y over the eight languages. The data are the /window
page's (:mod:`rnn_core.tasks.fluent_data`), and so is the training recipe
(``recipe="sentences"``, :mod:`rnn_core.engine.sentences`).

:func:`read_sentence` is the one reader of a typed sentence, for this task and for /window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from rnn_core.tasks import fluent_data as fd
from rnn_core.tasks.base import Example, Parsed, Task

N_TRAIN, N_HELDOUT = 2400, 400
MAX_TOKENS = 60  # the models read at most this many words, the last ones


@dataclass(frozen=True)
class Reading:
    """A typed sentence as the models read it: ``tokens`` (case kept, at most MAX_TOKENS, the last ones),
    their ``ids`` (T,) with ``<unk>`` for words outside the vocabulary, whether a trailing blank ("___") was
    dropped, and how many words were cut from the front."""

    tokens: tuple[str, ...]
    ids: np.ndarray  # (T,)
    blank: bool
    cut: int

    @property
    def unknown(self) -> tuple[bool, ...]:
        return tuple(bool(i == fd.VOCAB.unk_id) for i in self.ids)

    @property
    def unknown_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for w, u in zip(self.tokens, self.unknown, strict=True) if u))

    @property
    def message(self) -> str:
        """What a person should know about how the sentence was read ('' when nothing)."""
        if not self.tokens:
            return f"Type a sentence, e.g. “{fd.LECTURE_SENTENCE}”."
        parts = []
        if self.blank:
            parts.append("The blank at the end is what the models fill in, so it is not read as a word.")
        if self.cut:
            parts.append(f"Only the last {MAX_TOKENS} words are read ({self.cut} dropped).")
        if unknown := self.unknown_words:
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            parts.append(f"Not in the vocabulary, read as <unk>: {', '.join(repr(w) for w in unknown[:10])}{more}.")
        if [w.lower() for w in self.tokens[-3:]] != [w.lower() for w in fd.PROMPT]:
            parts.append("The models were trained on sentences ending in 'I speak fluent'; they answer anyway.")
        return " ".join(parts)


def read_sentence(text) -> Reading:
    """Tokenize any string (None, emoji and stray symbols included) the way every sentence model reads it."""
    text, blank = fd.strip_blank("" if text is None else str(text))
    tokens = fd.tokenize(text)
    cut = max(len(tokens) - MAX_TOKENS, 0)
    tokens = tuple(tokens[cut:])
    return Reading(tokens, fd.VOCAB.encode(tokens), blank, cut)


def to_example(tokens: Sequence[str], ids, label: int | None) -> Example:
    T = len(tokens)
    targets = np.full(T, -1)
    ys: list[str | None] = [None] * T
    if label is not None and T:
        targets[-1], ys[-1] = label, fd.LANGUAGES[label]
    return Example(np.asarray(ids), targets, tuple(tokens), tuple(ys))


def parse_words(text: str) -> Parsed:
    """Words and punctuation marks are steps (see :func:`read_sentence`); the wanted answer is the language of
    the first country named, if any."""
    r = read_sentence(text)
    if not r.tokens:
        return Parsed(None, message=r.message)
    return Parsed(to_example(r.tokens, r.ids, fd.first_country_label(r.tokens)), r.unknown_words, r.message)


@cache
def words_data(seed: int = 0) -> fd.FluentData:
    """The sentences the words task trains and scores on."""
    return fd.make_data(seed, n_train=N_TRAIN, n_heldout=N_HELDOUT, per_distance=1)


@cache
def words_task(seed: int = 0) -> Task:
    data = words_data(seed)
    conv = lambda exs: tuple(to_example(ex.tokens, ex.ids, ex.label) for ex in exs)  # noqa: E731
    lecture = parse_words(fd.LECTURE_SENTENCE).example
    return Task(
        id="words",
        title="Words: “I speak fluent ___”",
        blurb="A word-level sentence from the lecture's example: the model reads one word per step and, "
        "after the last word, names the language. Many-to-one.",
        mapping="many-to-one",
        encoding="embed",
        input_dim=16,
        train=conv(data.train),
        heldout=conv(data.heldout),
        default=lecture,
        vocab=fd.VOCAB.words,
        classes=fd.LANGUAGES,
        default_units=32,  # /window's: the same seed gives the same model on both pages
        units_choices=(4, 8, 16, 32),
        lr=0.02,
        steps=120,
        max_len=MAX_TOKENS,
        parse=parse_words,
        recipe="sentences",
        can=frozenset({"type"}),
        inputs="one word, a learned 16-number embedding",
        outputs="after the last word only: scores for the eight languages",
        memory="the country, named 8 to 26 words before the blank (“Toulouse, France is where I did my post doctoral"
        " studies. I speak fluent ___”): no window of the last few words holds it.",
        note="The words task's models are /window's: with 32 units the same seed gives the very model /window "
        "shows (one recipe, one seed, the same numbers on both pages).",
    )
