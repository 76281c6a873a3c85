"""Test-time sampling: pick the next token from p_t = softmax(y_t / temperature), feed it back as x_{t+1}."""

from __future__ import annotations

import numpy as np

from rnn_core.net import NumpyNet
from rnn_core.readout import softmax


def sample(net: NumpyNet, start: int, steps: int, temperature: float = 1.0, seed: int = 0) -> np.ndarray:
    """Token ids (steps + 1,): ``start`` then ``steps`` sampled tokens, each fed back as the next input.

    One step at a time, h_t = f_W(h_{t-1}, x_t) carries on from the previous state,
    so the whole run equals the replay of the returned ids.
    """
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    rng = np.random.default_rng(seed)
    ids = [int(start)]
    state = None
    for _ in range(steps):
        r = net.replay([ids[-1]], state)
        state = (r.trace.h[-1], r.trace.c[-1]) if r.trace.c is not None else r.trace.h[-1]
        p = softmax(r.logits[-1], temperature)  # (O,)
        ids.append(int(rng.choice(len(p), p=p)))
    return np.array(ids)
