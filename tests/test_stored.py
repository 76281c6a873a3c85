"""The models stored in models/ are what the code would train: recipe and data version match (a stale file fails
here), each scores on its held-out data what its file says, one rebuilds to the same numbers, and the pages get
them without training."""

import json

import numpy as np
import pytest
import torch

from rnn_core.cnn import EncodedNet
from rnn_core.engine import stored, zoo
from rnn_core.engine.sentences import predict_torch
from rnn_core.engine.training import Batch, evaluate, loss_and_hits, make_net
from rnn_core.experiments import defaults, horizon, window_vs_rnn
from rnn_core.tasks import get_task
from rnn_core.window import NumpyWindow
from tests.torch_helpers import to_torch_state, window_state

REBUILD_TOLERANCE = 1e-5  # weights retrained here vs stored: float32 training, so equal up to summation order


def torch_net(task, m: zoo.Trained):
    """The stored numpy weights back in a torch SeqNet (float32, as trained)."""
    net = make_net(task, m.kind, m.units, 0)
    if isinstance(m.net, NumpyWindow):
        net.load_state_dict({k: v.float() for k, v in window_state(m.net).items()})
        return net.eval()
    if isinstance(m.net, EncodedNet):  # the CNN's kernels, then the recurrent net as any other
        cnn = m.net.cnn
        state = {f"cnn.conv{i}.weight": torch.tensor(K).float() for i, K in enumerate(cnn.K, 1)}
        state |= {f"cnn.conv{i}.bias": torch.tensor(c).float() for i, c in enumerate(cnn.c, 1)}
        m = zoo.Trained(m.task_id, m.kind, m.units, m.seed, m.net.net, m.losses, m.accuracy)
    else:
        state = {}
    state |= {f"cell.{k}": v.float() for k, v in to_torch_state(m.net.params.map(np.array)).items()}
    state |= {
        "head.weight": torch.tensor(m.net.readout.W_hy).float(),
        "head.bias": torch.tensor(m.net.readout.b_y).float(),
    }
    if m.net.E is not None:
        state["embed.weight"] = torch.tensor(m.net.E).float()
    net.load_state_dict(state)
    return net.eval()


def test_every_default_is_stored():
    names = {p.stem for p in stored.MODELS.glob("*.json")}
    want = {zoo.stored_name(*d) for d in defaults.explorer_defaults()}
    want |= {window_vs_rnn.stored_name(0), horizon.stored_name(0)}
    assert want <= names, f"missing: {sorted(want - names)}; run python -m rnn_core.experiments.defaults build"


@pytest.mark.parametrize("task_id, kind, units, seed", defaults.explorer_defaults(), ids=lambda v: str(v))
def test_explorer_model_matches_the_code_and_its_score(task_id, kind, units, seed):
    task = get_task(task_id)
    meta = json.loads((stored.MODELS / f"{zoo.stored_name(task_id, kind, units, seed)}.json").read_text())
    assert meta["recipe"] == json.loads(json.dumps(zoo.recipe(task, kind, units, seed))), "stale recipe: rebuild"
    assert meta["data_version"] == zoo.data_version(task), "the task's data changed: rebuild models/"
    m = zoo.load_trained(task, kind, units, seed)
    assert m is not None and not m.net.readout.W_hy.flags.writeable
    assert evaluate(task, torch_net(task, m), task.heldout)[1] == pytest.approx(meta["heldout_accuracy"], abs=1e-12)


def test_window_demo_matches_the_code_and_its_scores():
    meta = json.loads((stored.MODELS / f"{window_vs_rnn.stored_name(0)}.json").read_text())
    d = window_vs_rnn.load_demo(0)
    assert d is not None and meta["data_version"] == window_vs_rnn.data_version(d.data)
    labels = np.array([ex.label for ex in d.data.heldout])
    for m in d.models:
        acc = float((predict_torch(m, d.torch_net(m), d.data.heldout).argmax(1) == labels).mean())
        assert acc == pytest.approx(d.accuracy[m], abs=1e-12), m
    assert d.accuracy["gru"] > 0.9 and max(d.accuracy[f"window-{k}"] for k in d.window_sizes) < 0.2


def test_horizon_grid_matches_the_code_and_its_scores():
    meta = json.loads((stored.MODELS / f"{horizon.stored_name(0)}.json").read_text())
    grid = horizon.load_grid(0)
    assert grid is not None and meta["data_version"] == horizon.data_version(grid.lags, 0)
    for c in grid.cells:
        task = horizon.horizon_task(c.lag, 0)
        net = torch_net(task, zoo.Trained(task.id, c.kind, horizon.DEFAULT_CONFIG.units, 0, c.net, (), c.accuracy))
        held = Batch(
            torch.from_numpy(np.stack([ex.inputs for ex in task.heldout])),
            torch.from_numpy(np.stack([ex.targets for ex in task.heldout])),
        )
        with torch.no_grad():
            _, hits, n = loss_and_hits(task, net, held)
        assert hits / n == pytest.approx(c.accuracy, abs=1e-12), (c.kind, c.lag)


def test_a_stale_recipe_is_not_loaded(tmp_path):
    task = get_task("chars")
    zoo.save_trained(task, zoo.load_trained(task, "rnn", 3, 0), tmp_path)
    meta = tmp_path / f"{zoo.stored_name('chars', 'rnn', 3, 0)}.json"
    m = json.loads(meta.read_text())
    m["recipe"]["steps"] += 1
    meta.write_text(json.dumps(m))
    assert zoo.load_trained(task, "rnn", 3, 0, folder=tmp_path) is None
    assert zoo.load_trained(task, "rnn", 3, 0, folder=tmp_path / "nowhere") is None


def test_rebuilding_one_gives_the_stored_numbers():
    task = get_task("chars")
    kept, fresh = zoo.load_trained(task, "lstm", 3, 0), zoo.train(task, "lstm", 3, 0)
    assert fresh.accuracy == kept.accuracy
    for k, v in kept.net.params.arrays().items():
        np.testing.assert_allclose(fresh.net.params.arrays()[k], v, atol=REBUILD_TOLERANCE, err_msg=k)


def test_stored_models_need_no_training(monkeypatch):
    monkeypatch.setattr(zoo, "train", lambda *a, **k: pytest.fail("a stored model was trained again"))
    m = zoo.trained(get_task("words"), "gru", 32, 0)
    assert m.accuracy > 0.9
    assert window_vs_rnn.load_demo(0) is not None and horizon.load_grid(0) is not None
