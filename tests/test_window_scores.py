"""Which network a task needs (rnn_core.experiments.window_scores): the verdict follows the held-out numbers, and
every task's stored models give it, with a sentence on what the task must remember."""

import pytest

from rnn_core.engine.zoo import load_trained
from rnn_core.experiments.window_scores import CLOSE, Scores, scores, verdict
from rnn_core.tasks import TASK_IDS, get_task
from rnn_core.window import SCORED_KS
from viz import labels


def made_up(windows: dict[int, float], rnns: dict[str, float], chance=0.25, baseline=0.3) -> Scores:
    acc = {f"window-{k}": a for k, a in windows.items()} | rnns
    return Scores("x", 8, 0, acc, chance, baseline, "majority", "ce")


def test_a_window_that_does_as_well_is_enough_from_the_smallest_k():
    s = made_up({1: 0.75, 2: 0.99, 3: 1.0}, {"rnn": 1.0, "lstm": 1.0, "gru": 0.9})
    assert s.enough_k == 2
    v = verdict(s, labels.ARCH_SHORT)
    assert v.startswith("A window is enough here: window-2 scores 99%") and "one input scores 75%" in v


def test_no_window_near_the_best_rnn_needs_a_recurrent_net():
    s = made_up({1: 0.25, 3: 0.26, 8: 0.27}, {"rnn": 0.4, "gru": 1.0})
    assert s.enough_k is None
    v = verdict(s, labels.ARCH_SHORT)
    assert "No window up to k = 8" in v and "no better than guessing" in v and "GRU's 100%" in v


def test_close_means_two_points():
    assert made_up({1: 0.9 - CLOSE}, {"rnn": 0.9}).enough_k == 1
    assert made_up({1: 0.9 - CLOSE - 0.001}, {"rnn": 0.9}).enough_k is None


def test_missing_models_give_no_verdict():
    assert "no verdict" in verdict(made_up({}, {"rnn": 1.0}), labels.ARCH_SHORT)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_has_its_stored_scores_and_says_what_it_needs(task_id):
    task = get_task(task_id)
    assert len(task.memory) > 20

    def accuracy_of(kind):
        m = load_trained(task, kind, task.default_units, 0)
        return None if m is None else m.accuracy

    s = scores(task, task.default_units, 0, accuracy_of)
    assert set(s.windows) == set(SCORED_KS) and set(s.recurrent) == {"rnn", "lstm", "gru"}
    assert (s.chance is None) == (task.loss == "mse")
    assert verdict(s, labels.ARCH_SHORT)


def test_the_lessons_the_numbers_teach():
    """The fluent sentence and the heartbeat need an RNN; "hello" needs two letters and no more."""

    def of(task_id):
        task = get_task(task_id)
        return scores(task, task.default_units, 0, lambda k: load_trained(task, k, task.default_units, 0).accuracy)

    assert of("words").enough_k is None and of("ecg").enough_k is None
    assert of("chars").enough_k == 2


# --- what one input alone does: the sentence under every task's description ------------------------------------

from rnn_core.engine.training import evaluate, make_net  # noqa: E402
from rnn_core.experiments.window_scores import NEAR_SHARE, one_input  # noqa: E402
from tests.torch_helpers import window_state  # noqa: E402


def test_one_input_words_follow_the_numbers():
    near = one_input(made_up({1: 0.27}, {"rnn": 0.6, "gru": 0.95}), labels.ARCH)
    assert near.startswith("One input alone is not enough") and "baseline (majority: 30%)" in near and "GRU" in near
    enough = one_input(made_up({1: 0.94}, {"lstm": 0.95}), labels.ARCH)
    assert enough.startswith("One input is enough here") and "LSTM, 95%" in enough
    between = one_input(made_up({1: 0.8}, {"gru": 0.88}), labels.ARCH)
    assert "already scores 80%" in between and "help a little" in between
    assert "help a lot" in one_input(made_up({1: 0.6}, {"gru": 0.99}), labels.ARCH)
    assert one_input(made_up({}, {"rnn": 1.0}), labels.ARCH) == ""


def stored_scores(task) -> Scores:
    def accuracy_of(kind):
        m = load_trained(task, kind, task.default_units, 0)
        return None if m is None else m.accuracy

    return scores(task, task.default_units, 0, accuracy_of)


def one_input_score(task) -> float:
    """The stored window of one input, run afresh on the task's held-out examples (torch, as it was trained)."""
    m = load_trained(task, "window-1", task.default_units, 0)
    net = make_net(task, "window-1", task.default_units, 0)
    net.load_state_dict({k: v.float() for k, v in window_state(m.net).items()})
    return evaluate(task, net.eval(), task.heldout)[1]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_what_the_page_says_of_one_input_is_what_a_one_input_model_scores(task_id):
    """Run the one-input model on the task's held-out examples; the page's sentence must say what that score
    says: near guessing (or the baseline), as good as the memories, or the score a memory has to beat."""
    task = get_task(task_id)
    one = one_input_score(task)
    s = stored_scores(task)
    assert one == pytest.approx(s.windows[1], abs=1e-6)
    best = max(s.recurrent.values())
    floor = max(s.baseline, s.chance or 0.0)
    line = one_input(s, labels.ARCH)
    if one - floor <= NEAR_SHARE * (best - floor):
        assert line.startswith("One input alone is not enough"), line
    elif one >= best - CLOSE:
        assert line.startswith("One input is enough"), line
    else:
        assert "the score a memory has to beat" in line, line
    assert f"{one:.0%}" in line and f"{best:.0%}" in line


def test_video_needs_more_than_one_frame_and_protein_gains_a_little():
    """The two tasks whose pages claimed more than their models showed: a video frame alone is near chance now,
    and a residue alone already gets most of the way."""
    assert one_input(stored_scores(get_task("video")), labels.ARCH).startswith("One input alone is not enough")
    protein = one_input(stored_scores(get_task("protein")), labels.ARCH)
    assert "the score a memory has to beat" in protein and "help a little" in protein
