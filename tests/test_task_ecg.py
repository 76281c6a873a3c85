"""The ecg task: McSharry-style synthetic traces, framed into x_t; deterministic for a seed, balanced, a plausible
heart rate, and learnable."""

import numpy as np
import pytest

from rnn_core.engine.zoo import train
from rnn_core.tasks import baselines
from rnn_core.tasks.ecg import (
    CLASSES,
    FEATURES,
    FRAME,
    SAMPLE_RATE,
    SECONDS,
    T,
    beats,
    ecg_task,
    frame_features,
    trace,
)

MARGIN = 0.15  # held-out accuracy above the majority baseline, at least


@pytest.fixture(scope="module")
def task():
    return ecg_task(0)


def r_peaks(x: np.ndarray) -> np.ndarray:
    """Sample indices of R peaks: local maxima standing 0.4 mV above the trace's running median, 0.25 s apart."""
    half = int(0.15 * SAMPLE_RATE)
    padded = np.pad(x, half, mode="edge")
    baseline = np.array([np.median(padded[i : i + 2 * half + 1]) for i in range(len(x))])
    y = x - baseline
    peaks = []
    for i in range(1, len(y) - 1):
        if y[i] > 0.4 and y[i] >= y[i - 1] and y[i] > y[i + 1]:
            if peaks and i - peaks[-1] < 0.25 * SAMPLE_RATE:
                if y[i] > y[peaks[-1]]:
                    peaks[-1] = i
                continue
            peaks.append(i)
    return np.asarray(peaks)


def test_another_seed_gives_other_traces(task):
    """(The same seed gives the same traces: tests/test_catalog.py, for every task.)"""
    assert not np.array_equal(task.train[0].media, ecg_task(1).train[0].media)


def test_classes_are_balanced(task):
    for examples in (task.train, task.heldout):
        counts = np.bincount([int(ex.targets[-1]) for ex in examples], minlength=len(CLASSES))
        assert counts[0] == counts[1] == len(examples) // 2


def test_shapes_and_labels(task):
    assert task.input_dim == len(FEATURES) and task.output_dim == len(CLASSES) == len(task.classes)
    assert task.media == "trace" and task.sample_rate == SAMPLE_RATE and task.can == {"look"}
    for ex in (*task.train[:30], *task.heldout[:30], task.default):
        assert ex.inputs.shape == (T, len(FEATURES)) and np.isfinite(ex.inputs).all()
        assert ex.targets[:-1].tolist() == [-1] * (T - 1)
        assert ex.y_labels[:-1] == (None,) * (T - 1) and ex.y_labels[-1] == CLASSES[ex.targets[-1]]
        assert len(ex.x_labels) == T and all(len(s) <= 5 for s in ex.x_labels)
        x = np.asarray(ex.media)
        assert x.shape == (T * FRAME,) == (int(SECONDS * SAMPLE_RATE),)
        assert 0.5 < x.max() - np.median(x) < 2.5  # R peaks of about 1 mV
        np.testing.assert_allclose(frame_features(x), ex.inputs, atol=1e-5)


@pytest.mark.parametrize("bpm", [55.0, 72.0, 95.0])
def test_the_r_peaks_counted_give_the_heart_rate_set(bpm):
    rng = np.random.default_rng(int(bpm))
    for _ in range(5):
        x = trace("normal", bpm, rng)
        counted = len(r_peaks(x)) * 60 / SECONDS
        assert abs(counted - bpm) <= 60 / SECONDS * 1.01, (counted, bpm)  # within one beat in the 8 s


def test_irregular_rhythms_are_irregular_and_normal_ones_are_not():
    def spread(kind):
        rng = np.random.default_rng(3)
        out = []
        for _ in range(20):
            times, _ = beats(kind, 0.8, rng)
            rr = np.diff(times)
            out.append(rr.std() / rr.mean())
        return np.asarray(out)

    assert spread("normal").max() < 0.05
    assert spread("premature").min() > 0.1 and spread("fibrillation").min() > 0.1


def test_a_premature_beat_is_followed_by_a_compensatory_pause():
    times, ectopic = beats("premature", 0.8, np.random.default_rng(0))
    assert ectopic.any()
    for k in np.flatnonzero(ectopic):
        assert times[k] - times[k - 1] < 0.75 * 0.8
        assert times[k + 1] - times[k - 1] == pytest.approx(2 * 0.8)


def test_a_trained_gru_beats_the_baseline(task):
    m = train(task, "gru", task.default_units, 0)
    base = baselines.score(task)
    assert base == pytest.approx(0.5)
    assert m.accuracy >= base + MARGIN, (m.accuracy, base)
