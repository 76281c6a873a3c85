"""The fixed-window feedforward glass box (rnn_core/window.py): its numpy arithmetic equals torch's forward, and a
window-k model's output at step t depends on the last k inputs only."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.init import seeded
from rnn_core.engine.modules import WindowNet
from rnn_core.readout import Readout
from rnn_core.window import NumpyWindow, params_for, window_kind, window_size, windows
from tests.torch_helpers import window_state

TIGHT = 1e-12


def torch_window(k, D, M, O, encoding="dense", V=None, seed=0) -> WindowNet:
    return seeded(lambda: WindowNet(k, D, M, O, encoding, V), seed).double()


def inputs_for(encoding, T, D, V, rng):
    if encoding == "dense":
        return rng.normal(size=(T, D))
    return rng.integers(-1 if encoding == "onehot" else 0, V, size=T)


def torch_out(net, inputs, encoding):
    x = torch.tensor(np.asarray(inputs)[None], dtype=torch.float64 if encoding == "dense" else torch.long)
    with torch.no_grad():
        y, a = net(x)
    return y[0].numpy(), a[0].numpy()


@pytest.mark.parametrize("encoding", ["dense", "onehot", "embed"])
@pytest.mark.parametrize("k", [1, 2, 3, 8])
def test_numpy_replay_equals_torch_forward(encoding, k):
    D, M, O, V, T = (5, 4, 3, None, 7) if encoding == "dense" else (6, 4, 3, 6, 7)
    if encoding == "embed":
        D = 3
    net = torch_window(k, D, M, O, encoding, V)
    inputs = inputs_for(encoding, T, D, V, np.random.default_rng(k))
    y, a = torch_out(net, inputs, encoding)
    r = to_numpy(net).replay(inputs)
    np.testing.assert_allclose(r.logits, y, atol=TIGHT)
    np.testing.assert_allclose(r.a, a, atol=TIGHT)
    assert r.logits.shape == (T, O) and r.a.shape == (T, M)
    np.testing.assert_allclose(r.probs.sum(axis=1), 1.0)


def test_the_state_dict_round_trips():
    net = torch_window(3, 4, 5, 2)
    back = WindowNet(3, 4, 5, 2).double()
    back.load_state_dict(window_state(to_numpy(net)))
    x = np.random.default_rng(0).normal(size=(6, 4))
    np.testing.assert_array_equal(torch_out(back, x, "dense")[0], torch_out(net, x, "dense")[0])


def test_each_step_records_its_window_and_its_arithmetic():
    net = to_numpy(torch_window(3, 2, 4, 2))
    x = np.arange(10.0).reshape(5, 2)
    r = net.replay(x)
    assert [(s.first, s.t) for s in r.steps[:2]] == [(-1, 1), (0, 2)]  # x_-1, x_0: zeros before the start
    np.testing.assert_array_equal(r.steps[0].z, [0, 0, 0, 0, 0, 1])  # zeros before the start, x_1 last
    np.testing.assert_array_equal(r.steps[4].z, x[2:5].reshape(-1))
    s = r.steps[3]
    np.testing.assert_allclose(s.W1z, net.W_1 @ s.z)
    np.testing.assert_allclose(s.a, np.tanh(net.W_1 @ s.z + net.b_1))


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 6), T=st.integers(1, 12), D=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_output_at_t_depends_on_the_last_k_inputs_only(k, T, D, seed):
    rng = np.random.default_rng(seed)
    M, O = 3, 2
    net = NumpyWindow(
        "dense",
        k,
        rng.normal(size=(M, k * D)),
        rng.normal(size=M),
        Readout(rng.normal(size=(O, M)), rng.normal(size=O)),
        None,
    )
    x = rng.normal(size=(T, D))
    t = int(rng.integers(T))  # 0-based step
    changed = x.copy()
    changed[: max(0, t - k + 1)] = rng.normal(size=changed[: max(0, t - k + 1)].shape)  # everything older than k
    np.testing.assert_array_equal(net.replay(changed).logits[t], net.replay(x).logits[t])
    if t - k + 1 >= 0:  # the oldest input inside the window does count
        inside = x.copy()
        inside[t - k + 1] += 1.0
        assert not np.allclose(net.replay(inside).logits[t], net.replay(x).logits[t]) or np.allclose(net.W_1, 0)


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 8), T=st.integers(0, 10), D=st.integers(1, 4))
def test_windows_pad_with_zeros_and_end_at_t(k, T, D):
    x = np.arange(1.0, T * D + 1).reshape(T, D)
    Z = windows(x, k)
    assert Z.shape == (T, k * D)
    for t in range(T):
        want = [x[j] if j >= 0 else np.zeros(D) for j in range(t - k + 1, t + 1)]
        np.testing.assert_array_equal(Z[t], np.concatenate(want))


@pytest.mark.parametrize("k", [1, 3, 8])
@pytest.mark.parametrize("encoding, V", [("dense", None), ("embed", 11)])
def test_the_parameter_count_grows_with_k_as_torch_counts_it(k, encoding, V):
    D, M, O = 4, 5, 3
    net = WindowNet(k, D, M, O, encoding, V)
    n = sum(p.numel() for p in net.parameters())
    assert params_for(k, D, M, O, V) == n == to_numpy(net).n_params
    assert params_for(k + 1, D, M, O, V) - n == D * M


def test_kind_names():
    assert window_kind(3) == "window-3" and window_size("window-3") == 3
    assert [window_size(s) for s in ("rnn", "lstm", "gru", "window-", "window-0", "window-x", "windows-2")] == [
        None
    ] * 7


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        NumpyWindow("dense", 3, np.zeros((2, 7)), np.zeros(2), Readout(np.zeros((1, 2)), np.zeros(1)), None)
    with pytest.raises(ValueError):
        NumpyWindow("dense", 1, np.zeros((2, 3)), np.zeros(3), Readout(np.zeros((1, 2)), np.zeros(1)), None)


def test_the_engine_draws_initial_weights_from_the_seed_alone():
    """make_net draws a WindowNet's initial weights from the seed alone (no global torch state)."""
    from rnn_core.engine.training import make_net
    from rnn_core.tasks import get_task

    task = get_task("video")
    torch.manual_seed(123)
    a = make_net(task, "window-3", 8, 0)
    torch.manual_seed(456)
    b = make_net(task, "window-3", 8, 0)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
