"""scalar: the lecture's 1-input, 1-unit RNN learning a leaky running sum (many-to-many, regression)."""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Parsed, Task, draw_sets
from rnn_core.tasks.numbers import parse_numbers

SCALAR_DEFAULT = (0.5, 0.25, -0.5, 0.0, 0.5)
LEAK = 0.5


def leaky_sum(xs: np.ndarray) -> np.ndarray:
    """y_t = x_t + 0.5 y_{t-1}: a running sum that forgets half of the past at each step."""
    ys = np.zeros(len(xs))
    for t, x in enumerate(xs):
        ys[t] = x + LEAK * (ys[t - 1] if t else 0.0)
    return ys


def _scalar_example(xs) -> Example:
    xs = np.asarray(xs, dtype=float)
    ys = leaky_sum(xs)
    return Example(xs[:, None], ys, tuple(f"{x:g}" for x in xs), tuple(f"{y:.3g}" for y in ys))


def parse_scalar(text: str, max_len: int = 40) -> Parsed:
    """Numbers separated by spaces or commas, each between -1 and 1."""
    return parse_numbers(text, _scalar_example, -1.0, 1.0, max_len, "0.5 0.25 -0.5")


def scalar_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, 64, 32, lambda rng: _scalar_example(rng.uniform(-0.5, 0.5, 8)))
    return Task(
        id="scalar",
        title="Numbers: one input, one unit",
        blurb="The lecture's smallest RNN: 1 input, 1 unit, so W_xh and W_hh are 1x1 and every number "
        "can be checked by hand. It learns a leaky running sum, y_t = x_t + 0.5 y_{t-1}. Many-to-many.",
        mapping="many-to-many",
        encoding="dense",
        input_dim=1,
        train=train,
        heldout=heldout,
        default=_scalar_example(SCALAR_DEFAULT),
        default_units=1,
        units_choices=(1, 2, 4),
        lr=0.05,
        steps=400,
        parse=parse_scalar,
        can=frozenset({"type", "own_weights"}),
        inputs="one number between -1 and 1",
        outputs="one number: the leaky running sum so far",
        memory="every input so far, each k steps back weighted by 0.5^k (y_t = x_t + 0.5 y_(t-1)): the last few hold"
        " nearly all of the sum, the rest fades.",
        baseline="last_value",
    )
