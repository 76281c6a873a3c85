"""The models every page opens on, trained here and stored in ``models/`` (see :mod:`rnn_core.engine.stored`).

    python -m rnn_core.experiments.defaults build     # train them all afresh and write models/ (about a minute)
    python -m rnn_core.experiments.defaults build video   # only one task's models (after changing its data)
    python -m rnn_core.experiments.defaults list      # what is stored, with its held-out score

The set: the explorer's default model for every task x architecture (its default units, seed 0), the fixed window
of each size the pages score (``window-1``, ``-2``, ``-3``, ``-5``, ``-8``) for every task, the /window demo for
seed 0, the CNN-encoder models (``gru-cnn``, ...) of the tasks with images, and the memory-horizon grid for seed 0.
Anything else trains on demand.
"""

from __future__ import annotations

import json
import sys
import time

from rnn_core.cnn import cnn_kind
from rnn_core.engine import stored, zoo
from rnn_core.experiments import horizon, window_vs_rnn
from rnn_core.params import KINDS
from rnn_core.tasks import TASK_IDS, get_task
from rnn_core.window import SCORED_KS, window_kind

SEED = 0


def explorer_defaults() -> list[tuple[str, str, int, int]]:
    """(task id, kind, units, seed) of every explorer model a page opens on: the three cells, the fixed windows and,
    on tasks with images, the cells reading a CNN's output."""
    kinds = (*KINDS, *(window_kind(k) for k in SCORED_KS))
    out = [(t, k, get_task(t).default_units, SEED) for t in TASK_IDS for k in kinds]
    out += [
        (t, cnn_kind(k), get_task(t).default_units, SEED) for t in TASK_IDS if get_task(t).image_shape for k in KINDS
    ]
    return out


def build(say=print, folder=stored.MODELS, only: tuple[str, ...] = ()) -> None:
    """Train and store every default model, or only the explorer's models of the tasks in ``only``."""
    t0 = time.perf_counter()
    for task_id, kind, units, seed in explorer_defaults():
        if only and task_id not in only:
            continue
        task = get_task(task_id)
        m = zoo.train(task, kind, units, seed)
        zoo.save_trained(task, m, folder)
        say(f"{zoo.stored_name(task_id, kind, units, seed)}: held-out accuracy {m.accuracy:.1%}")
    if only:
        say(f"built in {time.perf_counter() - t0:.0f} s into {folder}")
        return
    d = window_vs_rnn.train_demo(SEED)
    window_vs_rnn.save_demo(d, folder)
    say(f"{window_vs_rnn.stored_name(SEED)}: " + ", ".join(f"{m} {a:.0%}" for m, a in d.accuracy.items()))
    grid = horizon.run_grid(seed=SEED)
    horizon.save_grid(grid, SEED, folder=folder)
    say(f"{horizon.stored_name(SEED)}: " + ", ".join(f"{k} to lag {grid.horizon(k)}" for k in grid.kinds))
    say(f"built in {time.perf_counter() - t0:.0f} s into {folder}")


def listing(folder=stored.MODELS) -> None:
    for meta in sorted(folder.glob("*.json")):
        m = json.loads(meta.read_text())
        print(f"{meta.stem:<32} data {m['data_version']}  held-out {m.get('heldout_accuracy', '-')}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        build(only=tuple(sys.argv[2:]))
    else:
        listing()
