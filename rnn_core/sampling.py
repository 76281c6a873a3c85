"""Test time, one-to-many: each output chosen from y_t is fed back as the next input x_{t+1}.

:func:`feed_back` is the loop; :func:`sample` draws the next token from p_t = softmax(y_t / temperature) (the
character model), and a task with its own inputs chooses and encodes its own (the caption task's greedy decode,
``rnn_core.tasks.caption.decode``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rnn_core.net import NumpyNet
from rnn_core.readout import softmax


def feed_back(
    net: NumpyNet,
    first,
    steps: int,
    choose: Callable[[np.ndarray], int],
    next_input: Callable[[int], object],
    stop: Callable[[int], bool] = lambda j: False,
) -> tuple[list, list[int]]:
    """Run ``net`` one step at a time from x_1 = ``first`` (a token id or a vector): after each step choose
    j = choose(y_t) from its outputs y_t (O,), and unless ``stop(j)`` or ``steps`` outputs are chosen, feed
    x_{t+1} = next_input(j).

    Returns (the inputs fed, the outputs chosen), as many of each. h_t = f_W(h_{t-1}, x_t) carries on from the
    previous state, so the run equals the replay of the returned inputs. A net that carries no state (the
    fixed-window feedforward, :class:`rnn_core.window.NumpyWindow`) reads all the inputs so far each step.
    """
    inputs, chosen, state = [first], [], None
    while len(chosen) < steps:
        if isinstance(net, NumpyNet):
            r = net.replay(np.asarray(inputs[-1])[None], state)
            state = (r.trace.h[-1], r.trace.c[-1]) if r.trace.c is not None else r.trace.h[-1]
        else:
            r = net.replay(np.asarray(inputs))
        chosen.append(int(choose(r.logits[-1])))
        if stop(chosen[-1]) or len(chosen) == steps:
            break
        inputs.append(next_input(chosen[-1]))
    return inputs, chosen


def sample(net: NumpyNet, start: int, steps: int, temperature: float = 1.0, seed: int = 0) -> np.ndarray:
    """Token ids (steps + 1,): ``start`` then ``steps`` sampled tokens, each fed back as the next input.

    One step at a time, h_t = f_W(h_{t-1}, x_t) carries on from the previous state,
    so the whole run equals the replay of the returned ids.
    """
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    rng = np.random.default_rng(seed)

    def draw(logits: np.ndarray) -> int:
        p = softmax(logits, temperature)  # (O,)
        return int(rng.choice(len(p), p=p))

    _, picked = feed_back(net, int(start), steps, draw, lambda j: j)
    return np.array([int(start), *picked])
