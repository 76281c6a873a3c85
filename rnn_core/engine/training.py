"""Train a SeqNet on a task with torch: the engine behind every model the app shows.

Class tasks minimise the mean cross-entropy over scored steps,
L = -(1/N) sum_t log softmax(y_t)[target_t]; regression tasks the mean squared
error (1/N) sum_t (y_t - target_t)^2. Initial weights come from ``seed`` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from rnn_core.cnn import split_kind
from rnn_core.engine.init import generator, seeded
from rnn_core.engine.modules import SeqNet, WindowNet
from rnn_core.engine.step import Progress, optimiser_step
from rnn_core.tasks import Example, Task
from rnn_core.window import window_size


def make_net(task: Task, kind: str, units: int, seed: int, init_scale: float | None = None) -> SeqNet | WindowNet:
    """A fresh SeqNet for ``task``: torch's default init under ``seed``, or Uniform(-s, s) with s = init_scale.
    ``kind`` 'window-k': a WindowNet over the last k inputs (torch's default init; ``init_scale`` is for cells)."""
    if (k := window_size(kind)) is not None:
        return seeded(
            lambda: WindowNet(k, task.input_dim, units, task.output_dim, task.encoding, task.vocab_size), seed
        )
    cell, enc = split_kind(kind)  # 'gru-cnn': a GRU reading a CNN's output (tasks with an image in each input)
    shape = task.image_shape if enc == "cnn" else None
    if enc == "cnn" and shape is None:
        raise ValueError(f"{task.id} has no images for a CNN to read")
    net = seeded(
        lambda: SeqNet(cell, task.input_dim, units, task.output_dim, task.encoding, task.vocab_size, shape), seed
    )
    if init_scale is not None:
        g = generator(seed)
        with torch.no_grad():
            for p in net.cell.parameters():
                p.copy_(torch.rand(p.shape, generator=g, dtype=p.dtype) * 2 * init_scale - init_scale)
    return net


@dataclass(frozen=True)
class Batch:
    inputs: torch.Tensor  # (B, T) long or (B, T, D) float
    targets: torch.Tensor  # (B, T) long (-1: none) or float (NaN: none)


def batches(task: Task, examples: Sequence[Example]) -> list[Batch]:
    """Examples grouped by length so no sequence is ever padded: the net sees exactly what the replay sees."""
    by_len: dict[int, list[Example]] = {}
    for ex in examples:
        by_len.setdefault(ex.T, []).append(ex)
    out = []
    for T in sorted(by_len):
        group = by_len[T]
        dtype = torch.long if task.encoding in ("onehot", "embed") else torch.float32
        inputs = torch.tensor(np.stack([ex.inputs for ex in group]), dtype=dtype)
        tdtype = torch.long if task.loss == "ce" else torch.float32
        out.append(Batch(inputs, torch.tensor(np.stack([ex.targets for ex in group]), dtype=tdtype)))
    return out


def loss_and_hits(task: Task, net: SeqNet, batch: Batch) -> tuple[torch.Tensor, int, int]:
    """Mean loss over scored steps, number of correct outputs, number of scored outputs."""
    logits, _ = net(batch.inputs)  # (B, T, O)
    if task.loss == "ce":
        mask = batch.targets >= 0
        y, tgt = logits[mask], batch.targets[mask]
        loss = torch.nn.functional.cross_entropy(y, tgt)
        hits = int((y.argmax(-1) == tgt).sum())
    else:
        mask = ~torch.isnan(batch.targets)
        y, tgt = logits[..., 0][mask], batch.targets[mask]
        loss = torch.nn.functional.mse_loss(y, tgt)
        hits = int(((y - tgt).abs() < 0.1).sum())
    return loss, hits, int(mask.sum())


def backward_mean(task: Task, net: SeqNet, train: Sequence[Batch]) -> float:
    """Back-propagate the mean of the batches' losses (dL/dW accumulates in the parameters); returns that mean."""
    total = 0.0
    for b in train:
        loss, _, _ = loss_and_hits(task, net, b)
        (loss / len(train)).backward()
        total += loss.item() / len(train)
    return total


def evaluate(task: Task, net: SeqNet, examples: Sequence[Example]) -> tuple[float, float]:
    """(mean loss, accuracy) over ``examples``; accuracy for regression is the share within 0.1 of the target."""
    total, hits, n = 0.0, 0, 0
    with torch.no_grad():
        for b in batches(task, examples):
            loss, h, k = loss_and_hits(task, net, b)
            total, hits, n = total + loss.item() * k, hits + h, n + k
    return total / max(n, 1), hits / max(n, 1)


@dataclass
class FitResult:
    net: SeqNet
    losses: list[float]
    accuracy: float


def fit(
    task: Task, kind: str, units: int, seed: int = 0, steps: int | None = None, progress: Progress | None = None
) -> FitResult:
    """Full-batch Adam on ``task.train`` for ``steps`` steps (the task's default), gradient norm clipped at 1."""
    net = make_net(task, kind, units, seed)
    opt = torch.optim.Adam(net.parameters(), lr=task.lr)
    train = batches(task, task.train)
    steps = task.steps if steps is None else steps
    losses = []
    for step in range(steps):
        losses.append(optimiser_step(opt, lambda: backward_mean(task, net, train), clip=1.0).loss)
        if progress and (step % 20 == 0 or step == steps - 1):
            progress((step + 1) / steps, f"Training {kind.upper()} on {task.title}: step {step + 1}/{steps}")
    net.eval()
    return FitResult(net, losses, evaluate(task, net, task.heldout)[1])
