"""video: tiny clips -> the action. The generator is deterministic for a seed, the frames are what the label says
(the shape's centre of mass moves that way, or its mass grows or shrinks), and a trained GRU beats the baseline."""

import numpy as np
import pytest

from rnn_core.engine.zoo import load_trained, train
from rnn_core.tasks import TASK_IDS, baselines, get_task, video
from rnn_core.tasks.video import ACTIONS, MOVES, SIZE, T, clip, video_task

MARGIN = 0.15  # held-out accuracy above the baseline, at least (as tests/test_catalog.py)


@pytest.fixture(scope="module")
def task():
    return video_task(0)


def centre(frame: np.ndarray) -> np.ndarray:
    """(x, y) centre of mass of a frame, in pixels (x to the right, y down)."""
    rows, cols = np.mgrid[0 : frame.shape[0], 0 : frame.shape[1]] + 0.5
    return np.array([(frame * cols).sum(), (frame * rows).sum()]) / frame.sum()


def test_registered_after_scalar_as_video():
    assert "video" in TASK_IDS and TASK_IDS.index("video") > TASK_IDS.index("scalar")
    t = get_task("video")
    assert t.mapping == "many-to-one" and t.encoding == "dense" and t.media == "frames" and "look" in t.can
    assert t.classes == ACTIONS and t.baseline == "majority"


def test_same_seed_same_clips_other_seed_other_clips():
    a, b, c = video_task(5), video_task(5), video_task(6)
    for x, y in zip(a.train + a.heldout, b.train + b.heldout, strict=True):
        np.testing.assert_array_equal(x.inputs, y.inputs)
        np.testing.assert_array_equal(x.targets, y.targets)
    assert not np.array_equal(a.train[0].inputs, c.train[0].inputs)
    np.testing.assert_array_equal(a.default.inputs, c.default.inputs)  # the explorer's clip is one for all seeds


def test_shapes_labels_and_frames_as_declared(task):
    for ex in (*task.train[:50], *task.heldout[:20], task.default):
        frames = np.asarray(ex.media)
        assert frames.shape == (T, SIZE, SIZE) and frames.min() >= 0 and frames.max() <= 1
        assert ex.inputs.shape == (T, task.input_dim) == (T, SIZE * SIZE)
        np.testing.assert_array_equal(ex.inputs, frames.reshape(T, -1))  # x_t is frame t, flattened
        assert ex.x_labels == tuple(f"f{t}" for t in range(1, T + 1))
        assert ex.targets[:-1].tolist() == [-1] * (T - 1) and 0 <= ex.targets[-1] < len(ACTIONS)
        assert ex.y_labels == (None,) * (T - 1) + (ACTIONS[ex.targets[-1]],)
    assert {int(ex.targets[-1]) for ex in task.train} == set(range(len(ACTIONS)))


@pytest.mark.parametrize("seed", [0, 1])
def test_the_shape_does_what_the_label_says(seed):
    for ex in video_task(seed).train:
        frames, action = np.asarray(ex.media), ACTIONS[ex.targets[-1]]
        first, last = centre(frames[0]), centre(frames[-1])
        dx, dy = last - first
        mass = frames[-1].sum() / frames[0].sum()
        if action == "go left":
            assert dx < -0.9 and abs(dy) < 0.6, (dx, dy)
        elif action == "go right":
            assert dx > 0.9 and abs(dy) < 0.6, (dx, dy)
        elif action == "go up":
            assert dy < -0.9 and abs(dx) < 0.6, (dx, dy)
        elif action == "go down":
            assert dy > 0.9 and abs(dx) < 0.6, (dx, dy)
        elif action == "grow":
            assert mass > 1.5, mass
        else:
            assert mass < 0.65 and np.hypot(dx, dy) < 1.0, (mass, dx, dy)


def test_the_shape_is_whole_in_the_last_frame(monkeypatch):
    """Without noise a moving square has its whole area, brightness x (2r)^2, in the last frame, and never more
    before (it may enter from an edge); a growing shape lights more pixels every frame, a shrinking one fewer."""
    monkeypatch.setattr(video, "NOISE", 0.0)
    rng = np.random.default_rng(0)
    for action in ACTIONS:
        for shape in ("square", "blob"):
            for _ in range(30):
                lit = clip(action, shape, 1.0, rng).reshape(T, -1).sum(axis=1)  # (T,)
                if action in MOVES:
                    assert (lit <= lit[-1] * (1 + 1e-9 if shape == "square" else 1.2)).all(), lit
                    assert lit[-1] > 2.5, lit  # a whole shape of half-size (or radius) 1 or more
                else:
                    change = np.diff(lit) if action == "grow" else -np.diff(lit)
                    assert (lit > 0.0).all() and (change > 0).all(), lit


def test_no_single_frame_tells_the_action(task):
    """The last frame looks alike whatever the action: a rule on it alone (nearest mean last frame) and the stored
    window of one frame stay within 15 points of chance on held-out clips, while the recurrent nets, which compare
    frames, get 90% or more."""
    X = np.array([ex.inputs[-1] for ex in task.train])
    y = np.array([ex.targets[-1] for ex in task.train])
    means = np.stack([X[y == c].mean(axis=0) for c in range(len(ACTIONS))])
    held = np.array([ex.inputs[-1] for ex in task.heldout])
    truth = np.array([ex.targets[-1] for ex in task.heldout])
    rule = float((((held[:, None] - means[None]) ** 2).sum(-1).argmin(1) == truth).mean())
    chance = 1 / len(ACTIONS)
    assert abs(rule - chance) <= 0.15, rule
    assert abs(load_trained(task, "window-1", task.default_units, 0).accuracy - chance) <= 0.15
    for kind in ("rnn", "lstm", "gru"):
        assert load_trained(task, kind, task.default_units, 0).accuracy >= 0.9, kind


def test_default_is_a_square_moving_right(task):
    assert task.default.y_labels[-1] == "go right"
    frames = np.asarray(task.default.media)
    assert centre(frames[-1])[0] - centre(frames[0])[0] > 1.5


def test_a_trained_gru_beats_the_baseline_on_held_out_clips(task):
    m = train(task, "gru", task.default_units, 0)
    assert m.accuracy >= baselines.score(task) + MARGIN, (m.accuracy, baselines.score(task))
    r = m.net.replay(task.default.inputs)
    assert ACTIONS[int(r.logits[-1].argmax())] == "go right"
