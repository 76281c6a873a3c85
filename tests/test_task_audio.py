"""The audio task: synthesised sounds, framed into x_t; deterministic for a seed, balanced, and learnable."""

import numpy as np
import pytest

from rnn_core.engine.zoo import train
from rnn_core.tasks import baselines
from rnn_core.tasks.audio import CLASSES, FEATURES, FRAME, SAMPLE_RATE, T, audio_task, frame_features, synthesise

MARGIN = 0.15  # held-out accuracy above the majority baseline, at least


@pytest.fixture(scope="module")
def task():
    return audio_task(0)


def test_another_seed_gives_other_sounds(task):
    """(The same seed gives the same sounds: tests/test_catalog.py, for every task.)"""
    assert not np.array_equal(task.train[0].media, audio_task(1).train[0].media)


def test_classes_are_balanced(task):
    for examples in (task.train, task.heldout):
        counts = np.bincount([int(ex.targets[-1]) for ex in examples], minlength=len(CLASSES))
        assert counts.min() == counts.max() == len(examples) // len(CLASSES)


def test_shapes_labels_and_waveforms(task):
    assert task.input_dim == len(FEATURES) and task.output_dim == len(CLASSES) == len(task.classes)
    assert task.media == "audio" and task.sample_rate == SAMPLE_RATE and {"listen", "look"} <= task.can
    for ex in (*task.train[:30], *task.heldout[:30], task.default):
        assert ex.inputs.shape == (T, len(FEATURES)) and np.isfinite(ex.inputs).all()
        assert ex.targets[:-1].tolist() == [-1] * (T - 1)
        assert ex.y_labels[:-1] == (None,) * (T - 1) and ex.y_labels[-1] == CLASSES[ex.targets[-1]]
        assert len(ex.x_labels) == T and all(len(s) <= 5 for s in ex.x_labels)  # short: under narrow columns
        wave = np.asarray(ex.media)
        assert wave.shape == (T * FRAME,) and np.abs(wave).max() <= 1.0 and np.abs(wave).max() > 0.1
        np.testing.assert_allclose(frame_features(wave), ex.inputs, atol=1e-5)  # x_t is what the wave says
    assert task.default.y_labels[-1] == "chirp up"


@pytest.mark.parametrize("hz", [300.0, 1500.0, 3000.0])
def test_features_of_a_pure_tone(hz):
    t = np.arange(T * FRAME) / SAMPLE_RATE
    x = frame_features(0.5 * np.sin(2 * np.pi * hz * t + 0.1))
    loud, zc, low, high = x.T
    np.testing.assert_allclose(loud, 0.5, atol=0.02)  # sqrt(2) * RMS of a sine is its amplitude
    np.testing.assert_allclose(zc, 2 * hz / 1000, atol=0.1)  # 2 zero crossings per period
    assert (low > 0.9).all() if hz < 1000 else (low < 0.1).all()
    assert (high > 0.9).all() if hz > 2000 else (high < 0.1).all()


def test_chirps_glide_and_noise_crosses_zero_most():
    rng = np.random.default_rng(5)
    up, down, noise = (
        frame_features(synthesise(CLASSES.index(c), rng))[:, 1] for c in ("chirp up", "chirp down", "noise")
    )
    assert up[-3:].mean() > 2 * up[:3].mean() and down[:3].mean() > 2 * down[-3:].mean()
    assert noise.mean() > 3


def test_a_trained_gru_beats_the_baseline(task):
    m = train(task, "gru", task.default_units, 0)
    base = baselines.score(task)
    assert base == pytest.approx(1 / len(CLASSES))
    assert m.accuracy >= base + MARGIN, (m.accuracy, base)
