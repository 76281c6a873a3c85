import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnn_core as rc


@pytest.mark.parametrize("kind", rc.KINDS)
def test_unroll_rejects_wrong_input_shape(kind):
    p = rc.init_params(kind, 3, 4, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\(T, input_dim\) = \(T, 3\)"):
        rc.unroll(p, np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"\(T, input_dim\)"):
        rc.unroll(p, np.zeros(5))


def test_unroll_rejects_wrong_state_shape():
    p = rc.init_params("lstm", 2, 4, np.random.default_rng(0))
    with pytest.raises(ValueError, match="tuple"):
        rc.unroll(p, np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match=r"c0 should have shape"):
        rc.unroll(p, np.zeros((3, 2)), (np.zeros(4), np.zeros(3)))
    q = rc.init_params("gru", 2, 4, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"h0 should have shape \(units,\) = \(4,\)"):
        rc.unroll(q, np.zeros((3, 2)), np.zeros(5))


def test_backward_rejects_wrong_upstream_shape():
    p = rc.init_params("rnn", 2, 4, np.random.default_rng(0))
    trace = rc.unroll(p, np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"dL_dh should have shape \(T, units\) = \(3, 4\)"):
        rc.backward(p, trace, np.zeros((3, 5)))


def test_params_validate_shapes():
    with pytest.raises(ValueError, match="W_hh should have shape"):
        rc.CellParams("rnn", np.zeros((4, 2)), np.zeros((4, 3)), np.zeros(4), np.zeros(4))
    with pytest.raises(ValueError, match="multiple of 4"):
        rc.CellParams("lstm", np.zeros((6, 2)), np.zeros((6, 6)), np.zeros(6), np.zeros(6))
    with pytest.raises(ValueError, match="kind must be"):
        rc.CellParams("transformer", np.zeros((4, 2)), np.zeros((4, 4)), np.zeros(4), np.zeros(4))


@given(kind=st.sampled_from(rc.KINDS), D=st.integers(1, 5), H=st.integers(1, 6), T=st.integers(0, 12))
def test_trace_has_one_record_per_step(kind, D, H, T):
    p = rc.init_params(kind, D, H, np.random.default_rng(T))
    xs = np.random.default_rng(1).normal(size=(T, D))
    trace = rc.unroll(p, xs)
    assert trace.T == T and trace.h.shape == (T, H)
    for t, s in enumerate(trace.steps):
        assert s.t == t and s.x.shape == (D,) and s.h.shape == (H,)
        prev = trace.h0 if t == 0 else trace.h[t - 1]
        np.testing.assert_array_equal(s.h_prev, prev)
    if kind == "lstm":
        assert trace.c.shape == (T, H)
    grads, dh = rc.backward(p, trace, np.ones((T, H)))
    assert dh.shape == (T, H)
    for name, arr in p.arrays().items():
        assert getattr(grads, name).shape == arr.shape, name


@given(kind=st.sampled_from(rc.KINDS), H=st.integers(1, 6), seed=st.integers(0, 1000))
def test_hidden_state_is_bounded(kind, H, seed):
    """tanh and convex mixing keep every |h_t| <= 1, whatever the weights."""
    rng = np.random.default_rng(seed)
    p = rc.init_params(kind, 2, H, rng, scale=5.0)
    trace = rc.unroll(p, rng.normal(size=(20, 2)) * 10)
    assert np.all(np.abs(trace.h) <= 1.0)


def test_gate_blocks_and_b_h():
    p = rc.init_params("gru", 2, 3, np.random.default_rng(0))
    assert [p.gate(g)["W_x"].shape for g in p.gates] == [(3, 2)] * 3
    np.testing.assert_array_equal(p.b_h[6:], p.b_xh[6:])
    np.testing.assert_array_equal(p.b_h[:6], p.b_xh[:6] + p.b_hh[:6])
    assert p.n_params == 3 * 3 * (2 + 3 + 2)


@pytest.mark.parametrize("kind", rc.KINDS)
@pytest.mark.parametrize("encoding", ["onehot", "embed"])
def test_the_shapes_panel_counts_what_torch_holds(kind, encoding):
    from rnn_core.engine.modules import SeqNet
    from rnn_core.shapes import weights

    D, H, O, V = 5, 3, 4, 11
    net = SeqNet(kind, D, H, O, encoding, V if encoding == "embed" else None)
    rows = weights(kind, D, H, O, V if encoding == "embed" else None)
    held = {name: p.numel() for name, p in net.named_parameters()}
    named = {n.strip(): w for w in rows for n in w.torch_name.split(",")}
    assert set(named) == set(held)
    for w in rows:
        assert w.torch_count == sum(held[n.strip()] for n in w.torch_name.split(","))
        assert w.torch.startswith(" x ".join(str(s) for s in net.get_parameter(w.torch_name.split(",")[0]).shape))
    G = len(rc.GATES[kind])
    assert sum(w.torch_count for w in rows) - sum(w.lecture_count for w in rows) == G * H - (H if kind == "gru" else 0)
    assert ("weight blocks" in rows[-4].torch) == (G > 1)  # no "per block" talk for a vanilla RNN
