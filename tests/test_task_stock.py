"""The stock task: geometric Brownian motion whose drift keeps to up, flat and down regimes; deterministic for a
seed, with real momentum, typed numbers read safely, and a trained model that beats repeating today's value."""

import numpy as np
import pytest

from rnn_core.engine.zoo import train
from rnn_core.tasks import baselines
from rnn_core.tasks.stock import DAYS, DEFAULT, DEFAULT_SERIES, LIMIT, SCALE, draw_series, parse_stock, stock_task

MARGIN = 0.15  # held-out share within 0.1 of the target above repeating today's value, at least


@pytest.fixture(scope="module")
def task():
    return stock_task(0)


def full_series(ex) -> np.ndarray:
    """x_1..x_T and the last target: the DAYS + 1 values of the series."""
    return np.append(ex.inputs[:, 0], ex.targets[-1])


def test_the_same_seed_gives_the_same_series_and_another_seed_others(task):
    again, other = stock_task(0), stock_task(1)
    for a, b in zip(task.train + task.heldout, again.train + again.heldout, strict=True):
        np.testing.assert_array_equal(a.inputs, b.inputs)
        np.testing.assert_array_equal(a.targets, b.targets)
    assert not np.array_equal(task.train[0].inputs, other.train[0].inputs)


def test_shapes_and_labels(task):
    assert task.input_dim == task.output_dim == 1 and task.loss == "mse" and task.encoding == "dense"
    assert task.mapping == "many-to-many" and task.baseline == "last_value"
    for ex in (*task.train, *task.heldout):
        assert ex.inputs.shape == (DAYS, 1) and ex.targets.shape == (DAYS,) and np.isfinite(ex.targets).all()
        assert ex.inputs[0, 0] == 0.0  # the first day is the reference
        np.testing.assert_array_equal(ex.targets[:-1], ex.inputs[1:, 0])  # the target is the next day's value
        assert ex.x_labels == tuple(f"{x + 0.0:.2f}" if round(x, 2) else "0.00" for x in ex.inputs[:, 0])
        assert all(len(s) <= 5 for s in ex.x_labels + ex.y_labels)
    values = np.concatenate([full_series(ex) for ex in task.train])
    assert values.min() > -SCALE and np.abs(values).max() < LIMIT  # a price stays positive; typed ones fit


def test_the_default_is_what_the_generator_drew_with_seed_4_rounded():
    np.testing.assert_allclose(np.round(draw_series(np.random.default_rng(4)), 2), DEFAULT_SERIES)
    np.testing.assert_allclose(full_series(DEFAULT), DEFAULT_SERIES)


def test_the_momentum_is_real(task):
    """The sign of the last 5 days' change says which way tomorrow goes more often than a coin does."""
    X = np.array([full_series(ex) for ex in task.train])
    past, nxt = X[:, 5:-1] - X[:, :-6], X[:, 6:] - X[:, 5:-1]
    agree = np.mean(np.sign(past) == np.sign(nxt))
    assert agree > 0.65, agree


def test_without_drift_there_is_no_momentum(monkeypatch):
    """The control: a pure random walk (no drift regimes) gives the past no say over tomorrow."""
    import rnn_core.tasks.stock as stock

    monkeypatch.setattr(stock, "DRIFT", 0.0)
    rng = np.random.default_rng(0)
    X = np.array([draw_series(rng) for _ in range(400)])
    past, nxt = X[:, 5:-1] - X[:, :-6], X[:, 6:] - X[:, 5:-1]
    assert abs(np.mean(np.sign(past) == np.sign(nxt)) - 0.5) < 0.03


def test_parse_reads_the_default_with_its_last_target_and_anything_else_up_to_the_last_value():
    p = parse_stock(" ".join(DEFAULT.x_labels))
    assert p.example is DEFAULT and not p.message
    p = parse_stock("0, 0.1 0.25")
    np.testing.assert_allclose(p.example.inputs[:, 0], [0, 0.1, 0.25])
    assert p.example.targets[:2].tolist() == [0.1, 0.25] and np.isnan(p.example.targets[-1])
    assert p.example.y_labels == ("0.10", "0.25", None) and p.example.x_labels == ("0.00", "0.10", "0.25")


@pytest.mark.parametrize("text", ["", "  ", None, ",,,"])
def test_parse_asks_for_numbers_when_there_are_none(text):
    p = parse_stock(text)
    assert p.example is None and "Type a few numbers" in p.message


def test_parse_leaves_out_what_is_not_a_number_and_clips_the_rest():
    p = parse_stock("0.1 abc nan 1e400 -99 <b>")
    assert p.unknown == ("abc", "nan", "1e400", "<b>") and "left out" in p.message
    assert p.example.inputs[:, 0].tolist() == [0.1, -LIMIT] and f"[{-LIMIT:g}, {LIMIT:g}]" in p.message
    p = parse_stock("x y")
    assert p.example is None and "None of that reads as a number" in p.message


def test_parse_caps_the_length():
    p = parse_stock("0.1 " * 100_000)
    assert p.example.T == 40 and "first 40" in p.message


def test_a_trained_gru_beats_repeating_today(task):
    m = train(task, "gru", task.default_units, 0)
    base = baselines.score(task)
    assert m.accuracy >= base + MARGIN, (m.accuracy, base)
    mse_model = np.mean([np.mean((m.net.replay(ex.inputs).logits[:, 0] - ex.targets) ** 2) for ex in task.heldout])
    mse_base = np.mean([np.mean((ex.inputs[:, 0] - ex.targets) ** 2) for ex in task.heldout])
    assert mse_model < 0.75 * mse_base, (mse_model, mse_base)
