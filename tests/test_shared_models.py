"""The models the store shares between sessions are never changed by a session: every array is read-only, and
after many sessions' visits (typed weights, sampling, other seeds, training steps) every array is as it was."""

import numpy as np

from tests.apptest_util import app
from tests.hostile_util import shared_arrays

VISITS = [
    ("unroll", {}),
    ("unroll", {"seq": "scalar"}),
    ("unroll", {"seq": "words", "arch": "lstm", "t": "5"}),
    ("unroll", {"seq": "chars", "arch": "gru", "text": "hello hello"}),
    ("window", {"k": "6", "text": "Rome, Italy. I speak fluent"}),
    ("training", {"seq": "chars", "arch": "lstm"}),
]


def test_no_session_changes_a_shared_model():
    for page, query in VISITS:
        app(page, **query).run()
    before = {k: a.copy() for k, a in shared_arrays().items()}
    assert before, "the visits put models in the shared store"
    assert not [k for k, a in shared_arrays().items() if a.flags.writeable], "shared arrays must be read-only"
    for page, query in VISITS:
        at = app(page, **query).run()
        if page == "training":
            for _ in range(3):
                at.button(key="tr_step").click().run()
        assert not at.exception
    after = shared_arrays()
    changed = [k for k in before if not np.array_equal(before[k], after[k], equal_nan=True)]
    assert not changed, f"a session changed shared models: {changed[:5]}"
