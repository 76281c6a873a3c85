"""Trained models ready for display: torch trains, and only the numpy weights are kept (read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from rnn_core.seqnet import NumpyNet, to_numpy
from rnn_core.tasks import Task
from rnn_core.threads import one_thread
from rnn_core.training import Progress, evaluate, fit


@dataclass(frozen=True)
class Trained:
    task_id: str
    kind: str
    units: int
    seed: int
    net: NumpyNet
    losses: tuple[float, ...]
    accuracy: float  # on the task's held-out examples


def freeze(net: NumpyNet) -> NumpyNet:
    """Make every array read-only, so a model shared across sessions cannot be changed by one of them."""
    arrays = [*net.params.arrays().values(), net.readout.W_hy, net.readout.b_y]
    if net.E is not None:
        arrays.append(net.E)
    for a in arrays:
        a.setflags(write=False)
    return net


def train(task: Task, kind: str, units: int, seed: int, progress: Progress | None = None) -> Trained:
    """The task's own training recipe if it has one, else :func:`rnn_core.training.fit`; on one torch thread."""
    with one_thread():
        return _train(task, kind, units, seed, progress)


def _train(task: Task, kind: str, units: int, seed: int, progress: Progress | None) -> Trained:
    if task.fit is not None:
        net = task.fit(kind, units, seed, progress)
        return Trained(task.id, kind, units, seed, freeze(to_numpy(net)), (), evaluate(task, net, task.heldout)[1])
    r = fit(task, kind, units, seed, progress=progress)
    return Trained(task.id, kind, units, seed, freeze(to_numpy(r.net)), tuple(r.losses), r.accuracy)
