"""Fixed window vs RNN on "Toulouse, France is where I did my post doctoral studies. I speak fluent ___".

Models, all trained with torch on the same sentences (:mod:`rnn_core.fluent_data`):

window-k (a feedforward net that sees only the last k words, ``<pad>`` before the start):
    z = [E[w_{T-k+1}]; ...; E[w_T]]                        # (k*D,)
    a = tanh(W_1 z + b_1)                                  # (M,)
    y = W_2 a + b_2,   p = softmax(y)                      # (L,)
rnn, lstm, gru (:class:`rnn_core.seqnet.SeqNet`, many-to-one):
    x_t = E[w_t],  h_t = f_W(h_{t-1}, x_t),  y = W_hy h_T + b_y,  p = softmax(y)

Sentences are right-padded in a batch and the logits are read at each
sentence's own last step, so the recurrent nets never see padding before their
answer: the numpy replay of the unpadded sentence gives the same numbers.
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
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import torch
from torch import nn

from rnn_core.fluent_data import (
    LANGUAGES,
    LECTURE_SENTENCE,
    PROMPT,
    VOCAB,
    Example,
    FluentData,
    Vocab,
    clues,
    expected_language,
    make_data,
    strip_blank,
    tokenize,
)
from rnn_core.readout import softmax
from rnn_core.seqnet import NumpyNet, SeqNet, to_numpy
from rnn_core.unroll import bptt

__all__ = [
    "LANGUAGES", "LECTURE_SENTENCE", "MAX_TOKENS", "RNN_KINDS", "Analysis", "DistanceCurve", "FluentDemo",
    "NumpyWindow", "Settings", "Tensors", "Verdict", "WindowNet", "fit", "model_seed", "predict_torch",
    "schedule", "to_tensors", "train_demo", "verdict", "window_ids", "window_to_numpy", "windows_of",
]

Progress = Callable[[float, str], None]
RNN_KINDS = ("rnn", "lstm", "gru")
MAX_TOKENS = 60


@dataclass(frozen=True)
class Settings:
    """Every hyperparameter in one place.

    ``forget_bias`` starts the LSTM's forget gate open (b_f = 2, so f ~ 0.88):
    with torch's default init it learns the long gap only on some seeds.
    ``word_dropout`` reads each word after the country as ``<unk>`` with this
    probability while training, so ``<unk>`` means "some word" to every model.
    ``threads`` is torch's thread count while training (1 is fastest for nets this small).
    The vanilla RNN gets its own schedule (``rnn_*``): four times as many, smaller Adam steps as the
    gated nets. With theirs it learns nothing and sits at chance at every distance; with this one it
    learns the short gaps and forgets over long ones, while the gated nets hold on with fewer steps.
    (Trained two to three times longer it can learn the long gaps too on some seeds: bench/fluent.py.)
    """

    embed_dim: int = 16
    units: int = 32
    window_hidden: int = 32
    epochs: int = 6
    window_epochs: int = 20
    batch_size: int = 128
    window_batch_size: int = 600
    lr: float = 0.02
    window_lr: float = 0.01
    rnn_epochs: int = 6
    rnn_batch_size: int = 32
    rnn_lr: float = 0.005
    clip: float = 1.0
    forget_bias: float = 2.0
    word_dropout: float = 0.05
    n_train: int = 2400
    n_heldout: int = 1200
    threads: int = 1


# window model ---------------------------------------------------------------------------------------------------------


class WindowNet(nn.Module):
    """The last ``k`` words' embeddings, concatenated, through one tanh layer: (B, k) ids -> (B, L) logits."""

    def __init__(self, k: int, vocab_size: int, embed_dim: int, hidden: int, output_dim: int):
        super().__init__()
        self.k = k
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.hidden = nn.Linear(k * embed_dim, hidden)
        self.head = nn.Linear(hidden, output_dim)

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        z = self.embed(windows).flatten(1)  # (B, k*D)
        return self.head(torch.tanh(self.hidden(z)))  # (B, L)


def window_ids(ids: Sequence[int], k: int, pad_id: int = VOCAB.pad_id) -> np.ndarray:
    """The last ``k`` ids, ``pad_id`` in front when the sentence is shorter: (T,) -> (k,)."""
    ids = np.asarray(ids, dtype=np.int64)[-k:] if k else np.zeros(0, np.int64)
    return np.concatenate([np.full(k - len(ids), pad_id, np.int64), ids])


@dataclass(frozen=True)
class WindowPass:
    x: np.ndarray  # (k, D) embeddings in the window
    a: np.ndarray  # (M,)
    probs: np.ndarray  # (L,)


@dataclass(frozen=True)
class NumpyWindow:
    """A WindowNet's weights as numpy arrays: ``E`` (V, D), ``W_1`` (M, k*D), ``W_2`` (L, M)."""

    k: int
    E: np.ndarray
    W_1: np.ndarray
    b_1: np.ndarray
    W_2: np.ndarray
    b_2: np.ndarray

    def forward(self, ids: Sequence[int]) -> WindowPass:
        x = self.E[window_ids(ids, self.k)]  # (k, D)
        a = np.tanh(self.W_1 @ x.reshape(-1) + self.b_1)  # (M,)
        return WindowPass(x, a, softmax(self.W_2 @ a + self.b_2))

    def input_grad(self, ids: Sequence[int], dy: np.ndarray) -> np.ndarray:
        """dL/dx for the window's k embeddings given dL/dy (L,): (k, D)."""
        f = self.forward(ids)
        da = self.W_2.T @ dy  # (M,)
        dz = self.W_1.T @ (da * (1.0 - f.a**2))  # (k*D,)
        return dz.reshape(self.k, -1)


def window_to_numpy(net: WindowNet) -> NumpyWindow:
    arr = lambda t: _frozen(t.detach().cpu().numpy().astype(np.float64))  # noqa: E731
    return NumpyWindow(net.k, arr(net.embed.weight), arr(net.hidden.weight), arr(net.hidden.bias),
                       arr(net.head.weight), arr(net.head.bias))


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _frozen_net(n: NumpyNet) -> NumpyNet:
    for a in (*n.params.arrays().values(), n.readout.W_hy, n.readout.b_y, n.E):
        a.setflags(write=False)
    return n


# data as tensors ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tensors:
    """Right-padded ids (N, T_max), lengths (N,), labels (N,), and which words word-dropout may replace (N, T_max)."""

    ids: np.ndarray
    lengths: np.ndarray
    labels: np.ndarray
    droppable: np.ndarray


def to_tensors(examples: Sequence[Example], vocab: Vocab = VOCAB) -> Tensors:
    N, T_max = len(examples), max(ex.T for ex in examples)
    ids = np.full((N, T_max), vocab.pad_id, np.int64)
    droppable = np.zeros((N, T_max), bool)
    for n, ex in enumerate(examples):
        ids[n, : ex.T] = ex.ids
        droppable[n, ex.country_index + 1 : ex.T] = True  # the cue (country, and city before it) is never dropped
    lengths = np.array([ex.T for ex in examples])
    return Tensors(ids, lengths, np.array([ex.label for ex in examples]), droppable)


def _dropped(data: Tensors, p: float, rng: np.random.Generator) -> np.ndarray:
    """Ids with each droppable word replaced by ``<unk>`` with probability p: (N, T_max)."""
    hit = data.droppable & (rng.random(data.ids.shape) < p)
    return np.where(hit, VOCAB.unk_id, data.ids)


def _length_batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar length: shuffle, sort within pools of 8 batches, split, shuffle the batches."""
    order = rng.permutation(len(lengths))
    pool = 8 * batch_size
    out = []
    for s in range(0, len(order), pool):
        chunk = order[s : s + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [out[i] for i in rng.permutation(len(out))]


def last_logits(net: SeqNet, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Logits at each sentence's own last step: right-padded (B, T) ids -> (B, L)."""
    logits, _ = net(ids[:, : int(lengths.max())])  # (B, T, L)
    return logits[torch.arange(len(ids)), lengths - 1]


# training -------------------------------------------------------------------------------------------------------------


def _make(name: str, s: Settings, seed: int) -> nn.Module:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if name in RNN_KINDS:
            net = SeqNet(name, s.embed_dim, s.units, len(LANGUAGES), encoding="embed", vocab_size=len(VOCAB))
            if name == "lstm":
                _open_forget_gate(net.cell, s.forget_bias)
            return net
        return WindowNet(window_k(name), len(VOCAB), s.embed_dim, s.window_hidden, len(LANGUAGES))


def _open_forget_gate(cell: nn.LSTM, value: float) -> None:
    """Start the LSTM remembering: forget-gate bias b_f = value (split over torch's two biases)."""
    H = cell.hidden_size
    with torch.no_grad():
        cell.bias_ih_l0[H : 2 * H] = value / 2
        cell.bias_hh_l0[H : 2 * H] = value / 2


def window_k(name: str) -> int:
    return int(name.removeprefix("window-"))


def windows_of(ids: np.ndarray, lengths: np.ndarray, k: int, pad_id: int = VOCAB.pad_id) -> np.ndarray:
    """:func:`window_ids` for each row of right-padded ids: (N, T_max) -> (N, k)."""
    at = lengths[:, None] - k + np.arange(k)  # (N, k) positions, < 0 before the start
    return np.where(at >= 0, np.take_along_axis(ids, at.clip(min=0), axis=1), pad_id)


def _logits(name: str, net: nn.Module, ids: np.ndarray, lengths: np.ndarray) -> torch.Tensor:
    if name in RNN_KINDS:
        return last_logits(net, torch.from_numpy(ids), torch.from_numpy(lengths))
    return net(torch.from_numpy(windows_of(ids, lengths, net.k)))


def schedule(name: str, s: Settings) -> tuple[int, float, int]:
    """(epochs, learning rate, batch size) for model ``name``."""
    if name == "rnn":
        return s.rnn_epochs, s.rnn_lr, s.rnn_batch_size
    if name in RNN_KINDS:
        return s.epochs, s.lr, s.batch_size
    return s.window_epochs, s.window_lr, s.window_batch_size


def fit(name: str, data: Tensors, s: Settings, seed: int, progress: Progress | None = None) -> nn.Module:
    """Train model ``name`` (a 'window-k' or an RNN kind) on ``data``; same seed, same weights.

    Minimises L = -(1/B) sum_b log softmax(y_b)[label_b] (y_b: the logits after
    the last word) with Adam, gradient norm clipped at ``s.clip``, word dropout
    redrawn each epoch. ``progress(fraction of this model, message)`` after each epoch.
    """
    net = _make(name, s, seed)
    rng = np.random.default_rng(seed)
    epochs, lr, B = schedule(name, s)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for epoch in range(epochs):
        ids = _dropped(data, s.word_dropout, rng)
        for b in _length_batches(data.lengths, B, rng):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(_logits(name, net, ids[b], data.lengths[b]),
                                               torch.from_numpy(data.labels[b]))
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), s.clip)
            opt.step()
        if progress:
            progress((epoch + 1) / epochs, f"{name}: epoch {epoch + 1}/{epochs}")
    return net.eval()


def predict_torch(name: str, net: nn.Module, examples: Sequence[Example]) -> np.ndarray:
    """Class probabilities from torch for many sentences at once (right-padded, read at each last word): (N, L)."""
    data = to_tensors(examples)
    with torch.no_grad():
        return torch.softmax(_logits(name, net, data.ids, data.lengths), -1).double().numpy()


# results --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistanceCurve:
    """Accuracy against the number of words between the country and the blank, on sentences never trained on.

    Computed with torch in batches; the tests show torch and the numpy replay agree to 1e-5.
    """

    distances: np.ndarray  # (K,)
    accuracy: np.ndarray  # (K,)
    counts: np.ndarray  # (K,)

    def between(self, lo: int, hi: int) -> float:
        """Accuracy over all sentences with the country lo..hi words back (NaN if there are none)."""
        keep = (self.distances >= lo) & (self.distances <= hi)
        n = self.counts[keep].sum()
        return float((self.accuracy[keep] * self.counts[keep]).sum() / n) if n else float("nan")


def distance_curve(correct: np.ndarray, distances: np.ndarray) -> DistanceCurve:
    ds = np.unique(distances)
    return DistanceCurve(ds, np.array([correct[distances == d].mean() for d in ds]),
                         np.array([(distances == d).sum() for d in ds]))


@dataclass(frozen=True)
class Analysis:
    """What the models make of a person's sentence.

    ``tokens`` are the words the models read (case kept), ``ids`` their ids,
    ``unknown[t]`` whether word t is outside the vocabulary (read as ``<unk>``),
    ``predictions`` maps model name -> {language: probability} and is empty when
    there is nothing to read; ``message`` says, in words, anything a person
    should know (empty input, unknown words, a dropped trailing blank, a
    sentence cut to its last MAX_TOKENS words, a sentence not ending in
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
class Verdict:
    """A model's answer in plain words.

    ``kind`` is 'shrug', 'right', 'wrong' or 'answer' (no clue to judge by); ``text`` a sentence to put
    after the model's name ("says French (100%): right."); ``tag`` one or two words for a chart.
    """

    kind: str
    language: str
    p: float
    text: str

    @property
    def tag(self) -> str:
        return "shrugs" if self.kind == "shrug" else self.language


def verdict(probs: Mapping[str, float], expected: str | None, chance: float) -> Verdict:
    """Judge one prediction: a shrug if no language reaches twice chance, else right or wrong against ``expected``."""
    language = max(probs, key=probs.get)
    p = float(probs[language])
    said = f"says {language} ({p:.0%}{', unsure' if p < 0.5 else ''})"
    if p < 2 * chance:
        return Verdict("shrug", language, p, f"shrugs: no language gets more than {p:.0%}, about what guessing "
                                             f"one of {round(1 / chance)} gives ({chance:.1%}).")
    if expected is None:
        return Verdict("answer", language, p, f"{said}.")
    if language == expected:
        return Verdict("right", language, p, f"{said}: right.")
    return Verdict("wrong", language, p, f"{said}: wrong, the clue points to {expected}.")


def _message(tokens: Sequence[str], unknown: Sequence[str], blank: bool, cut: int) -> str:
    if not tokens:
        return "Type a sentence: there are no words to read yet."
    parts = []
    if blank:
        parts.append("The blank at the end is what the models fill in, so it is not read as a word.")
    if cut:
        parts.append(f"The sentence is long: the models read only its last {MAX_TOKENS} words ({cut} dropped).")
    if unknown:
        distinct = list(dict.fromkeys(unknown))
        shown = ", ".join(f"'{w}'" for w in distinct[:10]) + (f" and {len(distinct) - 10} more" if len(distinct) > 10
                                                              else "")
        parts.append(f"Not in the vocabulary, read as <unk>: {shown}.")
    if [w.lower() for w in tokens[-3:]] != [w.lower() for w in PROMPT]:
        parts.append("The models were trained on sentences ending in 'I speak fluent'; they answer anyway.")
    return " ".join(parts)


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
        return tuple(window_k(m) for m in self.models if m not in RNN_KINDS)

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

    def read(self, sentence) -> tuple[tuple[str, ...], np.ndarray, str, int]:
        """What the models read: tokens (at most MAX_TOKENS, the last ones), their ids (T,), a message, words cut."""
        text, blank = strip_blank("" if sentence is None else str(sentence))
        tokens = tokenize(text)
        cut = max(len(tokens) - MAX_TOKENS, 0)
        tokens = tokens[cut:]
        ids = self.vocab.encode(tokens)
        unknown = [w for w, i in zip(tokens, ids, strict=True) if i == self.vocab.unk_id]
        return tuple(tokens), ids, _message(tokens, unknown, blank, cut), cut

    def probs(self, name: str, ids: Sequence[int]) -> np.ndarray:
        """p (L,) of model ``name`` for one sentence of ids (T >= 1), from the numpy nets (the replay for RNNs)."""
        net = self.numpy_net(name)
        if isinstance(net, NumpyWindow):
            return net.forward(ids).probs
        return softmax(net.replay(ids).logits[-1])

    def analyse(self, sentence: str) -> Analysis:
        """Read ``sentence`` and run every model on it; never raises (see :class:`Analysis`)."""
        tokens, ids, message, cut = self.read(sentence)
        predictions = {}
        if len(ids):
            for m in self.models:
                predictions[m] = dict(zip(self.languages, map(float, self.probs(m, ids)), strict=True))
        unknown = tuple(bool(i == self.vocab.unk_id) for i in ids)
        return Analysis("" if sentence is None else str(sentence), tokens, ids, unknown, predictions, message, cut > 0,
                        clues(tokens), expected_language(tokens))

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
        _, ids, _, _ = self.read(sentence)
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
            g = net.input_grad(ids, dy)  # (k, D)
            dx = np.zeros((len(ids), g.shape[1]))  # (T, D)
            n = min(net.k, len(ids))
            if n:
                dx[-n:] = g[net.k - n :]
            return dx
        r = net.replay(ids)
        dL_dh = np.zeros_like(r.trace.h)  # (T, H)
        dL_dh[-1] = net.readout.W_hy.T @ dy
        return bptt(net.params, r.trace, dL_dh).dx


# training everything --------------------------------------------------------------------------------------------------


def model_seed(seed: int, name: str) -> int:
    """Each model's own seed, from the demo seed and its name alone."""
    return int(np.random.SeedSequence([seed, zlib.crc32(name.encode())]).generate_state(1)[0])


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


def train_demo(seed: int = 0, window_sizes: Sequence[int] = (1, 2, 3, 4, 5, 6, 7, 8), progress: Progress | None = None,
               settings: Settings | None = None) -> FluentDemo:
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
    names = (*(f"window-{k}" for k in window_sizes), *RNN_KINDS)
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
    numpy_nets = {m: (_frozen_net(to_numpy(nets[m])) if m in RNN_KINDS else window_to_numpy(nets[m])) for m in names}
    if progress:
        progress(1.0, "Done")
    ro = MappingProxyType
    return FluentDemo(
        seed, s, data, names,
        accuracy=ro({m: float(correct[m].mean()) for m in names}),
        by_distance=ro({m: distance_curve(correct_d[m], distances) for m in names}),
        n_params=ro({m: _count(nets[m]) for m in names}),
        train_seconds=ro(seconds),
        total_seconds=time.perf_counter() - t_start,
        _torch=ro(nets),
        _numpy=ro(numpy_nets),
    )
