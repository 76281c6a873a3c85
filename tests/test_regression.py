"""The MSE readout backward equals torch autograd on the loss the engine trains with."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.readout import Readout
from rnn_core.regression import mse_back, squared_errors


def torch_mse(W, b, h, targets):
    lin = torch.nn.Linear(W.shape[1], W.shape[0]).double()
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(W))
        lin.bias.copy_(torch.tensor(b))
    th = torch.tensor(h, requires_grad=True)
    y = lin(th)
    tgt = torch.tensor(targets)
    if tgt.ndim == 1:  # as training.loss_and_hits: the first output against one number per step
        y = y[..., 0]
    mask = ~torch.isnan(tgt)
    loss = torch.nn.functional.mse_loss(y[mask], tgt[mask])
    loss.backward()
    return loss.item(), lin.weight.grad.numpy(), lin.bias.grad.numpy(), th.grad.numpy()


@settings(deadline=None, max_examples=30)
@given(
    T=st.integers(1, 10),
    H=st.integers(1, 6),
    O=st.integers(1, 3),
    seed=st.integers(0, 999),
    per_output=st.booleans(),
    gaps=st.booleans(),
)
def test_mse_matches_torch(T, H, O, seed, per_output, gaps):
    rng = np.random.default_rng(seed)
    W, b, h = rng.normal(size=(O, H)), rng.normal(size=O), rng.normal(size=(T, H))
    targets = rng.normal(size=(T, O) if per_output else T)
    if gaps:
        targets[rng.random(targets.shape) < 0.4] = np.nan
        targets.flat[0] = 0.5  # at least one scored number
    r = mse_back(Readout(W, b), h, targets)
    loss, dW, db, dh = torch_mse(W, b, h, targets)
    np.testing.assert_allclose(r.loss, loss, atol=1e-12)
    np.testing.assert_allclose(r.dW_hy, dW, atol=1e-12)
    np.testing.assert_allclose(r.db_y, db, atol=1e-12)
    np.testing.assert_allclose(r.dL_dh, dh, atol=1e-12)
    n = np.count_nonzero(~np.isnan(targets))
    np.testing.assert_allclose(squared_errors(Readout(W, b).logits(h), targets).sum() / n, loss, atol=1e-12)


def test_mse_by_hand():
    """One unit, one output: y = 2h + 1; L = ((3 - 2)^2 + (1 - 4)^2) / 2 = 5; dL/dy = (y - t) = (1, -3)."""
    r = mse_back(Readout(np.array([[2.0]]), np.array([1.0])), np.array([[1.0], [0.0]]), [2.0, 4.0])
    assert r.loss == 5.0
    np.testing.assert_array_equal(r.dy[:, 0], [1.0, -3.0])
    np.testing.assert_array_equal(r.dW_hy, [[1.0]])


def test_mse_rejects_bad_targets():
    with pytest.raises(ValueError, match="targets should have shape"):
        mse_back(Readout(np.ones((2, 3)), np.zeros(2)), np.ones((4, 3)), np.zeros(5))
