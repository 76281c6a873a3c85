"""Trained models ready for display: torch trains, and only the numpy weights are kept, frozen (read-only).

A task names its training recipe (``Task.recipe``); :data:`RECIPES` maps each name to the function that
trains a fresh torch model for (task, kind, units, seed, progress). :func:`trained` is what pages ask for: the
model stored in the repository when there is one for exactly this recipe (:mod:`rnn_core.engine.stored`),
else a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from torch import nn

from rnn_core.cnn import EncodedNet, NumpyCNN, split_kind
from rnn_core.engine import sentences, stored
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.freeze import freeze
from rnn_core.engine.step import Progress
from rnn_core.engine.threads import one_thread
from rnn_core.engine.training import evaluate, fit
from rnn_core.net import NumpyNet
from rnn_core.params import CellParams
from rnn_core.readout import Readout
from rnn_core.tasks import Task
from rnn_core.tasks.words import to_example, words_data
from rnn_core.window import NumpyWindow, window_size


@dataclass(frozen=True)
class Trained:
    task_id: str
    kind: str
    units: int
    seed: int
    net: NumpyNet | NumpyWindow | EncodedNet
    losses: tuple[float, ...]
    accuracy: float  # on the task's held-out examples


Fitted = tuple[nn.Module, tuple, tuple]  # the trained net, its losses, the held-out examples it is scored on


def _fit_seqnet(task: Task, kind: str, units: int, seed: int, progress: Progress | None) -> Fitted:
    r = fit(task, kind, units, seed, progress=progress)
    return r.net, tuple(r.losses), task.heldout


def _fit_sentences(task: Task, kind: str, units: int, seed: int, progress: Progress | None) -> Fitted:
    """/window's recipe for its recurrent nets, to the letter: the sentences drawn with ``seed``, the model's own
    seed from ``seed`` and its kind. With /window's 32 units it is the very model /window shows."""
    data = words_data(seed)
    net = sentences.fit(
        kind,
        sentences.to_tensors(data.train),
        sentences.Settings(units=units),
        sentences.model_seed(seed, kind),
        progress,
    )
    return net, (), tuple(to_example(ex.tokens, ex.ids, ex.label) for ex in data.heldout)


RECIPES: dict[str, Callable[..., Fitted]] = {"seqnet": _fit_seqnet, "sentences": _fit_sentences}


def recipe_name(task: Task, kind: str) -> str:
    """The recipe that trains ``kind`` on ``task``: the task's own, except that a fixed window ('window-k') is always
    trained as the explorer's other models are (``seqnet``: full-batch Adam on the task's examples)."""
    return "seqnet" if window_size(kind) is not None else task.recipe


def train(task: Task, kind: str, units: int, seed: int, progress: Progress | None = None) -> Trained:
    """Train ``kind`` on ``task`` by the task's recipe, on one torch thread, and freeze it for display."""
    with one_thread():
        net, losses, heldout = RECIPES[recipe_name(task, kind)](task, kind, units, seed, progress)
        accuracy = evaluate(task, net, heldout)[1]
    return Trained(task.id, kind, units, seed, freeze(to_numpy(net)), losses, accuracy)


def recipe(task: Task, kind: str, units: int, seed: int) -> dict:
    """Everything that fixes the trained model besides the data: what a stored file must match."""
    out = {
        "task": task.id,
        "kind": kind,
        "units": units,
        "seed": seed,
        "recipe": recipe_name(task, kind),
        "lr": task.lr,
        "steps": task.steps,
        "encoding": task.encoding,
    }
    if out["recipe"] == "sentences":
        out["settings"] = asdict(sentences.Settings(units=units))
        out["data_seed"], out["model_seed"] = seed, sentences.model_seed(seed, kind)  # /window's own
    return out


def data_version(task: Task) -> str:
    """A hash of every example the task trains and scores on."""
    return stored.fingerprint(*(a for ex in (*task.train, *task.heldout) for a in (ex.inputs, ex.targets)))


def stored_name(task_id: str, kind: str, units: int, seed: int) -> str:
    return f"explorer-{task_id}-{kind}-{units}-{seed}"


def save_trained(task: Task, m: Trained, folder=stored.MODELS) -> None:
    net = m.net
    weights = {"W_1": net.W_1, "b_1": net.b_1} if isinstance(net, NumpyWindow) else net.params.arrays()
    if isinstance(net, EncodedNet):
        weights |= {f"K_{i}": K for i, K in enumerate(net.cnn.K, 1)} | {f"c_{i}": c for i, c in enumerate(net.cnn.c, 1)}
    arrays = {
        **weights,
        "W_hy": net.readout.W_hy,
        "b_y": net.readout.b_y,
        "losses": np.asarray(m.losses, dtype=np.float64),
    }
    if net.E is not None:
        arrays["E"] = net.E
    meta = {
        "recipe": recipe(task, m.kind, m.units, m.seed),
        "data_version": data_version(task),
        "heldout_accuracy": m.accuracy,
        "encoding": net.encoding,
    }
    stored.save(stored_name(task.id, m.kind, m.units, m.seed), arrays, meta, folder)


def load_trained(task: Task, kind: str, units: int, seed: int, folder=stored.MODELS) -> Trained | None:
    """The stored model for exactly this recipe, frozen, or None."""
    found = stored.load(stored_name(task.id, kind, units, seed), recipe(task, kind, units, seed), folder)
    if found is None:
        return None
    a, meta = found
    readout = Readout(a["W_hy"], a["b_y"])
    if (k := window_size(kind)) is not None:
        net = NumpyWindow(meta["encoding"], k, a["W_1"], a["b_1"], readout, a.get("E"))
    else:
        cell, enc = split_kind(kind)
        params = CellParams(cell, a["W_xh"], a["W_hh"], a["b_xh"], a["b_hh"])
        net = NumpyNet(meta["encoding"], params, readout, a.get("E"))
        if enc == "cnn":
            cnn = NumpyCNN((a["K_1"], a["K_2"]), (a["c_1"], a["c_2"]), tuple(task.image_shape))
            net = EncodedNet(cnn, net)
    return Trained(
        task.id, kind, units, seed, freeze(net), tuple(map(float, a["losses"])), float(meta["heldout_accuracy"])
    )


def trained(task: Task, kind: str, units: int, seed: int, progress: Progress | None = None) -> Trained:
    """The stored model when the repository has one for this recipe (milliseconds), else :func:`train`."""
    return load_trained(task, kind, units, seed) or train(task, kind, units, seed, progress)
