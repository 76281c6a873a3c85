"""Fixed window vs RNN on "Toulouse, France is where I did my post doctoral studies. I speak fluent ___".

:func:`train_demo` trains a window-k feedforward model for each k and a vanilla RNN, an LSTM and a GRU on the
same sentences (the recipe is :mod:`rnn_core.engine.sentences`), scores them on held-out sentences and
against distance, and returns a read-only :class:`FluentDemo` the /window page asks everything of.

Every probability and saliency the demo reports is computed in numpy (the
replay for the recurrent nets); torch is the engine and the referee.

Saliency of word t for language c: ||dp_c / dx_t|| with x_t the word's
embedding, scaled so the largest is 1. For the recurrent nets the gradient is
exact BPTT in the numpy core: dp_c/dy = p_c (e_c - p), dL/dh_T = W_hy^T dy,
then :func:`rnn_core.unroll.bptt` gives dx_t.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from types import MappingProxyType

import numpy as np
import torch
from torch import nn

from rnn_core.engine import stored
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.freeze import freeze
from rnn_core.engine.sentences import (
    RNN_KINDS,
    Settings,
    fit,
    make_model,
    model_seed,
    predict_torch,
    schedule,
    to_tensors,
)
from rnn_core.engine.step import Progress
from rnn_core.experiments.distance import DistanceCurve, distance_curve
from rnn_core.net import NumpyNet
from rnn_core.readout import softmax
from rnn_core.tasks.fluent_data import (
    LANGUAGES,
    LECTURE_SENTENCE,
    VOCAB,
    Example,
    FluentData,
    Vocab,
    clues,
    expected_language,
    make_data,
)
from rnn_core.tasks.words import MAX_TOKENS, read_sentence
from rnn_core.unroll import bptt
from rnn_core.window import K_CHOICES, NumpyWindow, window_kind, window_size

__all__ = [
    "LANGUAGES",
    "LECTURE_SENTENCE",
    "MAX_TOKENS",
    "RNN_KINDS",
    "Analysis",
    "FluentDemo",
    "model_seed",
    "train_demo",
]


@dataclass(frozen=True)
class Analysis:
    """What the models make of a person's sentence.

    ``tokens`` are the words the models read (case kept), ``ids`` their ids,
    ``unknown[t]`` whether word t is outside the vocabulary (read as ``<unk>``),
    ``predictions`` maps model name -> {language: probability} and is empty when
    there is nothing to read; ``message`` says, in words, anything a person
    should know (empty input, unknown words, a dropped trailing blank, a
    sentence cut to its last MAX_TOKENS words; :attr:`Reading.message`, a sentence not ending in
    "I speak fluent"). ``clues`` are the positions of words naming a country or
    one of its cities, ``expected`` the language they point to (None if none or
    several).
    """

    sentence: str
    tokens: tuple[str, ...]
    ids: np.ndarray  # (T,)
    unknown: tuple[bool, ...]
    predictions: dict[str, dict[str, float]]
    message: str
    truncated: bool = False
    clues: tuple[int, ...] = ()
    expected: str | None = None

    @property
    def unknown_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for w, u in zip(self.tokens, self.unknown, strict=True) if u))

    @property
    def distance(self) -> int | None:
        """Words between the last clue and the blank (as :attr:`Example.distance`), None without a clue."""
        return len(self.tokens) - 1 - self.clues[-1] if self.clues else None


@dataclass(frozen=True)
class FluentDemo:
    """Trained models and everything the page shows about them.

    Read-only and safe to share between sessions and threads: nothing mutates
    it after :func:`train_demo`; the numpy weights are write-protected, the
    result tables are read-only mappings, and :meth:`torch_net` hands out copies.

    ``models``         names: 'window-k' for each trained k, then 'rnn', 'lstm', 'gru'
    ``accuracy``       model -> held-out accuracy
    ``by_distance``    model -> :class:`DistanceCurve` on ``data.by_distance``
                       (distances MIN_CLOSE_DISTANCE..MAX_DISTANCE)
    ``chance``         1 / number of languages (labels are balanced)
    ``n_params``       model -> number of trained parameters (a window model's grows with k)
    ``train_seconds``  model -> wall time to train it; ``total_seconds`` the whole of :func:`train_demo`
    """

    seed: int
    settings: Settings
    data: FluentData
    models: tuple[str, ...]
    accuracy: Mapping[str, float]
    by_distance: Mapping[str, DistanceCurve]
    n_params: Mapping[str, int]
    train_seconds: Mapping[str, float]
    total_seconds: float
    _torch: Mapping[str, nn.Module] = field(repr=False)
    _numpy: Mapping[str, NumpyNet | NumpyWindow] = field(repr=False)
    languages: tuple[str, ...] = LANGUAGES
    vocab: Vocab = VOCAB
    lecture_sentence: str = LECTURE_SENTENCE

    @property
    def chance(self) -> float:
        return 1.0 / len(self.languages)

    @property
    def window_sizes(self) -> tuple[int, ...]:
        return tuple(window_size(m) for m in self.models if m not in RNN_KINDS)

    @property
    def params_per_window_word(self) -> int:
        """Weights a window model gains per extra word: one D x M block of W_1 (embedding D, hidden M)."""
        return self.settings.embed_dim * self.settings.window_hidden

    @property
    def best_gated(self) -> str:
        """The gated RNN ('lstm' or 'gru') with the higher held-out accuracy."""
        return max(("gru", "lstm"), key=lambda m: self.accuracy[m])

    def numpy_net(self, name: str) -> NumpyNet | NumpyWindow:
        """Numpy weights: 'rnn', 'lstm', 'gru' -> :class:`NumpyNet` (``.replay(ids)``); 'window-k' -> NumpyWindow."""
        return self._numpy[self._check(name)]

    def torch_net(self, name: str) -> nn.Module:
        """A private copy of a trained torch model (the shared one is never handed out)."""
        return copy.deepcopy(self._torch[self._check(name)])

    def _check(self, name: str) -> str:
        if name not in self._numpy:
            raise ValueError(f"unknown model {name!r}; expected one of {self.models}")
        return name

    def probs(self, name: str, ids: Sequence[int]) -> np.ndarray:
        """p (L,) of model ``name`` for one sentence of ids (T >= 1), from the numpy nets (the replay for RNNs)."""
        net = self.numpy_net(name)
        if isinstance(net, NumpyWindow):
            return net.last(ids, VOCAB.pad_id).probs
        return softmax(net.replay(ids).logits[-1])

    def analyse(self, sentence: str) -> Analysis:
        """Read ``sentence`` and run every model on it; never raises (see :class:`Analysis`)."""
        r = read_sentence(sentence)
        predictions = {}
        if len(r.ids):
            for m in self.models:
                predictions[m] = dict(zip(self.languages, map(float, self.probs(m, r.ids)), strict=True))
        return Analysis(
            "" if sentence is None else str(sentence),
            r.tokens,
            r.ids,
            r.unknown,
            predictions,
            r.message,
            r.cut > 0,
            clues(r.tokens),
            expected_language(r.tokens),
        )

    def predict(self, sentence: str) -> dict[str, dict[str, float]]:
        """model -> {language: probability} for the word after ``sentence``; {} when it has no words.

        Accepts any string and never raises: words outside the vocabulary, emoji
        and stray symbols are read as ``<unk>``; a trailing blank ("___") is
        dropped; only the last MAX_TOKENS words are read. :meth:`analyse` gives
        the same predictions with the tokens, which are unknown, and a message
        saying which of these happened ("Type a sentence..." when empty).
        """
        return self.analyse(sentence).predictions

    def saliency(self, sentence: str, name: str, language: str | None = None) -> np.ndarray:
        """||dp_c/dx_t|| for each word t the models read (the tokens of :meth:`analyse`), max scaled to 1: (T,).

        ``language`` c defaults to the model's own top answer. A window model
        gives 0 to every word outside its last k. All zeros if the gradient
        vanishes; shape (0,) for a sentence with no words. Raises ValueError
        for an unknown model or language name.
        """
        self._check(name)
        c = None if language is None else self._language_index(language)
        ids = read_sentence(sentence).ids
        if not len(ids):
            return np.zeros(0)
        p = self.probs(name, ids)  # (L,)
        c = int(np.argmax(p)) if c is None else c
        dy = p[c] * (np.eye(len(p))[c] - p)  # (L,) dp_c/dy
        s = np.linalg.norm(self.input_grad(name, ids, dy), axis=1)  # (T,)
        return s / s.max() if s.max() > 0 else s

    def _language_index(self, language: str) -> int:
        lower = [lang.lower() for lang in self.languages]
        if str(language).lower() not in lower:
            raise ValueError(f"unknown language {language!r}; expected one of {self.languages}")
        return lower.index(str(language).lower())

    def input_grad(self, name: str, ids: Sequence[int], dy: np.ndarray) -> np.ndarray:
        """dL/dx_t for every word's embedding given dL/dy (L,) at the answer, in numpy: (T, D)."""
        net = self.numpy_net(name)
        ids = np.asarray(ids, dtype=np.int64)
        if isinstance(net, NumpyWindow):
            g = net.input_grad(ids, dy, VOCAB.pad_id)  # (k, D)
            dx = np.zeros((len(ids), g.shape[1]))  # (T, D)
            n = min(net.k, len(ids))
            if n:
                dx[-n:] = g[net.k - n :]
            return dx
        r = net.replay(ids)
        dL_dh = np.zeros_like(r.trace.h)  # (T, H)
        dL_dh[-1] = net.readout.W_hy.T @ dy
        return bptt(net.params, r.trace, dL_dh).dx


# training everything ------------------------------------------------------------------------------------------


def _correct(name: str, net: nn.Module, examples: Sequence[Example]) -> np.ndarray:
    return predict_torch(name, net, examples).argmax(1) == np.array([ex.label for ex in examples])  # (N,)


def _count(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


def _cost(name: str, s: Settings) -> float:
    """Rough relative training cost, for the progress bar."""
    epochs, _, _ = schedule(name, s)
    return {"rnn": 1.0, "lstm": 1.6, "gru": 2.0}.get(name, 0.2 / epochs) * epochs


def _warm_up() -> None:
    """torch imports much of itself on the first optimiser; pay that before the clock starts for a model."""
    torch.optim.Adam([nn.Parameter(torch.zeros(1))])


def train_demo(
    seed: int = 0,
    window_sizes: Sequence[int] = K_CHOICES,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> FluentDemo:
    """Make the data, train 'window-k' for each k in ``window_sizes`` and 'rnn', 'lstm', 'gru' on it, and score
    them on the held-out and by-distance sets; same seed, same data, same models.

    ``progress(fraction, message)`` is called after every epoch of every model, fraction rising to 1.0.
    torch's thread count is ``settings.threads`` while training, restored after;
    the global torch RNG is left as it was. About 4-5 s on one core (bench/fluent.py).
    """
    t_start = time.perf_counter()
    s = settings or Settings()
    window_sizes = sorted({int(k) for k in window_sizes})
    if any(k < 1 for k in window_sizes):
        raise ValueError(f"window sizes must be >= 1, got {window_sizes}")
    data = make_data(seed, s.n_train, s.n_heldout)
    train = to_tensors(data.train)
    names = (*(window_kind(k) for k in window_sizes), *RNN_KINDS)
    costs = {m: _cost(m, s) for m in names}
    total, done = sum(costs.values()), 0.0
    nets, seconds = {}, {}
    threads = torch.get_num_threads()
    torch.set_num_threads(s.threads)
    try:
        _warm_up()
        for m in names:
            report = None
            if progress:

                def report(f, msg, m=m, done=done):
                    progress(min((done + f * costs[m]) / total, 1.0), f"Training {msg}")

            t0 = time.perf_counter()
            nets[m] = fit(m, train, s, model_seed(seed, m), report)
            seconds[m] = time.perf_counter() - t0
            done += costs[m]
        correct = {m: _correct(m, nets[m], data.heldout) for m in names}
        correct_d = {m: _correct(m, nets[m], data.by_distance) for m in names}
    finally:
        torch.set_num_threads(threads)
    distances = np.array([ex.distance for ex in data.by_distance])
    if progress:
        progress(1.0, "Done")
    return _assemble(
        seed,
        s,
        data,
        nets,
        accuracy={m: float(correct[m].mean()) for m in names},
        by_distance={m: distance_curve(correct_d[m], distances) for m in names},
        seconds=seconds,
        total=time.perf_counter() - t_start,
    )


def _assemble(
    seed: int,
    s: Settings,
    data: FluentData,
    nets: Mapping[str, nn.Module],
    accuracy,
    by_distance,
    seconds,
    total: float,
) -> FluentDemo:
    """The read-only demo from trained torch nets and their scores."""
    names = tuple(nets)
    numpy_nets = {m: freeze(to_numpy(nets[m])) for m in names}
    ro = MappingProxyType
    return FluentDemo(
        seed,
        s,
        data,
        names,
        accuracy=ro(dict(accuracy)),
        by_distance=ro({m: freeze(c) for m, c in by_distance.items()}),
        n_params=ro({m: _count(nets[m]) for m in names}),
        train_seconds=ro(dict(seconds)),
        total_seconds=total,
        _torch=ro(dict(nets)),
        _numpy=ro(numpy_nets),
    )


# stored in the repository ---------------------------------------------------------------------------------------


def recipe(seed: int, window_sizes: Sequence[int] = K_CHOICES, settings: Settings | None = None) -> dict:
    """Everything that fixes the demo's models besides the data: what a stored file must match."""
    return {
        "seed": seed,
        "window_sizes": sorted({int(k) for k in window_sizes}),
        "settings": asdict(settings or Settings()),
    }


def data_version(data: FluentData) -> str:
    """A hash of every sentence the demo trains and scores on, with its label."""
    return stored.fingerprint(*(np.append(ex.ids, ex.label) for ex in (*data.train, *data.heldout, *data.by_distance)))


def stored_name(seed: int) -> str:
    return f"window-demo-{seed}"


def save_demo(d: FluentDemo, folder=stored.MODELS) -> None:
    arrays = {}
    for m in d.models:
        arrays |= {f"{m}/{k}": v.numpy() for k, v in d._torch[m].state_dict().items()}
        c = d.by_distance[m]
        arrays |= {
            f"{m}/by_distance/distances": c.distances,
            f"{m}/by_distance/accuracy": c.accuracy,
            f"{m}/by_distance/counts": c.counts,
        }
    meta = {
        "recipe": recipe(d.seed, d.window_sizes, d.settings),
        "data_version": data_version(d.data),
        "heldout_accuracy": dict(d.accuracy),
        "train_seconds": dict(d.train_seconds),
        "total_seconds": d.total_seconds,
    }
    stored.save(stored_name(d.seed), arrays, meta, folder)


def load_demo(
    seed: int, window_sizes: Sequence[int] = K_CHOICES, settings: Settings | None = None, folder=stored.MODELS
) -> FluentDemo | None:
    """The stored demo for exactly this recipe, or None."""
    s = settings or Settings()
    found = stored.load(stored_name(seed), recipe(seed, window_sizes, s), folder)
    if found is None:
        return None
    a, meta = found
    names = (*(window_kind(k) for k in sorted(set(window_sizes))), *RNN_KINDS)
    nets = {}
    for m in names:
        net = make_model(m, s, model_seed(seed, m))
        net.load_state_dict({k: torch.from_numpy(a[f"{m}/{k}"]) for k in net.state_dict()})
        nets[m] = net.eval()
    curves = {
        m: DistanceCurve(*(a[f"{m}/by_distance/{k}"] for k in ("distances", "accuracy", "counts"))) for m in names
    }
    data = make_data(seed, s.n_train, s.n_heldout)
    return _assemble(
        seed, s, data, nets, meta["heldout_accuracy"], curves, meta["train_seconds"], meta["total_seconds"]
    )


def demo(seed: int = 0, progress: Progress | None = None) -> FluentDemo:
    """What /window shows: the stored demo when the repository has one for this seed, else :func:`train_demo`."""
    if progress:
        progress(0.05, "Loading the trained models…")
    return load_demo(seed) or train_demo(seed, progress=progress)
