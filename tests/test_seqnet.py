import numpy as np
import pytest
import torch

from rnn_core.engine.bridge import replay
from rnn_core.engine.modules import SeqNet


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("encoding", ["onehot", "embed", "dense"])
def test_replay_equals_torch(kind, encoding):
    torch.manual_seed(0)
    V, D = 5, (5 if encoding == "onehot" else 3)
    net = SeqNet(kind, D, 4, 6, encoding=encoding, vocab_size=V).double()
    if encoding == "dense":
        inputs = np.random.default_rng(0).normal(size=(7, D))
        batch = torch.tensor(inputs)[None]
    else:
        inputs = np.array([0, 3, 1, 4, 4, 2, 0])
        batch = torch.tensor(inputs)[None]
    logits, hs = net(batch)
    r = replay(net, inputs)
    np.testing.assert_allclose(r.trace.h, hs[0].detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(r.logits, logits[0].detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(r.probs.sum(axis=1), 1.0)
