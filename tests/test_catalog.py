"""The task catalogue: every task says what it is, what goes in and out, what the page can do with it; its data
generator is deterministic for a seed and gives the declared shapes; its stored models beat its baseline."""

import numpy as np
import pytest

from rnn_core.engine.zoo import load_trained
from rnn_core.experiments.defaults import SEED
from rnn_core.params import KINDS
from rnn_core.tasks import ABILITIES, MAPPINGS, TASK_IDS, baselines, catalog, get_task

MARGIN = {"words": 0.2}  # held-out score above the baseline, at least (default below)
DEFAULT_MARGIN = 0.15


def test_every_task_is_in_the_catalogue_and_says_what_it_is():
    specs = catalog()
    assert [s.id for s in specs] == list(TASK_IDS)
    for s in specs:
        assert s.title and s.blurb and s.inputs and s.outputs, s.id
        assert s.mapping in MAPPINGS and set(s.can) <= set(ABILITIES)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_the_generator_is_deterministic_and_gives_the_declared_shapes(task_id):
    spec = next(s for s in catalog() if s.id == task_id)
    a, b = spec.generate(3), spec.generate(3)
    for ex_a, ex_b in zip(a.train + a.heldout, b.train + b.heldout, strict=True):
        np.testing.assert_array_equal(ex_a.inputs, ex_b.inputs)
        np.testing.assert_array_equal(ex_a.targets, ex_b.targets)
        np.testing.assert_array_equal(ex_a.media, ex_b.media)  # what a person hears or sees of it too
    for ex in (*a.train[:20], *a.heldout[:20], a.default):
        x, y = np.asarray(ex.inputs), np.asarray(ex.targets)
        assert len(x) == len(y) == ex.T == len(ex.y_labels)
        if a.encoding == "dense":
            assert x.shape == (ex.T, a.input_dim)
        else:
            assert x.ndim == 1 and x.max() < (a.vocab_size or a.input_dim)
        scored = (y >= 0) if a.loss == "ce" else np.isfinite(y.astype(float))
        if a.mapping == "many-to-one":
            assert scored.tolist() == [False] * (ex.T - 1) + [True]
        if a.loss == "ce":
            assert y[scored].max() < a.output_dim


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_each_stored_model_beats_its_baseline(task_id, kind):
    task = get_task(task_id)
    m = load_trained(task, kind, task.default_units, SEED)
    assert m is not None, "not stored: python -m rnn_core.experiments.defaults build"
    base = baselines.score(task)
    assert m.accuracy >= base + MARGIN.get(task_id, DEFAULT_MARGIN), (m.accuracy, base)
