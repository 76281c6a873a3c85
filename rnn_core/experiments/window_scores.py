"""Which network does a task need? A fixed window of k inputs against the RNN, LSTM and GRU, on the task's own
held-out data, with chance and the trivial baseline beside them.

The scores are the stored explorer models' (``models/``: the task's default units, seed 0, every k in
``SCORED_KS``), so the page reads them in milliseconds. The verdict compares the best recurrent score R with the
windows': the smallest k whose score is within ``CLOSE`` of R is "enough"; if none is, the task needs memory
further back than the largest window sees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rnn_core.params import KINDS
from rnn_core.tasks import Task, baselines
from rnn_core.window import SCORED_KS, window_kind

CLOSE = 0.02  # a window within two points of the best recurrent score does as well
NEAR_SHARE = 0.25  # one input that closes at most this share of the gap from the floor to the best net: "not enough"


@dataclass(frozen=True)
class Scores:
    """Held-out scores of one task: ``accuracy`` model kind ('window-k', 'rnn', 'lstm', 'gru') -> score (kinds
    with no stored model are left out), ``chance`` (1 / classes; None for numbers), ``baseline`` (the task's
    trivial model), and the units and seed they were trained with."""

    task_id: str
    units: int
    seed: int
    accuracy: Mapping[str, float]
    chance: float | None
    baseline: float
    baseline_name: str
    loss: str

    @property
    def windows(self) -> dict[int, float]:
        """k -> score of window-k, for the k scored."""
        return {k: self.accuracy[window_kind(k)] for k in SCORED_KS if window_kind(k) in self.accuracy}

    @property
    def recurrent(self) -> dict[str, float]:
        return {k: self.accuracy[k] for k in KINDS if k in self.accuracy}

    @property
    def enough_k(self) -> int | None:
        """The smallest window that does as well as the best recurrent net (within CLOSE), or None."""
        if not self.recurrent:
            return None
        best = max(self.recurrent.values())
        return next((k for k, a in self.windows.items() if a >= best - CLOSE), None)


def scores(task: Task, units: int, seed: int, accuracy_of: Callable[[str], float | None]) -> Scores:
    """The task's scores; ``accuracy_of(kind)`` gives a model's held-out score, None when there is no such model."""
    kinds = [window_kind(k) for k in SCORED_KS] + list(KINDS)
    found = {k: a for k in kinds if (a := accuracy_of(k)) is not None}
    chance = 1.0 / task.output_dim if task.loss == "ce" else None
    return Scores(task.id, units, seed, found, chance, baselines.score(task), baselines.describe(task), task.loss)


def verdict(s: Scores, names: Mapping[str, str]) -> str:
    """What the numbers say, in a sentence or two: is a window enough here, and from which k? ``names``: each
    recurrent kind's name as the page shows it."""
    if not s.windows or not s.recurrent:
        return "Not every model is trained yet, so there is no verdict."
    best_kind = max(s.recurrent, key=s.recurrent.get)
    best = s.recurrent[best_kind]
    top_k = max(s.windows, key=s.windows.get)
    name = names[best_kind]
    k = s.enough_k
    if k is not None:
        ones = s.windows.get(1)
        before = (
            f" A window of one input scores {ones:.0%}: it needs more than the current input."
            if ones is not None and k > 1 and ones < best - CLOSE
            else ""
        )
        return (
            f"A window is enough here: window-{k} scores {s.windows[k]:.0%}, as well as the best recurrent net "
            f"({name}, {best:.0%}). What the task needs lies within the last {k} input{'s' if k > 1 else ''}.{before}"
        )
    floor = max(s.baseline, s.chance or 0.0)
    weak = " no better than guessing" if s.windows[top_k] <= floor + CLOSE else ""
    return (
        f"No window up to k = {max(s.windows)} is enough: the best, window-{top_k}, scores {s.windows[top_k]:.0%}"
        f"{weak}, against the {name}'s {best:.0%}. What it needs lies further back than a window sees: this task "
        "needs a recurrent network."
    )


def one_input(s: Scores, names: Mapping[str, str]) -> str:
    """What the current input alone does (window-1's held-out score), in a sentence: near the floor (chance or the
    trivial baseline, the higher: within ``NEAR_SHARE`` of the way from it to the best recurrent score), as good as a
    memory (within ``CLOSE`` of the best), or in between (the baseline a memory has to beat, and how much the inputs
    before it add). ``names``: each recurrent kind's name as the page shows it."""
    one = s.windows.get(1)
    if one is None or not s.recurrent:
        return ""
    best_kind = max(s.recurrent, key=s.recurrent.get)
    best, name = s.recurrent[best_kind], names[best_kind]
    if s.chance is not None and s.chance >= s.baseline:
        floor, floor_name = s.chance, f"guessing ({s.chance:.0%})"
    else:
        floor, floor_name = s.baseline, f"the baseline ({s.baseline_name}: {s.baseline:.0%})"

    def scores(x: float) -> str:
        return f"scores {x:.0%}" if s.loss == "ce" else f"is within 0.1 of the target {x:.0%} of the time"

    if one - floor <= NEAR_SHARE * max(best - floor, 0.0):
        return (
            f"One input alone is not enough: a window of just the current input {scores(one)}, about as well as "
            f"{floor_name}; the {name}, which reads every input before it, {scores(best)}."
        )
    if one >= best - CLOSE:
        return (
            f"One input is enough here: a window of just the current input {scores(one)}, as well as the best "
            f"recurrent net (the {name}, {best:.0%})."
        )
    gain = best - one
    how = "a little" if gain <= 0.1 else "a lot" if gain >= 0.3 else "clearly"
    return (
        f"A window of just the current input already {scores(one)}, against {floor_name}: that is the score a memory "
        f"has to beat. The inputs before it help {how}: the {name} {scores(best)}."
    )
