import numpy as np
import pytest

from rnn_core import tasks
from rnn_core.engine import zoo
from rnn_core.engine.zoo import train
from rnn_core.experiments import window_vs_rnn
from rnn_core.params import KINDS
from rnn_core.sampling import sample
from rnn_core.tasks import get_task


@pytest.fixture(scope="module", params=["rnn", "lstm", "gru"])
def hello(request):
    task = tasks.chars_task()
    return task, train(task, request.param, task.default_units, seed=0)


def test_hello_is_learned(hello):
    """After h, e, l, l the model predicts e, l, l, o: the lecture's example, from the numpy replay."""
    task, m = hello
    r = m.net.replay(task.default.inputs)
    assert [task.classes[j] for j in r.logits.argmax(axis=1)] == ["e", "l", "l", "o"]
    assert m.accuracy == 1.0


def test_shared_model_is_read_only(hello):
    _, m = hello
    with pytest.raises(ValueError):
        m.net.params.W_hh[0, 0] = 1.0


def test_sampling_is_seeded_and_cold_sampling_spells_hello(hello):
    task, m = hello
    a = sample(m.net, 0, 10, temperature=1.0, seed=7)
    b = sample(m.net, 0, 10, temperature=1.0, seed=7)
    assert np.array_equal(a, b) and len(a) == 11 and a[0] == 0
    cold = sample(m.net, 0, 4, temperature=0.01, seed=1)
    assert "".join(task.vocab[i] for i in cold) == "hello"


def test_sampling_rejects_bad_temperature(hello):
    _, m = hello
    with pytest.raises(ValueError, match="temperature"):
        sample(m.net, 0, 3, temperature=0)


def test_training_is_deterministic():
    task = tasks.scalar_task()
    a = train(task, "rnn", 1, seed=3)
    b = train(task, "rnn", 1, seed=3)
    np.testing.assert_array_equal(a.net.params.W_hh, b.net.params.W_hh)
    assert a.losses == b.losses


def test_the_words_task_and_window_show_one_model_per_seed():
    """The explorer's words task (its default 32 units) and /window's recurrent nets are the same models: one
    recipe, one seed, the same stored weights to the bit."""
    words = get_task("words")
    demo = window_vs_rnn.demo(0)
    for kind in KINDS:
        mine, theirs = zoo.trained(words, kind, words.default_units, 0).net, demo.numpy_net(kind)
        for name in ("W_xh", "W_hh", "b_xh", "b_hh"):
            assert np.array_equal(getattr(mine.params, name), getattr(theirs.params, name)), (kind, name)
        assert np.array_equal(mine.readout.W_hy, theirs.readout.W_hy) and np.array_equal(mine.E, theirs.E)


@pytest.mark.full  # trains /window's three recurrent nets: about 10 s
def test_the_words_recipe_trains_what_window_trains():
    """Trained afresh on this machine, the explorer's words recipe (zoo.train) and /window's own training
    (train_demo) give the same weights to the bit. Not compared with the stored files: those were trained on another
    machine, and over 120 Adam steps the vanilla RNN and the LSTM carry a last-bit difference in a float32 sum far
    beyond REBUILD_TOLERANCE (seen: weights 0.27 apart, 43.5% held-out against the stored 44.5%)."""
    words = get_task("words")
    fresh = zoo.train(words, "rnn", words.default_units, 0).net
    theirs = window_vs_rnn.train_demo(0, window_sizes=()).numpy_net("rnn")
    for name in ("W_xh", "W_hh", "b_xh", "b_hh"):
        assert np.array_equal(getattr(fresh.params, name), getattr(theirs.params, name)), name
    assert np.array_equal(fresh.readout.W_hy, theirs.readout.W_hy) and np.array_equal(fresh.E, theirs.E)
