"""The trivial models a task's held-out score is compared with (``Task.baseline``), scored as the engine scores
the trained one (``rnn_core.engine.training.evaluate``): the share of scored outputs that are right (classes), or
within 0.1 of the target (numbers).

    majority:   always the class most frequent among the training targets
    last_value: y_t = x_t, repeat the input (the last value seen)
    zero:       y_t = 0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rnn_core.tasks.base import BASELINES, Example, Task

TOLERANCE = 0.1  # a number within this of its target counts as right, as in the engine's accuracy


def _scored(examples: Sequence[Example], loss: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """(inputs at the scored steps, targets there) of each example."""
    out = []
    for ex in examples:
        y = np.asarray(ex.targets)
        keep = (y >= 0) if loss == "ce" else np.isfinite(y.astype(float))
        out.append((np.asarray(ex.inputs)[keep], y[keep]))
    return out


def majority(task: Task) -> int:
    """The class most frequent among the training targets."""
    return int(np.bincount(np.concatenate([y for _, y in _scored(task.train, task.loss)]).astype(int)).argmax())


def predict(task: Task, inputs: np.ndarray, most: int | None = None) -> np.ndarray:
    """The baseline's outputs for the inputs of the scored steps (``most``: :func:`majority`, if already known)."""
    if task.baseline == "majority":
        return np.full(len(inputs), majority(task) if most is None else most)
    if task.baseline == "last_value":
        return np.asarray(inputs, dtype=float).reshape(len(inputs), -1)[:, 0]
    return np.zeros(len(inputs))


def score(task: Task, examples: Sequence[Example] | None = None) -> float:
    """The baseline's held-out score (default: on ``task.heldout``), in the engine's accuracy."""
    hits = n = 0
    most = majority(task) if task.baseline == "majority" else None  # once, not once per example
    for x, y in _scored(task.heldout if examples is None else examples, task.loss):
        if not len(y):
            continue
        guess = predict(task, x, most)
        hits += int(np.sum(guess == y) if task.loss == "ce" else np.sum(np.abs(guess - y.astype(float)) < TOLERANCE))
        n += len(y)
    return hits / max(n, 1)


def describe(task: Task) -> str:
    return BASELINES[task.baseline]
