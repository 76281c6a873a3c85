"""rnn_core.net: a task's inputs as x_t, the way its model reads them."""

import numpy as np

from rnn_core.net import encode


def test_one_hot_inputs_cost_steps_times_tokens_never_tokens_squared():
    """x_t = one_hot(token_t) over D tokens, an unknown token (-1) all zeros; D = 50,000 once built a D x D
    identity (20 GB) to pick rows from."""
    xs = encode("onehot", [2, -1, 0, 49_999], 50_000)
    assert xs.shape == (4, 50_000) and xs.dtype == np.float64
    assert xs.sum(axis=1).tolist() == [1, 0, 1, 1] and xs[0, 2] == xs[2, 0] == xs[3, 49_999] == 1
    np.testing.assert_array_equal(encode("onehot", [1, 0, -1], 3), [[0, 1, 0], [1, 0, 0], [0, 0, 0]])
