import numpy as np

from rnn_core.engine.zoo import train
from rnn_core.tasks.words import parse_words, words_task


def test_parse_flags_unknown_words_and_keeps_them_as_steps():
    p = parse_words("I adore 🙂 croissants . I speak fluent ___")
    assert p.example is not None
    assert p.example.x_labels[-1] == "fluent"
    assert "croissants" in p.unknown and "Not in the vocabulary" in p.message
    assert p.example.targets[:-1].tolist() == [-1] * (p.example.T - 1)


def test_parse_empty_and_huge():
    assert parse_words("").example is None and "Type a sentence" in parse_words("  ").message
    p = parse_words("word " * 10_000)
    assert p.example.T == 60 and "Only the last 60" in p.message


def test_lecture_sentence_is_many_to_one_with_french_wanted():
    task = words_task()
    ex = task.default
    assert ex.x_labels[0] == "Toulouse" and ex.x_labels[-1] == "fluent"
    assert ex.y_labels[-1] == "French" and all(y is None for y in ex.y_labels[:-1])


def test_gated_model_answers_french_from_the_replay():
    task = words_task()
    m = train(task, "gru", task.default_units, seed=0)
    p = m.net.replay(task.default.inputs).probs[-1]
    assert task.classes[int(np.argmax(p))] == "French" and p.max() > 0.5
    assert m.accuracy > 0.9
