import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import rnn_core as rc
from rnn_core.explain import step_terms


@settings(deadline=None, max_examples=30)
@given(kind=st.sampled_from(rc.KINDS), D=st.integers(1, 4), H=st.integers(1, 5), seed=st.integers(0, 500))
def test_terms_add_up_to_the_trace(kind, D, H, seed):
    rng = np.random.default_rng(seed)
    p = rc.init_params(kind, D, H, rng)
    trace = rc.unroll(p, rng.normal(size=(4, D)))
    for s in trace.steps:
        terms = {g.gate: g for g in step_terms(p, s)}
        for g in terms.values():
            np.testing.assert_allclose(g.Wx + g.Wh + g.b, g.a, atol=1e-12)
        if kind == "rnn":
            np.testing.assert_allclose(terms["h"].value, s.h, atol=1e-12)
        elif kind == "lstm":
            for name in "ifgo":
                np.testing.assert_allclose(terms[name].value, getattr(s, name), atol=1e-12)
            np.testing.assert_allclose(terms["f"].value * s.c_prev + terms["i"].value * terms["g"].value, s.c)
        else:
            for name in "rzn":
                np.testing.assert_allclose(terms[name].value, getattr(s, name), atol=1e-12)


def test_trace_gates_are_the_step_records_stacked():
    rng = np.random.default_rng(0)
    for kind, letters in (("lstm", "ifgo"), ("gru", "rzn")):
        p = rc.init_params(kind, 3, 4, rng)
        trace = rc.unroll(p, rng.normal(size=(5, 3)))
        gates = trace.gates()
        assert list(gates) == list(letters)
        for k, s in enumerate(trace.steps):
            terms = {g.gate: g.value for g in step_terms(p, s)}
            for name in letters:
                assert gates[name].shape == (5, 4)
                np.testing.assert_allclose(gates[name][k], terms[name], atol=1e-12)
    assert rc.unroll(rc.init_params("rnn", 2, 3, rng), rng.normal(size=(4, 2))).gates() == {}
    empty = rc.unroll(rc.init_params("lstm", 2, 3, rng), np.zeros((0, 2)))
    assert {g: v.shape for g, v in empty.gates().items()} == {g: (0, 3) for g in "ifgo"}
