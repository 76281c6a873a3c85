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
