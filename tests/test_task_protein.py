"""The protein task: made-up sequences drawn with the Kyte-Doolittle scale, one label per residue; deterministic for
a seed, hydrophobic where it says membrane, typed text read safely, and learnable."""

import numpy as np
import pytest

from rnn_core.engine.zoo import train
from rnn_core.tasks import baselines
from rnn_core.tasks.protein import (
    AMINO_ACIDS,
    CLASSES,
    DEFAULT,
    DEFAULT_SEQUENCE,
    KYTE_DOOLITTLE,
    LENGTHS,
    MAX_LEN,
    STRETCH,
    draw_protein,
    kyte_doolittle_labels,
    parse_protein,
    protein_task,
)

MARGIN = 0.15  # held-out accuracy above the majority baseline, at least


@pytest.fixture(scope="module")
def task():
    return protein_task(0)


def stretches(labels) -> list[int]:
    """Lengths of the runs of 1s."""
    runs, n = [], 0
    for v in [*labels, 0]:
        if v:
            n += 1
        elif n:
            runs.append(n)
            n = 0
    return runs


def test_the_scale_is_kyte_and_doolittles():
    assert sorted(KYTE_DOOLITTLE) == sorted(AMINO_ACIDS) and len(AMINO_ACIDS) == 20
    assert KYTE_DOOLITTLE["I"] == 4.5 and KYTE_DOOLITTLE["R"] == -4.5 and KYTE_DOOLITTLE["G"] == -0.4
    assert max(KYTE_DOOLITTLE, key=KYTE_DOOLITTLE.get) == "I" and min(KYTE_DOOLITTLE, key=KYTE_DOOLITTLE.get) == "R"


def test_the_same_seed_gives_the_same_sequences_and_another_seed_others(task):
    again, other = protein_task(0), protein_task(1)
    for a, b in zip(task.train + task.heldout, again.train + again.heldout, strict=True):
        np.testing.assert_array_equal(a.inputs, b.inputs)
        np.testing.assert_array_equal(a.targets, b.targets)
    assert any(a.x_labels != b.x_labels for a, b in zip(task.train, other.train, strict=True))


def test_shapes_and_labels(task):
    assert task.input_dim == task.vocab_size == 20 and task.output_dim == len(CLASSES) == 2
    assert task.mapping == "many-to-many" and task.encoding == "onehot" and task.tokens_are_chars
    for ex in (*task.train, *task.heldout, task.default):
        assert ex.T in LENGTHS and ex.inputs.shape == ex.targets.shape == (ex.T,)
        assert "".join(ex.x_labels) == "".join(AMINO_ACIDS[i] for i in ex.inputs)
        assert ex.y_labels == tuple(CLASSES[j] for j in ex.targets)
        runs = stretches(ex.targets)
        assert 1 <= len(runs) <= 2 and all(STRETCH[0] <= n <= STRETCH[1] for n in runs)
        assert ex.targets[:2].tolist() == [0, 0] and ex.targets[-2:].tolist() == [0, 0]


def test_the_default_is_what_the_generator_drew_with_seed_9():
    residues, labels = draw_protein(np.random.default_rng(9))
    assert residues == DEFAULT_SEQUENCE == "".join(DEFAULT.x_labels)
    np.testing.assert_array_equal(labels, DEFAULT.targets)


def test_the_label_follows_the_hydropathy(task):
    kd = np.array([KYTE_DOOLITTLE[a] for a in AMINO_ACIDS])
    ids = np.concatenate([ex.inputs for ex in task.train])
    y = np.concatenate([ex.targets for ex in task.train])
    inside, outside = kd[ids[y == 1]].mean(), kd[ids[y == 0]].mean()
    assert inside > 1.5 and outside < -1.0, (inside, outside)
    for ex in task.train[:50]:  # in every sequence, not only on average
        assert kd[ex.inputs[ex.targets == 1]].mean() > kd[ex.inputs[ex.targets == 0]].mean()


def test_the_window_rule_marks_a_hydrophobic_run_and_not_a_hydrophilic_one():
    labels = kyte_doolittle_labels("KDERKNQE" + "LIVAFLLIVAILVFLIAVL" + "KDERKNQE")
    assert labels[8:27].mean() > 0.85 and labels[:6].sum() == 0 and labels[-6:].sum() == 0
    assert kyte_doolittle_labels("XXXX").tolist() == [0, 0, 0, 0]  # no hydropathy at all: not a stretch


def test_the_window_rule_agrees_with_the_drawn_labels_mostly(task):
    agree = np.concatenate([kyte_doolittle_labels("".join(ex.x_labels)) == ex.targets for ex in task.heldout])
    assert agree.mean() > 0.85, agree.mean()


def test_parse_reads_the_default_with_its_own_labels_and_anything_else_by_the_rule():
    p = parse_protein(DEFAULT_SEQUENCE.lower())
    assert p.example is DEFAULT and not p.unknown and not p.message
    p = parse_protein(">sp|my protein\nKDERL LIVAF\nLLGIK")
    assert "".join(p.example.x_labels) == "KDERLLIVAFLLGIK" and "no known answer" in p.message
    np.testing.assert_array_equal(p.example.targets, kyte_doolittle_labels("KDERLLIVAFLLGIK"))


@pytest.mark.parametrize("text", ["", "   ", None, ">header only\n"])
def test_parse_asks_for_a_sequence_when_there_is_none(text):
    p = parse_protein(text)
    assert p.example is None and "one-letter codes" in p.message


def test_parse_flags_unknown_letters_and_keeps_them_as_steps():
    p = parse_protein("KLBZ1<b>L")
    assert p.unknown == ("B", "Z", "1", "<", ">") and "Not one of the 20 amino acids" in p.message
    assert p.example.T == 9 and p.example.inputs.tolist()[2:8] == [-1] * 6


def test_parse_caps_the_length():
    p = parse_protein("L" * 100_000)
    assert p.example.T == MAX_LEN and f"first {MAX_LEN}" in p.message


def test_a_trained_gru_beats_the_majority_baseline(task):
    m = train(task, "gru", task.default_units, 0)
    base = baselines.score(task)
    assert 0.4 < base < 0.65  # the two labels are about as common: always saying one is about a coin toss
    assert m.accuracy >= base + MARGIN, (m.accuracy, base)
