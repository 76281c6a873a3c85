"""The tour's answers that say what a model does (ui/tour/answers.py) are written from the stored models: each is
checked here against the numbers, worked out again, so an answer that a retrained model contradicts fails."""

import re

import numpy as np

from rnn_core.engine.zoo import load_trained
from rnn_core.experiments.verdict import verdict
from rnn_core.experiments.window_scores import one_input, scores
from rnn_core.sampling import sample
from rnn_core.tasks import get_task
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from ui.explorer.trained import trained_model
from ui.fluent.views import demo_for
from ui.tour.answers import ANSWERS
from ui.tour.stops import STOPS
from ui.tour.views import read_example
from ui.training.backward import initial_flow
from viz import labels

BY_ID = {s.id: s for s in STOPS}


def answer(stop_id: str) -> str:
    return ANSWERS[stop_id](**BY_ID[stop_id].settings)


def test_every_computed_answer_belongs_to_a_stop_that_has_no_typed_one():
    for stop_id in ANSWERS:
        assert stop_id in BY_ID and not BY_ID[stop_id].answer, stop_id


def test_the_fluent_answer_says_what_each_model_answers():
    demo = demo_for(0)
    a = demo.analyse(LECTURE_SENTENCE)
    text = answer("fluent")
    window = verdict(a.predictions["window-3"], a.expected, demo.chance)
    assert ("The window shrugs" in text) == (window.kind == "shrug")
    for m in ("rnn", "lstm", "gru"):
        v = verdict(a.predictions[m], a.expected, demo.chance)
        name = labels.ARCH[m]
        assert name in text
        if v.kind == "right":
            assert re.search(rf"{name}[^.]* say[s]? {a.expected}", text)
        else:
            assert f"{name} {v.text}" in text


def test_the_memory_answer_gives_the_curves_numbers():
    by = demo_for(0).by_distance
    text = answer("memory")
    rnn = by["rnn"].accuracy
    assert f"{rnn[0]:.0%} when the country is {int(by['rnn'].distances[0])} words back" in text
    assert f"{rnn[-1]:.0%} at {int(by['rnn'].distances[-1])}" in text
    for m in ("lstm", "gru"):
        assert (labels.ARCH[m] in text.split(";")[0]) == (by[m].accuracy.min() >= 0.9)
    assert "however far" not in text


def test_the_video_answer_reads_the_models_outputs_frame_by_frame():
    task = get_task("video")
    net = trained_model(task, "rnn", task.default_units, 0).net
    probs = net.replay(read_example(task, net).inputs).probs
    text = answer("video")
    for t, p in enumerate(probs[:-1], start=1):
        said = f"after frame {t}, {task.classes[int(p.argmax())]} ({p.max():.0%})"
        truth = read_example(task, net).y_labels[-1]
        assert (said in text) == (task.classes[int(p.argmax())] != truth and p.max() >= 0.5), said


def test_the_training_answer_gives_the_gradients_ratio():
    norm = initial_flow("video", "rnn", 8, 0).dh_norm
    text = answer("training")
    assert f"= {norm[0] / norm[-1]:.1e}" in text
    assert ("shrinks it at every step" in text) == bool(np.all(np.diff(norm) > 0))


def test_the_sampling_answer_quotes_what_the_model_samples():
    task = get_task("chars")
    s = dict(BY_ID["sampling"].settings)
    net = trained_model(task, "rnn", task.default_units, 0).net
    text = "".join(task.vocab[i] for i in sample(net, task.vocab.index(s["start"]), s["n"], s["temperature"], 0))
    assert f"“{text}”" in answer("sampling")


def test_the_video_stop_says_no_single_frame_shows_the_action_because_none_does():
    """Stop 10's text claims it; the stored window of one frame must agree (near guessing)."""
    assert "No single frame shows the action" in BY_ID["video"].text
    task = get_task("video")
    s = scores(task, task.default_units, 0, lambda k: load_trained(task, k, task.default_units, 0).accuracy)
    assert one_input(s, labels.ARCH).startswith("One input alone is not enough")
