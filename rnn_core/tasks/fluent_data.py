"""The "I speak fluent ___" data: the country is said early, the language is asked for at the very end.

Every sentence has three parts, drawn independently except for the cue:

    <opening naming the country, often after one of its cities>  <0..MAX_FILLER filler words>  I speak fluent

and its label is the country's language. Filler is whole everyday clauses,
then maybe a one- or two-word lead-in ("Honestly I speak fluent"). The city
(never shared between countries) sits just before the country, and some
openings name no city, so the country is the cue to learn.

Far sentences (``OPENINGS``, like the lecture's) leave at least ``MIN_TAIL``
words after the country, so with the three words "I speak fluent" the country
sits at least ``MIN_DISTANCE`` = 8 words before the blank: the last k <= 8
words never hold it, and everything they do hold (opening tails, filler,
"I speak fluent") is drawn independently of the label. A fixed window of the
last k words therefore carries no information about a far sentence's answer.
Close sentences (``CLOSE_OPENINGS``, "I love {country} .", with 0..CLOSE_MAX_FILLER
filler words) put the country MIN_CLOSE_DISTANCE..MIN_DISTANCE - 1 = 4..7 words
back. Training mixes the two (``CLOSE_FRACTION`` close), so a vanilla RNN has
short gaps to learn from and a window of k >= 5 words can learn to read a country
it sees; the held-out set is all far; the by-distance set spans 4..MAX_DISTANCE.
An example's ``distance`` is the number of words between the country and the
blank (12 in the lecture's sentence, which is kept out of every set).

Tokens keep their case for display ("France"); vocabulary lookup is
case-insensitive; punctuation is a token of its own. Words the vocabulary does
not hold become ``<unk>``; ``<pad>`` fills a window reaching before the start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

PAD, UNK = "<pad>", "<unk>"
PROMPT = ("I", "speak", "fluent")
LECTURE_SENTENCE = "Toulouse, France is where I did my post doctoral studies. I speak fluent"
MAX_FILLER = 14
MIN_TAIL = 5
MIN_DISTANCE = MIN_TAIL + len(PROMPT)
CLOSE_MAX_FILLER = 3
MIN_CLOSE_DISTANCE = 1 + len(PROMPT)
CLOSE_FRACTION = 0.5

COUNTRIES = {
    "France": ("French", ("Toulouse", "Paris", "Lyon", "Marseille", "Bordeaux")),
    "Spain": ("Spanish", ("Madrid", "Barcelona", "Seville", "Valencia", "Bilbao")),
    "Germany": ("German", ("Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt")),
    "Italy": ("Italian", ("Rome", "Milan", "Naples", "Turin", "Florence")),
    "Portugal": ("Portuguese", ("Lisbon", "Porto", "Coimbra", "Braga", "Faro")),
    "Japan": ("Japanese", ("Tokyo", "Osaka", "Kyoto", "Sapporo", "Nagoya")),
    "China": ("Chinese", ("Beijing", "Shanghai", "Shenzhen", "Chengdu", "Guangzhou")),
    "Russia": ("Russian", ("Moscow", "Kazan", "Novosibirsk", "Samara", "Omsk")),
}
LANGUAGES = tuple(lang for lang, _ in COUNTRIES.values())

OPENINGS = (
    "{city} , {country} is where I did my post doctoral studies .",
    "{city} , {country} is where I grew up .",
    "I grew up in {city} , {country} , many years ago .",
    "I was born in {country} but that was a long time ago .",
    "I lived in {city} , {country} for a few years after school .",
    "I studied in {country} when I was young .",
    "My family spent summers in {city} , {country} when I was a child .",
    "I worked in {city} , {country} for a big company .",
    "{country} is where my parents met .",
    "Back in {country} , I used to cycle to work .",
    "I spent two years in {city} , {country} as a student at the time .",
    "My first job was in {country} , at a small bakery .",
)
CLOSE_OPENINGS = (
    "I grew up in {city} , {country} .",
    "I lived in {city} , {country} .",
    "I worked in {city} , {country} .",
    "I studied in {city} , {country} .",
    "My family is from {city} , {country} .",
    "I just moved here from {city} , {country} .",
    "I was born in {country} .",
    "My parents are from {country} .",
    "I love {country} .",
    "We often visit {country} .",
)

FILLER = (
    "the weather was nice today .",
    "my neighbour has a big dog .",
    "we had soup for dinner .",
    "the bus was late again .",
    "I like to read before bed .",
    "my sister just bought a bike .",
    "it rained all weekend .",
    "the coffee here is strong .",
    "our team won the match .",
    "I need to call my mother .",
    "the shop closes at six .",
    "we watched a film last night .",
    "my phone battery is almost empty .",
    "the garden needs water .",
    "I forgot my keys at home .",
    "the meeting ran long .",
    "the train was full this morning .",
    "my cat sleeps all day .",
    "I am learning to play the guitar .",
    "the library is quiet on sundays .",
    "we painted the kitchen blue .",
    "life is busy .",
    "time flies .",
    "so it goes .",
    "that is life .",
    "oh well .",
    "these days I work from home and walk a lot .",
    "my brother fixes old radios in his garage .",
)
LEAD_INS = ("anyway", "honestly", "well", "so", "now", "also", "these days", "as usual", "most days", "by now")

_TOKEN = re.compile(r"\w+|[^\w\s]")
_BLANK = re.compile(r"\s*_+\s*[.!?]?\s*$")


def tokenize(text: str) -> list[str]:
    """Words and single punctuation marks, case kept: "Toulouse, France." -> ['Toulouse', ',', 'France', '.']."""
    return _TOKEN.findall(text)


def strip_blank(text: str) -> tuple[str, bool]:
    """Drop a trailing blank ("fluent ___." -> "fluent"); the flag says whether there was one."""
    out = _BLANK.sub("", text)
    return out, out != text


def detokenize(tokens: Sequence[str]) -> str:
    """Readable text: no space before punctuation, a capital after a full stop."""
    out, cap = "", True
    for w in tokens:
        if w in ",.!?":
            out += w
        else:
            out += (" " if out else "") + (w[:1].upper() + w[1:] if cap else w)
        cap = w in ".!?"
    return out


CUE_LANGUAGE = {w.lower(): lang for c, (lang, cities) in COUNTRIES.items() for w in (c, *cities)}


def clues(tokens: Sequence[str]) -> tuple[int, ...]:
    """Positions of the words that give the language away: a country or one of its cities (any case)."""
    return tuple(i for i, w in enumerate(tokens) if w.lower() in CUE_LANGUAGE)


def expected_language(tokens: Sequence[str]) -> str | None:
    """The language the clue words point to, or None when there are none or they disagree."""
    langs = {CUE_LANGUAGE[tokens[i].lower()] for i in clues(tokens)}
    return langs.pop() if len(langs) == 1 else None


def first_country_label(tokens: Sequence[str]) -> int | None:
    """The label of the first country named (any case; cities do not count), None when there is none."""
    countries = {c.lower(): i for i, c in enumerate(COUNTRIES)}
    return next((countries[w.lower()] for w in tokens if w.lower() in countries), None)


@dataclass(frozen=True)
class Vocab:
    """Lower-case word -> id; ``<pad>`` is 0, ``<unk>`` is 1."""

    words: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.words)})

    @property
    def pad_id(self) -> int:
        return 0

    @property
    def unk_id(self) -> int:
        return 1

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.index

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Token ids (T,), unknown words -> ``unk_id``."""
        return np.array([self.index.get(w.lower(), self.unk_id) for w in tokens], dtype=np.int64)


def _corpus_words() -> set[str]:
    words = {w.lower() for w in PROMPT}
    for country, (_, cities) in COUNTRIES.items():
        words.update(w.lower() for w in (country, *cities))
    for text in OPENINGS + CLOSE_OPENINGS + FILLER + LEAD_INS:
        words.update(w.lower() for w in tokenize(text.replace("{city}", "").replace("{country}", "")))
    return words


VOCAB = Vocab((PAD, UNK, *sorted(_corpus_words())))
TAILS = {o: len(tokenize(o.split("{country}")[1])) for o in OPENINGS + CLOSE_OPENINGS}  # words after the country
MAX_DISTANCE = max(TAILS.values()) + MAX_FILLER + len(PROMPT)


@dataclass(frozen=True)
class Example:
    """One sentence: ``tokens`` (T,), ``ids`` (T,), the label, and where the cue is.

    ``distance`` is the number of words between the country and the blank:
    ``T - 1 - country_index``; ``filler`` the number of filler words.
    """

    tokens: tuple[str, ...]
    ids: np.ndarray  # (T,)
    label: int
    country: str
    country_index: int
    filler: int

    @property
    def T(self) -> int:
        return len(self.tokens)

    @property
    def language(self) -> str:
        return LANGUAGES[self.label]

    @property
    def distance(self) -> int:
        return self.T - 1 - self.country_index

    @property
    def text(self) -> str:
        return detokenize(self.tokens)


_PIECES = [tokenize(f) for f in FILLER], [tokenize(f) for f in LEAD_INS]


def _filler(rng: np.random.Generator, n: int) -> list[str]:
    """Exactly ``n`` filler words: whole clauses (>= 3 words each), then maybe a lead-in of 1-2 words."""
    clauses, lead_ins = _PIECES
    sizes = [k for k in (0, 1, 2) if n - k == 0 or n - k >= 3]
    lead = int(sizes[rng.integers(len(sizes))])
    out: list[str] = []
    rest = n - lead
    while rest:
        fits = [c for c in clauses if len(c) == rest or len(c) <= rest - 3]
        piece = fits[rng.integers(len(fits))]
        out += piece
        rest -= len(piece)
    if lead:
        fits = [w for w in lead_ins if len(w) == lead]
        out += fits[rng.integers(len(fits))]
    return out


def make_example(rng: np.random.Generator, label: int, n_filler: int, opening: str | None = None) -> Example:
    """A sentence for language ``label`` with ``n_filler`` filler words; opening (random unless given) and
    filler ignore the label."""
    country = list(COUNTRIES)[label]
    cities = COUNTRIES[country][1]
    opening = OPENINGS[rng.integers(len(OPENINGS))] if opening is None else opening
    city = cities[rng.integers(len(cities))]
    head = tokenize(opening.replace("{city}", city).replace("{country}", "\0"))  # "\0" is a token of its own
    country_index = head.index("\0")
    head[country_index] = country
    tokens = (*head, *_filler(rng, n_filler), *PROMPT)
    ids = VOCAB.encode(tokens)
    ids.setflags(write=False)
    return Example(tokens, ids, label, country, country_index, n_filler)


def _balanced_labels(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.permutation(np.arange(n) % len(LANGUAGES))


def make_split(
    rng: np.random.Generator, n: int, exclude: set[tuple[str, ...]], close: bool = False
) -> tuple[Example, ...]:
    """``n`` distinct sentences, none in ``exclude``; labels balanced, filler length uniform on 0..MAX_FILLER
    (a sentence already seen is redrawn whole). ``close``: openings from CLOSE_OPENINGS and 0..CLOSE_MAX_FILLER
    filler words, so the country is MIN_CLOSE_DISTANCE..MIN_DISTANCE - 1 words before the blank."""
    openings, max_filler = (CLOSE_OPENINGS, CLOSE_MAX_FILLER) if close else (OPENINGS, MAX_FILLER)
    out: list[Example] = []
    seen = set(exclude)
    for label in _balanced_labels(rng, n):
        for _ in range(10_000):
            o = openings[rng.integers(len(openings))]
            ex = make_example(rng, int(label), int(rng.integers(max_filler + 1)), o)
            if ex.tokens not in seen:
                break
        else:
            raise ValueError(f"cannot draw {n} distinct sentences")
        seen.add(ex.tokens)
        out.append(ex)
    return tuple(out)


def _openings_at(d: int) -> list[str]:
    """Openings that put the country exactly ``d`` words before the blank with an allowed filler length."""
    far = [o for o in OPENINGS if 0 <= d - len(PROMPT) - TAILS[o] <= MAX_FILLER]
    close = [o for o in CLOSE_OPENINGS if 0 <= d - len(PROMPT) - TAILS[o] <= CLOSE_MAX_FILLER]
    return far + close


def make_distance_set(
    rng: np.random.Generator, per_distance: int, exclude: set[tuple[str, ...]]
) -> tuple[Example, ...]:
    """About ``per_distance`` sentences at each distance MIN_CLOSE_DISTANCE..MAX_DISTANCE, labels balanced, none
    in ``exclude`` (fewer where there are not that many distinct sentences)."""
    out: list[Example] = []
    seen = set(exclude)
    for d in range(MIN_CLOSE_DISTANCE, MAX_DISTANCE + 1):
        openings = _openings_at(d)
        for label in _balanced_labels(rng, per_distance):
            for _ in range(200):
                o = openings[rng.integers(len(openings))]
                ex = make_example(rng, int(label), d - len(PROMPT) - TAILS[o], o)
                if ex.tokens not in seen:
                    seen.add(ex.tokens)
                    out.append(ex)
                    break
    return tuple(out)


@dataclass(frozen=True)
class FluentData:
    """``train`` to learn from, ``heldout`` to score, ``by_distance`` to score against distance; disjoint.

    ``heldout`` is all far sentences (the country MIN_DISTANCE or more words back, as in the lecture's);
    ``train`` mixes far and close ones; ``by_distance`` covers MIN_CLOSE_DISTANCE..MAX_DISTANCE.
    """

    train: tuple[Example, ...]
    heldout: tuple[Example, ...]
    by_distance: tuple[Example, ...]
    vocab: Vocab = VOCAB
    languages: tuple[str, ...] = LANGUAGES


def make_data(
    seed: int = 0,
    n_train: int = 2400,
    n_heldout: int = 1200,
    per_distance: int = 48,
    close_fraction: float = CLOSE_FRACTION,
) -> FluentData:
    """Train, held-out and by-distance sets, disjoint as sentences; the lecture's own sentence is in none.

    A ``close_fraction`` of the training sentences are close ones (labels balanced within each part), so the
    models also learn from cues a few words back; the held-out sentences are all far.
    """
    rng = np.random.default_rng(seed)
    lecture = tuple(tokenize(LECTURE_SENTENCE))
    n_close = int(round(n_train * min(max(close_fraction, 0.0), 1.0)))
    far = make_split(rng, n_train - n_close, {lecture})
    close = make_split(rng, n_close, {lecture}, close=True)
    train = tuple(far[i] if i < len(far) else close[i - len(far)] for i in rng.permutation(n_train))
    seen = {lecture} | {ex.tokens for ex in train}
    heldout = make_split(rng, n_heldout, seen)
    by_distance = make_distance_set(rng, per_distance, seen | {ex.tokens for ex in heldout})
    assert not {ex.tokens for ex in train} & {ex.tokens for ex in heldout + by_distance}, "train and held-out overlap"
    return FluentData(train, heldout, by_distance)
