"""stock: read a made-up share price day by day and, every day, predict tomorrow's (many-to-many, regression).

The prices follow geometric Brownian motion whose drift switches between regimes: each day the log price moves by

    log p_{d+1} - log p_d = mu_d - SIGMA^2 / 2 + SIGMA * eps_d,    eps_d ~ N(0, 1)

with mu_d one of +DRIFT (up), 0 (flat), -DRIFT (down). A regime lasts: each day it stays with probability STAY and
otherwise switches to one of the other two, so a trend runs for about 1 / (1 - STAY) = 10 days on average. That
persistence (momentum) is the only thing there is to learn: the recent trend says which way tomorrow leans. On a
pure random walk (DRIFT = 0) the best guess of tomorrow is today, and no model beats repeating it.

x_t is the price relative to the first day, scaled so the numbers read easily: x_t = 10 * (p_t / p_1 - 1)
(0 on the first day, 1 when the price is 10% above it); the target y_t is the same quantity one day later. The
engine counts an output as right when it is within 0.1 of the target (1% of the first day's price).
"""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Parsed, Task, draw_sets
from rnn_core.tasks.numbers import parse_numbers

SIGMA = 0.004  # daily volatility of the log price (0.4%)
DRIFT = 0.01  # daily drift of an up (+) or down (-) regime (1%)
STAY = 0.9  # probability that a regime carries on to the next day
DAYS = 32  # days read per series: T
SCALE = 10.0  # x_t = SCALE * (p_t / p_1 - 1)
LIMIT = 10.0  # typed values are clipped to [-LIMIT, LIMIT]
N_TRAIN, N_HELDOUT = 256, 128

# The series the page opens on: drawn once by draw_series(np.random.default_rng(4)), rounded to 2 decimals and
# written out here: down, back up, then flat. It has DAYS + 1 values: the last is the day after the last one read.
DEFAULT_SERIES = (
    0.0, -0.11, -0.08, -0.08, -0.07, -0.07, -0.15, -0.31, -0.48, -0.39, -0.32, -0.33, -0.4, -0.43, -0.51, -0.51,
    -0.37, -0.24, -0.18, -0.09, 0.05, 0.12, 0.2, 0.3, 0.38, 0.34, 0.34, 0.29, 0.27, 0.31, 0.35, 0.35, 0.41,
)  # fmt: skip


def _label(v: float) -> str:
    """A value to 2 decimals, as it sits under its step ("0.00", never "-0.00")."""
    return f"{v + 0.0:.2f}" if round(v, 2) else "0.00"


def _example(xs, ys) -> Example:
    """x_t and their targets y_t (NaN: tomorrow not known)."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    return Example(xs[:, None], ys, tuple(_label(x) for x in xs), tuple(None if np.isnan(y) else _label(y) for y in ys))


def _series_example(values) -> Example:
    """Read every value but the last; at each step the target is the next value."""
    v = np.asarray(values, dtype=float)
    return _example(v[:-1], v[1:])


DEFAULT = _series_example(DEFAULT_SERIES)


def draw_series(rng: np.random.Generator, days: int = DAYS + 1) -> np.ndarray:
    """``days`` values x = SCALE * (p / p_1 - 1) of one made-up price series (see the module doc). (days,)"""
    mu = np.array([DRIFT, 0.0, -DRIFT])  # up, flat, down
    regime = int(rng.integers(3))
    steps = np.empty(days - 1)
    for d in range(days - 1):
        if d and rng.random() > STAY:
            regime = (regime + int(rng.integers(1, 3))) % 3  # one of the other two
        steps[d] = mu[regime] - SIGMA**2 / 2 + SIGMA * rng.standard_normal()
    p = np.exp(np.concatenate([[0.0], np.cumsum(steps)]))  # p / p_1
    return SCALE * (p - 1)


def _typed_example(xs: list[float]) -> Example:
    """A typed series: the target at each step is the next typed value; after the last, none is known."""
    if len(xs) == len(DEFAULT.x_labels) and tuple(_label(x) for x in xs) == DEFAULT.x_labels:
        return DEFAULT
    return _example(xs, [*xs[1:], np.nan])


def parse_stock(text: str, max_len: int = 40) -> Parsed:
    """Values x_t separated by spaces or commas, each clipped into [-LIMIT, LIMIT]. The page's own series keeps its
    last target (the day after); for any other, the last value has no target."""
    return parse_numbers(text, _typed_example, -LIMIT, LIMIT, max_len, "0 0.1 0.25 0.3 0.45")


def stock_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, lambda rng: _series_example(draw_series(rng)))
    return Task(
        id="stock",
        title="Stock: tomorrow's price",
        blurb="A made-up share price, one day per step: every day the model reads today's price and predicts "
        "tomorrow's. The prices trend up, down or sideways for a while before they turn. Many-to-many (synced): "
        "one prediction per day.",
        mapping="many-to-many",
        encoding="dense",
        input_dim=1,
        train=train,
        heldout=heldout,
        default=DEFAULT,
        parse=parse_stock,
        can=frozenset({"type"}),
        inputs="one number, today's price against the first day's: x_t = 10 × (price / first price − 1), "
        "so 0.5 is 5% above it",
        outputs="one number: tomorrow's value of x",
        memory="the recent trend: the last few days say which way tomorrow leans.",
        baseline="last_value",
        note="What it can learn: that a trend tends to carry on, because these prices were drawn in spells of "
        f"about {1 / (1 - STAY):.0f} days that go up or down {DRIFT:.0%} a day or stay flat, with {SIGMA:.1%} of "
        "noise a day. What it cannot learn: when a trend will turn, or the day's noise; both are random. Real prices "
        "trend far less: on a pure random walk tomorrow is about today, and repeating today is as good as any "
        "model. Accuracy here is the share of predictions within 0.1 of tomorrow's x (1% of the first day's price).",
    )
