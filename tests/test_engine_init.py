"""Seeded means seeded under any concurrency: private generators give torch's own default init, never touch the
global generator, and every kind of model the app builds comes out bit-identical whether built alone or eight at
once."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import torch

from rnn_core.engine.init import seeded
from rnn_core.engine.modules import SeqNet, WindowNet
from rnn_core.engine.sentences import Settings
from rnn_core.engine.zoo import train
from rnn_core.experiments.horizon import HorizonConfig, train_cell
from rnn_core.experiments.stepper import Stepper
from rnn_core.experiments.window_vs_rnn import train_demo
from rnn_core.tasks import get_task

FACTORIES = {
    "onehot-lstm": lambda: SeqNet("lstm", 4, 3, 4, "onehot"),
    "embed-gru": lambda: SeqNet("gru", 16, 8, 8, "embed", vocab_size=50),
    "dense-rnn": lambda: SeqNet("rnn", 1, 1, 1, "dense"),
    "window-3": lambda: WindowNet(3, 16, 32, 8, "embed", 50),
}


def state(module: torch.nn.Module) -> dict[str, np.ndarray]:
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def same(a, b) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("name", FACTORIES)
def test_seeded_draws_what_torch_manual_seed_draws(name):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(7)
        old = FACTORIES[name]()
    assert same(state(seeded(FACTORIES[name], 7)), state(old))
    assert not same(state(seeded(FACTORIES[name], 8)), state(old))


def test_seeded_never_touches_the_global_generator():
    before = torch.get_rng_state()
    seeded(FACTORIES["embed-gru"], 3)
    assert torch.equal(torch.get_rng_state(), before)


def at_once(build, seeds):
    """``build(seed)`` for every seed, serially, then all in 8 threads at once."""
    serial = [build(s) for s in seeds]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(build, seeds))
    return serial, parallel


def explorer(seed):
    task = get_task("chars")
    m = train(task, "gru", task.default_units, seed)
    return {**m.net.params.arrays(), "W_hy": m.net.readout.W_hy, "acc": np.array(m.accuracy)}


def training_step0(seed):
    s = Stepper(get_task("chars"), "lstm", 3, seed=0 if seed < 0 else seed % 2)
    s.step()
    return {**s.weights(), "loss": np.array([r.train_loss for r in s.history])}


def horizon(seed):
    c = train_cell("rnn", 5, seed % 2, HorizonConfig(steps=30, eval_every=10, heldout=64))
    return {"curve": np.array(c.curve), "acc": np.array(c.accuracy)}


def window_demo(seed):
    small = Settings(n_train=96, n_heldout=32, epochs=1, window_epochs=1, rnn_epochs=1)
    d = train_demo(seed % 2, window_sizes=(2,), settings=small)
    return {m: d.numpy_net(m).W_1 if m.startswith("window") else d.numpy_net(m).params.W_hh for m in d.models}


@pytest.mark.full  # a concurrency suite, like tests/test_isolation.py: eight trainings twice over, ~1 min in all
@pytest.mark.parametrize("build", [explorer, training_step0, horizon, window_demo], ids=lambda f: f.__name__)
def test_eight_at_once_equal_one_at_a_time(build):
    seeds = [5101, 5102, 5103, 5104, 5105, 5106, 5107, 5108]
    serial, parallel = at_once(build, seeds)
    for s, a, b in zip(seeds, serial, parallel, strict=True):
        assert same(a, b), f"seed {s}: the model built among 8 at once differs from the one built alone"
