"""Trained models ready for display: torch trains, and only the numpy weights are kept, frozen (read-only).

A task names its training recipe (``Task.recipe``); :data:`RECIPES` maps each name to the function that
trains a fresh torch model for (task, kind, units, seed, progress).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from rnn_core.engine import sentences
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.freeze import freeze
from rnn_core.engine.step import Progress
from rnn_core.engine.threads import one_thread
from rnn_core.engine.training import evaluate, fit
from rnn_core.net import NumpyNet
from rnn_core.tasks import Task
from rnn_core.tasks.words import words_data


@dataclass(frozen=True)
class Trained:
    task_id: str
    kind: str
    units: int
    seed: int
    net: NumpyNet
    losses: tuple[float, ...]
    accuracy: float  # on the task's held-out examples


def _fit_seqnet(task: Task, kind: str, units: int, seed: int, progress: Progress | None) -> tuple[nn.Module, tuple]:
    r = fit(task, kind, units, seed, progress=progress)
    return r.net, tuple(r.losses)


def _fit_sentences(task: Task, kind: str, units: int, seed: int, progress: Progress | None) -> tuple[nn.Module, tuple]:
    data = sentences.to_tensors(words_data().train)
    return sentences.fit(kind, data, sentences.Settings(units=units), seed, progress), ()


RECIPES: dict[str, Callable[..., tuple[nn.Module, tuple]]] = {"seqnet": _fit_seqnet, "sentences": _fit_sentences}


def train(task: Task, kind: str, units: int, seed: int, progress: Progress | None = None) -> Trained:
    """Train ``kind`` on ``task`` by the task's recipe, on one torch thread, and freeze it for display."""
    with one_thread():
        net, losses = RECIPES[task.recipe](task, kind, units, seed, progress)
        accuracy = evaluate(task, net, task.heldout)[1]
    return Trained(task.id, kind, units, seed, freeze(to_numpy(net)), losses, accuracy)
