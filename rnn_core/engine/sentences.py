"""The training recipe for sentences read word by word ("I speak fluent ___"): the /window page's models and
the explorer's words task.

Models, all trained with torch on the same sentences (:mod:`rnn_core.tasks.fluent_data`):
    'window-k'          :class:`WindowNet`, the last k words (``<pad>`` before the start)
    'rnn', 'lstm', 'gru' :class:`SeqNet`, many-to-one: y = W_hy h_T + b_y after the last word
Loss L = -(1/B) sum_b log softmax(y_b)[label_b], Adam, gradient norm clipped, word dropout redrawn each epoch.

Sentences are right-padded in a batch and the logits are read at each sentence's own last step, so the
recurrent nets never see padding before their answer: the numpy replay of the unpadded sentence gives the
same numbers.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from rnn_core.engine.init import seeded
from rnn_core.engine.modules import SeqNet, WindowNet
from rnn_core.engine.step import Progress, optimiser_step
from rnn_core.params import KINDS
from rnn_core.tasks.fluent_data import LANGUAGES, VOCAB, Example, Vocab
from rnn_core.window import window_size, windows_of

RNN_KINDS = KINDS


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


def model_seed(seed: int, name: str) -> int:
    """Each model's own seed, from the seed a page names and the model's name alone: /window's models and the
    explorer's words task share it, so the same seed gives the same model on both pages."""
    return int(np.random.SeedSequence([seed, zlib.crc32(name.encode())]).generate_state(1)[0])


def make_model(name: str, s: Settings, seed: int) -> nn.Module:
    """A fresh model ``name`` ('window-k' or an RNN kind) under ``seed``."""
    if name in RNN_KINDS:
        net = seeded(lambda: SeqNet(name, s.embed_dim, s.units, len(LANGUAGES), "embed", len(VOCAB)), seed)
        if name == "lstm":
            _open_forget_gate(net.cell, s.forget_bias)
        return net
    k = window_size(name)
    return seeded(lambda: WindowNet(k, s.embed_dim, s.window_hidden, len(LANGUAGES), "embed", len(VOCAB)), seed)


def _open_forget_gate(cell: nn.LSTM, value: float) -> None:
    """Start the LSTM remembering: forget-gate bias b_f = value (split over torch's two biases)."""
    H = cell.hidden_size
    with torch.no_grad():
        cell.bias_ih_l0[H : 2 * H] = value / 2
        cell.bias_hh_l0[H : 2 * H] = value / 2


def logits_of(name: str, net: nn.Module, ids: np.ndarray, lengths: np.ndarray) -> torch.Tensor:
    """Model ``name``'s logits after each sentence's last word: (N, T_max) right-padded ids -> (N, L)."""
    if name in RNN_KINDS:
        return last_logits(net, torch.from_numpy(ids), torch.from_numpy(lengths))
    return net.last(torch.from_numpy(windows_of(ids, lengths, net.k, VOCAB.pad_id)))


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
    net = make_model(name, s, seed)
    rng = np.random.default_rng(seed)
    epochs, lr, B = schedule(name, s)
    opt = torch.optim.Adam(net.parameters(), lr=lr)

    def backward(ids: np.ndarray, b: np.ndarray) -> float:
        loss = nn.functional.cross_entropy(
            logits_of(name, net, ids[b], data.lengths[b]), torch.from_numpy(data.labels[b])
        )
        loss.backward()
        return loss.item()

    for epoch in range(epochs):
        ids = _dropped(data, s.word_dropout, rng)
        for b in _length_batches(data.lengths, B, rng):
            optimiser_step(opt, lambda ids=ids, b=b: backward(ids, b), clip=s.clip)
        if progress:
            progress((epoch + 1) / epochs, f"{name}: epoch {epoch + 1}/{epochs}")
    return net.eval()


def predict_torch(name: str, net: nn.Module, examples: Sequence[Example]) -> np.ndarray:
    """Class probabilities from torch for many sentences at once (right-padded, read at each last word): (N, L)."""
    data = to_tensors(examples)
    with torch.no_grad():
        return torch.softmax(logits_of(name, net, data.ids, data.lengths), -1).double().numpy()
