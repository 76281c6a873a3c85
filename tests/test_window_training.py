"""The fixed window trained for real on every task (rnn_core.engine.training / zoo with kind 'window-k'): it trains
with the same fit, is scored on the held-out data, is stored and loaded like the recurrent models, and samples or
captions at test time through the same feed-back loop."""

import numpy as np
import pytest
import torch

from rnn_core.engine import zoo
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.training import evaluate, fit, make_net
from rnn_core.sampling import feed_back, sample
from rnn_core.tasks import TASK_IDS, get_task
from rnn_core.window import NumpyWindow


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_trains_and_is_scored(task_id):
    task = get_task(task_id)
    r = fit(task, "window-2", task.default_units, seed=0, steps=15)
    assert len(r.losses) == 15 and r.losses[-1] < r.losses[0]
    assert 0.0 <= r.accuracy <= 1.0
    assert r.accuracy == evaluate(task, r.net, task.heldout)[1]
    net = to_numpy(r.net)
    assert isinstance(net, NumpyWindow) and net.k == 2
    ex = task.default
    dtype = torch.float32 if task.encoding == "dense" else torch.long
    with torch.no_grad():
        y, _ = r.net(torch.tensor(np.asarray(ex.inputs)[None], dtype=dtype))
    np.testing.assert_allclose(net.replay(ex.inputs).logits, y[0].numpy(), atol=1e-5)


def test_the_words_task_trains_its_window_like_the_others():
    """The words task's RNNs follow /window's recipe; a window-k on it is trained as the explorer's others."""
    task = get_task("words")
    assert zoo.recipe(task, "window-3", 32, 0)["recipe"] == "seqnet"
    assert zoo.recipe(task, "gru", 32, 0)["recipe"] == "sentences"


def test_stored_and_loaded_is_the_same_model(tmp_path):
    task = get_task("chars")
    m = zoo.train(task, "window-2", 3, 0)
    zoo.save_trained(task, m, tmp_path)
    back = zoo.load_trained(task, "window-2", 3, 0, folder=tmp_path)
    assert back is not None and back.accuracy == m.accuracy and back.net.k == 2
    np.testing.assert_array_equal(back.net.W_1, m.net.W_1)
    assert not back.net.W_1.flags.writeable
    assert zoo.load_trained(task, "window-3", 3, 0, folder=tmp_path) is None


def test_default_windows_are_stored_and_load_without_training(monkeypatch):
    monkeypatch.setattr(zoo, "train", lambda *a, **k: pytest.fail("a stored model was trained again"))
    for task_id in TASK_IDS:
        task = get_task(task_id)
        m = zoo.trained(task, "window-3", task.default_units, 0)
        assert isinstance(m.net, NumpyWindow) and m.net.k == 3


def test_feeding_back_equals_the_replay_of_what_was_fed():
    task = get_task("chars")
    net = zoo.trained(task, "window-3", 3, 0).net
    ids = sample(net, 0, 8, 1.0, seed=1)
    inputs, chosen = feed_back(net, 0, 8, np.argmax, lambda j: j)
    assert np.argmax(net.replay(np.array(inputs)).logits, axis=1).tolist() == chosen
    assert len(ids) == 9


def test_a_window_captions_a_picture():
    task = get_task("caption")
    net = zoo.trained(task, "window-3", 16, 0).net
    said = task.decode(net, task.default)
    assert 1 <= said.T <= 10 and said.x_labels[0] == "image"
    np.testing.assert_allclose(net.replay(said.inputs).probs.sum(axis=1), 1.0)


def test_make_net_gives_a_window_for_a_window_kind():
    net = make_net(get_task("video"), "window-5", 8, 0)
    assert net.k == 5 and net.hidden.in_features == 5 * 64
