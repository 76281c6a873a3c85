"""Gradient norms back through time: the curve is the verified BPTT, it vanishes and explodes as the lecture says."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_core as rc
from rnn_core.experiments.vanishing import _sequence, clip_scale, gradient_curve
from rnn_core.params import KINDS, init_params
from tests.torch_helpers import to_torch_state

TORCH_CLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def autograd_norms(kind, T, units, init_scale, seed, input_dim=4):
    """The same cell, sequence and loss L = u . h_T in float64 torch, one step at a time."""
    params = init_params(kind, input_dim, units, np.random.default_rng([seed, 1]), scale=init_scale)
    m = TORCH_CLS[kind](input_dim, units).double()
    m.load_state_dict(to_torch_state(params))
    u = np.random.default_rng([seed, 2]).normal(size=units)
    u /= np.linalg.norm(u)
    x = torch.tensor(_sequence(seed, T, input_dim, 1.0))
    state, hs = None, []
    for t in range(T):
        _, state = m(x[t].view(1, 1, -1), state)
        h = state[0] if isinstance(state, tuple) else state
        h.retain_grad()
        hs.append(h)
    (hs[-1].view(-1) * torch.tensor(u)).sum().backward()
    norms = np.array([h.grad.norm().item() for h in hs])
    grad_norm = np.sqrt(sum((p.grad.numpy() ** 2).sum() for p in m.parameters()))
    return norms, grad_norm


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scale", [0.1, 0.5, 1.5])
def test_curve_equals_autograd(kind, scale):
    c = gradient_curve(kind, 25, 6, scale, seed=4)
    norms, grad_norm = autograd_norms(kind, 25, 6, scale, 4)
    np.testing.assert_allclose(c.norms, norms, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(c.grad_norm, grad_norm, rtol=1e-9)
    assert c.norms[-1] == pytest.approx(1.0), "||dL/dh_T|| = ||u|| = 1"


@settings(deadline=None, max_examples=20)
@given(seed=st.integers(0, 10_000))
def test_tiny_scale_rnn_vanishes_orders_of_magnitude_faster_than_gated(seed):
    """s = 0.05: the RNN's Jacobian W_hh^T diag(1-h^2) is tiny; LSTM/GRU carry ~0.5 per step through the gates."""
    rnn = gradient_curve("rnn", 30, 8, 0.05, seed).ratio
    lstm = gradient_curve("lstm", 30, 8, 0.05, seed).ratio
    gru = gradient_curve("gru", 30, 8, 0.05, seed).ratio
    assert rnn < 1e-20, f"RNN ||dL/dh_1||/||dL/dh_T|| = {rnn:.1e}"
    assert rnn < 1e-6 * lstm and rnn < 1e-6 * gru, f"rnn {rnn:.1e} lstm {lstm:.1e} gru {gru:.1e}"


def test_rnn_goes_from_vanishing_to_exploding_as_the_scale_grows():
    scales = [0.05, 0.25, 0.5, 1.0, 1.5]
    ratios = [gradient_curve("rnn", 40, 32, s, seed=0).ratio for s in scales]
    assert all(a < b for a, b in zip(ratios, ratios[1:], strict=False)), ratios
    assert ratios[0] < 1e-20 and ratios[-1] > 1e3, ratios


@pytest.mark.parametrize("seed", range(5))
def test_exploding_demo_setting_explodes_for_every_seed(seed):
    """Wide enough (32 units) for the recurrent gain to beat tanh saturation: growth back through time."""
    c = gradient_curve("rnn", 40, 32, 1.5, seed)
    assert c.ratio > 10 and c.radius > 1
    assert gradient_curve("rnn", 40, 32, 0.05, seed).ratio < 1e-15


def test_curves_are_deterministic_and_share_the_input_sequence():
    a = gradient_curve("gru", 12, 5, 0.4, seed=9).norms
    b = gradient_curve("gru", 12, 5, 0.4, seed=9).norms
    assert np.array_equal(a, b) and a.shape == (12,)
    assert not np.array_equal(a, gradient_curve("gru", 12, 5, 0.4, seed=10).norms)
    np.testing.assert_array_equal(_sequence(3, 7, 4, 1.0), _sequence(3, 7, 4, 1.0))


@settings(deadline=None, max_examples=40)
@given(seed=st.integers(0, 999), threshold=st.floats(1e-3, 1e3), scale=st.floats(1e-3, 1e3))
def test_clip_scale_matches_torch(seed, threshold, scale):
    """Scaling every gradient by clip_scale of their global norm is torch's clip_grad_norm_."""
    rng = np.random.default_rng(seed)
    grads = {"W_xh": rng.normal(size=(3, 2)) * scale, "W_hh": rng.normal(size=(3, 3)), "b_h": rng.normal(size=3)}
    ps = [torch.nn.Parameter(torch.zeros(v.shape, dtype=torch.float64)) for v in grads.values()]
    for p, v in zip(ps, grads.values(), strict=True):
        p.grad = torch.tensor(v)
    total_ref = torch.nn.utils.clip_grad_norm_(ps, threshold).item()
    total = float(np.sqrt(sum((g**2).sum() for g in grads.values())))
    assert total == pytest.approx(total_ref, rel=1e-12)
    for p, v in zip(ps, grads.values(), strict=True):
        np.testing.assert_allclose(v * clip_scale(total, threshold), p.grad.numpy(), rtol=1e-12)


def test_clipping_shrinks_the_whole_curve_by_one_factor():
    """Clipping equals starting BPTT from c dL/dh_T: same shape, far steps exactly as far behind."""
    c = gradient_curve("rnn", 40, 32, 1.5, seed=0)
    assert c.grad_norm > 1.0
    clipped = c.clipped(1.0)
    factor = clip_scale(c.grad_norm, 1.0)
    np.testing.assert_allclose(clipped, c.norms * factor)
    assert clipped[0] / clipped[-1] == pytest.approx(c.ratio)
    # the weight gradient of the clipped upstream has global norm 1
    params = init_params("rnn", 4, 32, np.random.default_rng([0, 1]), scale=1.5)
    trace = rc.unroll(params, _sequence(0, 40, 4, 1.0))
    u = np.random.default_rng([0, 2]).normal(size=32)
    dL = np.zeros((40, 32))
    dL[-1] = factor * u / np.linalg.norm(u)
    back = rc.bptt(params, trace, dL)
    np.testing.assert_allclose(np.linalg.norm(back.dh, axis=1), clipped, rtol=1e-9)
    assert np.sqrt(sum((g**2).sum() for g in back.grads.arrays().values())) == pytest.approx(1.0, rel=1e-5)
    assert clip_scale(0.5, 10.0) == 1.0  # below the threshold nothing changes
    assert 50.0 * clip_scale(50.0, 5.0) == pytest.approx(5.0, rel=1e-6)


def test_bad_arguments():
    with pytest.raises(ValueError, match="init_scale"):
        gradient_curve("rnn", 5, 3, 0.0)
    with pytest.raises(ValueError, match="at least 1"):
        gradient_curve("rnn", 0, 3, 0.1)
