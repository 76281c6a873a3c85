"""The memory-horizon experiment: the task, the per-cell training, structure and determinism on a small grid."""

import numpy as np
import pytest

from rnn_core.engine.training import evaluate, make_net
from rnn_core.experiments.horizon import (
    DISTRACTORS,
    SIGNALS,
    HorizonCell,
    HorizonConfig,
    HorizonGrid,
    horizon_task,
    run_grid,
    sample,
    train_cell,
)

SMALL = HorizonConfig(units=16, batch=32, steps=300, heldout=128)


def test_sample_is_first_symbol_then_distractors():
    cfg = HorizonConfig(symbols=3, distractors=2)
    x, y = sample(np.random.default_rng(0), 50, 7, cfg)
    assert x.shape == y.shape == (50, 8)
    assert set(x[:, 0]) <= {0, 1, 2} and set(x[:, 1:].ravel()) <= {3, 4}
    assert np.all(y[:, :-1] == -1) and np.array_equal(y[:, -1], x[:, 0])


def test_task_is_many_to_one_and_trainable_by_the_engine():
    task = horizon_task(6, seed=1, config=SMALL)
    assert task.mapping == "many-to-one" and task.loss == "ce" and task.classes == SIGNALS
    assert task.vocab == SIGNALS + DISTRACTORS and task.input_dim == 8 and task.output_dim == 4
    assert len(task.heldout) == SMALL.heldout and all(ex.T == 7 for ex in task.heldout)
    ex = task.default
    assert ex.x_labels[0] in SIGNALS and ex.y_labels[-1] == ex.x_labels[0] and ex.y_labels[0] is None
    assert all(1 <= ex.T - 1 <= 6 for ex in task.train)
    loss, acc = evaluate(task, make_net(task, "lstm", 4, 0), task.heldout)
    assert np.isfinite(loss) and 0 <= acc <= 1


def test_small_grid_shows_the_lesson_and_repeats_exactly():
    fractions = []
    grid = run_grid(lags=(2, 30), seed=0, config=SMALL, progress=lambda f, m: fractions.append(f))
    acc = grid.accuracy
    assert acc.shape == (3, 2)
    assert np.all(acc[:, 0] >= 0.99), f"every cell remembers across 2 steps: {acc}"
    rnn, lstm, gru = acc[:, 1]
    assert lstm >= 0.9 and gru >= 0.9, f"gated cells hold 30 steps: {acc}"
    assert rnn < 0.9 and rnn < min(lstm, gru), f"the vanilla RNN fails first: {acc}"
    assert grid.horizon("rnn") == 2 and grid.horizon("gru") == 30
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 < fractions[0] < 1
    cell = grid.cell("rnn", 30)
    assert cell.steps == SMALL.steps and cell.chance == 0.25 and cell.curve[-1] == (cell.steps, cell.accuracy)
    assert grid.cell("gru", 2).steps < SMALL.steps, "stops early at the target"
    again = train_cell("rnn", 30, seed=0, config=SMALL)
    assert again == cell, "same seed, same numbers"


def test_grid_lookup_and_horizon():
    tiny = HorizonConfig(steps=2, eval_every=1)
    cells = tuple(train_cell(k, lag, seed=0, config=tiny) for k in ("rnn", "gru") for lag in (1, 3))
    grid = HorizonGrid(("rnn", "gru"), (1, 3), cells)
    assert grid.cell("gru", 3) is cells[3] and grid.accuracy.shape == (2, 2)
    assert all(c.steps <= 2 and len(c.curve) == c.steps for c in cells)


def test_shortest_horizon_comes_from_the_numbers():
    def cell(kind, lag, acc):
        return HorizonCell(kind, lag, acc, 0.0, 1, (), 0.25)

    def grid(rnn, gru):
        return HorizonGrid(
            ("rnn", "gru"),
            (5, 10),
            (cell("rnn", 5, rnn[0]), cell("rnn", 10, rnn[1]), cell("gru", 5, gru[0]), cell("gru", 10, gru[1])),
        )

    assert grid((1.0, 0.3), (1.0, 1.0)).shortest() == ("rnn",)
    assert grid((1.0, 1.0), (0.5, 1.0)).shortest() == ("gru",)  # the GRU forgot first in this run
    assert grid((1.0, 1.0), (1.0, 1.0)).shortest() == ("rnn", "gru")


def test_bad_settings():
    with pytest.raises(ValueError, match="symbols"):
        HorizonConfig(symbols=5)
    with pytest.raises(ValueError, match="lag"):
        horizon_task(0)
    with pytest.raises(ValueError, match="kind"):
        train_cell("mlp", 3)
