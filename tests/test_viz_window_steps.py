"""The fixed window's arithmetic panel (viz.window_steps): per step the window it read, z_t, W_1, b_1, a_t, y_t
with the replay's numbers, escaped labels."""

import numpy as np

from rnn_core.readout import Readout
from rnn_core.window import NumpyWindow
from viz import window_steps


def net(k=3, D=2, M=3, O=2):
    rng = np.random.default_rng(0)
    return NumpyWindow(
        "dense", k, rng.normal(size=(M, k * D)), rng.normal(size=M), Readout(rng.normal(size=(O, M)), np.zeros(O)), None
    )


def test_one_entry_per_step_with_the_window_it_read():
    n = net()
    r = n.replay(np.arange(8.0).reshape(4, 2))
    parts = window_steps.arithmetic(["a", "b", "<c>", "d"], r.steps, n.W_1, n.b_1, n.k, r.logits)
    heads, tex, details = parts
    assert len(heads["html"]) == len(tex["tex"]) == len(details["parts"][0]["html"]) == 4
    assert "2 zeros before the start" in heads["html"][0] and "&lt;c&gt;" in heads["html"][2]
    assert "zeros" not in heads["html"][3] and "x_2 = <strong>b</strong>" in heads["html"][3]
    z, a, y = tex["tex"][3]
    assert z.startswith(r"z_{4} = \big[x_{2};\ x_{3};\ x_{4}\big]")
    assert r"\tanh" in a and "3 \\times 6" in a
    assert f"{r.steps[3].a[0]:.3f}" in a and f"{r.logits[3, 0]:.3f}" in y
    assert f"{r.steps[3].pre[0]:.10g}" in details["parts"][0]["html"][3]


def test_a_pad_before_the_start_is_marked_zero():
    n = net(k=2)
    r = n.replay(np.ones((1, 2)))
    z = window_steps.arithmetic(["x"], r.steps, n.W_1, n.b_1, 2, r.logits)[1]["tex"][0][0]
    assert "x_{0}=0" in z


def test_a_large_matrix_shows_its_corner():
    m = window_steps.matrix(np.zeros((10, 20)))
    assert m.count(r"\\") == 6 and r"\cdots" in m and r"\vdots" in m
