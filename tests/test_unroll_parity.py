"""The numpy replay equals torch: hidden states, every weight gradient and dL/dh_t, for all three cells."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_core as rc
from rnn_core.engine.bridge import from_torch
from tests.torch_helpers import to_torch_state

TORCH_CLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def make_module(kind, D, H, seed, batch_first=True):
    torch.manual_seed(seed)
    return TORCH_CLS[kind](D, H, batch_first=batch_first).double()


def torch_reference(m, xs, w, h0=None):
    """Run ``m`` one step at a time so every h_t keeps its total gradient; L = sum_t w_t . h_t."""
    T = xs.shape[0]
    x = torch.tensor(xs, requires_grad=True)
    state = h0
    hs = []
    for t in range(T):
        out, state = m(x[t].view(1, 1, -1), state)
        h = state[0] if isinstance(state, tuple) else state
        h.retain_grad()
        hs.append(h)
    loss = sum((hs[t].view(-1) * torch.tensor(w[t])).sum() for t in range(T))
    loss.backward()
    H = torch.stack([h.view(-1) for h in hs]).detach().numpy()
    dh = np.stack([h.grad.view(-1).numpy() for h in hs])
    return H, dh, x.grad.numpy()


def check_parity(kind, D, H, T, seed):
    m = make_module(kind, D, H, seed)
    rng = np.random.default_rng(seed)
    xs = rng.normal(size=(T, D))
    w = rng.normal(size=(T, H))
    p = from_torch(m)
    trace = rc.unroll(p, xs)
    grads, dh = rc.backward(p, trace, w)
    H_ref, dh_ref, dx_ref = torch_reference(m, xs, w)
    assert trace.h.shape == (T, H), f"trace.h should be (T, H) = {(T, H)}, got {trace.h.shape}"
    np.testing.assert_allclose(trace.h, H_ref, rtol=0, atol=1e-10, err_msg=f"{kind} h_t differs from torch")
    np.testing.assert_allclose(dh, dh_ref, rtol=0, atol=1e-9, err_msg=f"{kind} dL/dh_t differs from autograd")
    np.testing.assert_allclose(rc.bptt(p, trace, w).dx, dx_ref, rtol=0, atol=1e-9, err_msg=f"{kind} dL/dx_t")
    for name, g in to_torch_state(grads).items():
        ref = m.get_parameter(name).grad.numpy()
        assert g.shape == ref.shape, f"{kind} {name}: grad shape {tuple(g.shape)} != torch {ref.shape}"
        np.testing.assert_allclose(g.numpy(), ref, rtol=0, atol=1e-9, err_msg=f"{kind} {name} grad differs")


@pytest.mark.parametrize("kind", rc.KINDS)
@settings(max_examples=25, deadline=None)
@given(D=st.integers(1, 8), H=st.integers(1, 16), T=st.integers(1, 40), seed=st.integers(0, 2**16))
def test_parity_with_torch(kind, D, H, T, seed):
    check_parity(kind, D, H, T, seed)


@pytest.mark.parametrize("kind", rc.KINDS)
def test_lecture_scalar_case(kind):
    """1 input, 1 unit: W_xh and W_hh are 1x1 per gate, as on the lecture's slide."""
    p = from_torch(make_module(kind, 1, 1, 3))
    G = len(rc.GATES[kind])
    assert p.W_xh.shape == (G, 1) and p.W_hh.shape == (G, 1)
    check_parity(kind, 1, 1, 6, 3)


def test_scalar_rnn_by_hand():
    """h_t = tanh(w_hh h_{t-1} + w_xh x_t + b): the numbers a person checks on paper."""
    p = rc.CellParams("rnn", np.array([[0.5]]), np.array([[0.8]]), np.array([0.1]), np.array([0.0]))
    trace = rc.unroll(p, [[1.0], [0.0], [-1.0]])
    h1 = np.tanh(0.5 + 0.1)
    h2 = np.tanh(0.8 * h1 + 0.1)
    h3 = np.tanh(0.8 * h2 - 0.5 + 0.1)
    np.testing.assert_allclose(trace.h[:, 0], [h1, h2, h3], atol=1e-15)


@pytest.mark.parametrize("kind", rc.KINDS)
@pytest.mark.parametrize("batch_first", [True, False])
def test_initial_state_and_layout(kind, batch_first):
    m = make_module(kind, 3, 4, 1, batch_first=batch_first)
    p = from_torch(m)
    rng = np.random.default_rng(1)
    xs = rng.normal(size=(5, 3))
    h0 = rng.normal(size=4)
    c0 = rng.normal(size=4)
    x = torch.tensor(xs).unsqueeze(0 if batch_first else 1)
    th0 = torch.tensor(h0).view(1, 1, 4)
    state = (th0, torch.tensor(c0).view(1, 1, 4)) if kind == "lstm" else th0
    out, _ = m(x, state)
    out = out[0] if batch_first else out[:, 0]
    trace = rc.unroll(p, xs, (h0, c0) if kind == "lstm" else h0)
    np.testing.assert_allclose(trace.h, out.detach().numpy(), atol=1e-10)


@pytest.mark.parametrize("kind", rc.KINDS)
def test_to_torch_state_roundtrip(kind):
    m = make_module(kind, 2, 3, 0)
    p = from_torch(m)
    m2 = make_module(kind, 2, 3, 99)
    m2.load_state_dict(to_torch_state(p))
    for name, v in m.state_dict().items():
        assert torch.equal(v, m2.state_dict()[name]), name


def test_from_torch_rejects_what_it_cannot_replay():
    with pytest.raises(ValueError, match="single-layer"):
        from_torch(torch.nn.LSTM(2, 3, num_layers=2))
    with pytest.raises(ValueError, match="tanh"):
        from_torch(torch.nn.RNN(2, 3, nonlinearity="relu"))
    with pytest.raises(ValueError, match="RNN, LSTM or GRU"):
        from_torch(torch.nn.Linear(2, 3))
