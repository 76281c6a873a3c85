"""The models the store shares between sessions are never changed by a session: every array is read-only, and
after many sessions' visits (typed weights, sampling, other seeds, training steps) every array is as it was."""

from dataclasses import fields, is_dataclass

import numpy as np

from tests.apptest_util import app
from ui import store

VISITS = [
    ("unroll", {}),
    ("unroll", {"seq": "scalar"}),
    ("unroll", {"seq": "words", "arch": "lstm", "t": "5"}),
    ("unroll", {"seq": "chars", "arch": "gru", "text": "hello hello"}),
    ("window", {"k": "6", "text": "Rome, Italy. I speak fluent"}),
    ("training", {"seq": "chars", "arch": "lstm"}),
]


def arrays(obj, path="") -> dict[str, np.ndarray]:
    """Every numpy array inside a stored value (dataclasses, mappings and tuples followed)."""
    if isinstance(obj, np.ndarray):
        return {path: obj}
    out = {}
    if is_dataclass(obj) and not isinstance(obj, type):
        items = [(f.name, getattr(obj, f.name)) for f in fields(obj)]
    elif hasattr(obj, "items"):
        items = list(obj.items())
    elif isinstance(obj, tuple):
        items = list(enumerate(obj))
    else:
        return out
    for k, v in items:
        out |= arrays(v, f"{path}/{k}")
    return out


def shared() -> dict[str, np.ndarray]:
    s = store._store()
    return {f"{key}{p}": a for key, value in list(s.values.items()) for p, a in arrays(value).items()}


def test_no_session_changes_a_shared_model():
    for page, query in VISITS:
        app(page, **query).run()
    before = {k: a.copy() for k, a in shared().items()}
    assert before, "the visits put models in the shared store"
    assert not [k for k, a in shared().items() if a.flags.writeable], "shared arrays must be read-only"
    for page, query in VISITS:
        at = app(page, **query).run()
        if page == "training":
            for _ in range(3):
                at.button(key="tr_step").click().run()
        assert not at.exception
    after = shared()
    changed = [k for k in before if not np.array_equal(before[k], after[k], equal_nan=True)]
    assert not changed, f"a session changed shared models: {changed[:5]}"
