"""The CNN encoder glass box (rnn_core.cnn): its numpy convolutions and pooling equal torch's, the whole CNN + RNN
equals the torch SeqNet's forward, and a step with no image reads zeros in place of the CNN's features."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.cnn import EncodedNet, cnn_kind, conv3x3, maxpool2, split_kind
from rnn_core.engine import zoo
from rnn_core.engine.bridge import to_numpy
from rnn_core.engine.training import make_net
from rnn_core.tasks import get_task

TIGHT = 1e-12


@settings(max_examples=25, deadline=None)
@given(C=st.integers(1, 3), F=st.integers(1, 4), H=st.integers(2, 9), W=st.integers(2, 9), seed=st.integers(0, 999))
def test_conv_and_pool_equal_torch(C, F, H, W, seed):
    rng = np.random.default_rng(seed)
    x, K, c = rng.normal(size=(C, H, W)), rng.normal(size=(F, C, 3, 3)), rng.normal(size=F)
    want = torch.nn.functional.conv2d(torch.tensor(x)[None], torch.tensor(K), torch.tensor(c), padding=1)[0]
    np.testing.assert_allclose(conv3x3(x, K, c), want.numpy(), atol=TIGHT)
    np.testing.assert_allclose(maxpool2(x), torch.nn.functional.max_pool2d(torch.tensor(x)[None], 2)[0].numpy())


@pytest.mark.parametrize("task_id", ["video", "caption"])
@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_cnn_then_rnn_replays_torch_exactly(task_id, kind):
    task = get_task(task_id)
    net = make_net(task, cnn_kind(kind), 6, seed=1).double()
    ex = task.default
    with torch.no_grad():
        y, h = net(torch.tensor(np.asarray(ex.inputs)[None], dtype=torch.float64))
        x_torch = net.encode(torch.tensor(np.asarray(ex.inputs)[None], dtype=torch.float64))[0].numpy()
    enc = to_numpy(net)
    assert isinstance(enc, EncodedNet)
    r = enc.replay(ex.inputs)
    np.testing.assert_allclose(r.xs, x_torch, atol=TIGHT)  # the CNN's output is the x_t the cell is given
    np.testing.assert_allclose(r.trace.h, h[0].numpy(), atol=TIGHT)
    np.testing.assert_allclose(r.logits, y[0].numpy(), atol=TIGHT)


def test_a_step_with_no_image_reads_its_word_alone():
    task = get_task("caption")
    enc = to_numpy(make_net(task, "gru-cnn", 4, 0).double())
    xs = enc.encode(task.default.inputs)
    n = enc.cnn.out_dim
    assert xs.shape == (task.default.T, n + task.input_dim - enc.cnn.in_dim)
    assert np.any(xs[0, :n]) and not np.any(xs[1:, :n])
    np.testing.assert_array_equal(xs[1:, n:], np.asarray(task.default.inputs)[1:, enc.cnn.in_dim :])


def test_the_maps_of_one_frame():
    task = get_task("video")
    enc = to_numpy(make_net(task, "lstm-cnn", 4, 0))
    p = enc.cnn.run(task.default.inputs[0])
    assert p.image.shape == (1, 8, 8) and [m.shape for m in p.pooled] == [(4, 4, 4), (8, 2, 2)]
    assert all((m >= 0).all() for m in p.relu)
    np.testing.assert_array_equal(p.features, p.pooled[-1].reshape(-1))
    assert enc.cnn.n_params == 4 * 9 + 4 + 8 * 4 * 9 + 8


def test_kinds_and_stored_models():
    assert split_kind("gru-cnn") == ("gru", "cnn") and split_kind("lstm") == ("lstm", "flat")
    with pytest.raises(ValueError):
        make_net(get_task("chars"), "gru-cnn", 3, 0)
    task = get_task("video")
    m = zoo.load_trained(task, "gru-cnn", task.default_units, 0)
    assert m is not None and isinstance(m.net, EncodedNet) and not m.net.cnn.K[0].flags.writeable
    assert m.net.replay(task.default.inputs).probs.shape == (8, 6)


def test_the_caption_decodes_with_a_cnn():
    task = get_task("caption")
    net = zoo.load_trained(task, "lstm-cnn", task.default_units, 0).net
    said = task.decode(net, task.default)
    assert said.x_labels[0] == "image" and 1 <= said.T <= 10
