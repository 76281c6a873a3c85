import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.readout import Readout, cross_entropy_back, softmax


@settings(deadline=None, max_examples=30)
@given(T=st.integers(1, 10), H=st.integers(1, 6), O=st.integers(2, 7), seed=st.integers(0, 999), last=st.booleans())
def test_cross_entropy_matches_torch(T, H, O, seed, last):
    rng = np.random.default_rng(seed)
    W, b, h = rng.normal(size=(O, H)), rng.normal(size=O), rng.normal(size=(T, H))
    targets = rng.integers(0, O, size=T)
    if last:
        targets[:-1] = -1
    r = cross_entropy_back(Readout(W, b), h, targets)
    lin = torch.nn.Linear(H, O).double()
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(W))
        lin.bias.copy_(torch.tensor(b))
    th = torch.tensor(h, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(lin(th), torch.tensor(targets), ignore_index=-1)
    loss.backward()
    np.testing.assert_allclose(r.loss, loss.item(), atol=1e-12)
    np.testing.assert_allclose(r.dW_hy, lin.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(r.db_y, lin.bias.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(r.dL_dh, th.grad.numpy(), atol=1e-12)


@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=8))
def test_softmax_is_a_distribution(y):
    p = softmax(np.array(y))
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-9
