"""rnn_core.tasks.custom: what a person types about an uploaded model (vocabulary, output names, a sequence)
becomes a task the explorer can show; anything typed gives an example or a message, never an exception."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.tasks.custom import (
    LIMIT,
    MAX_STEPS,
    UNK,
    class_names,
    custom_task,
    example_text,
    parse_tokens,
    parse_vectors,
    read_vocab,
    vector_text,
    vocab_problem,
)


@pytest.mark.parametrize(
    "text, tokens, chars",
    [
        ("helo", tuple("helo"), True),
        ("h, e, l, o", tuple("helo"), True),
        ("h e l o", tuple("helo"), True),
        ("the, cat ,sat", ("the", "cat", "sat"), False),
        ("the cat  sat ", ("the", "cat", "sat"), False),
        ("", (), False),
    ],
)
def test_read_vocab(text, tokens, chars):
    assert read_vocab(text) == (tokens, chars)


def test_vocab_problems_say_what_is_expected():
    assert vocab_problem(tuple("helo"), 4, "W_xh has 4 columns") == ""
    msg = vocab_problem(tuple("hel"), 4, "W_xh has 4 columns")
    assert "3 tokens" in msg and "reads 4 (W_xh has 4 columns)" in msg and "string of 4 characters" in msg
    assert "repeated: l" in vocab_problem(tuple("hell"), 4, "")


def test_class_names():
    assert class_names("", 3) == (("class 1", "class 2", "class 3"), "")
    assert class_names("cat, dog , bird", 3) == (("cat", "dog", "bird"), "")
    assert class_names("cat dog bird", 3)[0] == ("cat", "dog", "bird")
    names, note = class_names("cat dog", 3)
    assert names == ("class 1", "class 2", "class 3") and "need 3 different names" in note
    assert "with repeats" in class_names("a a b", 3)[1]


def test_tokens_one_hot_unknown_reads_as_zeros():
    p = parse_tokens("hex lo", tuple("helo"), chars=True, embed=False, loss="ce")
    assert list(p.example.inputs) == [0, 1, -1, 2, 3] and p.example.x_labels == tuple("hexlo")
    assert p.unknown == ("x",) and "all-zero" in p.message and (p.example.targets == -1).all()


def test_tokens_embedded_unknown_is_left_out_or_read_as_unk():
    p = parse_tokens("the dog sat", ("the", "cat", "sat"), chars=False, embed=True, loss="ce")
    assert list(p.example.inputs) == [0, 2] and "left out" in p.message
    p = parse_tokens("the dog", (UNK, "the", "cat"), chars=False, embed=True, loss="ce")
    assert list(p.example.inputs) == [1, 0] and UNK in p.message
    assert parse_tokens("dog", ("the",), chars=False, embed=True, loss="ce").example is None


def test_tokens_long_and_empty():
    p = parse_tokens("h" * 100, tuple("helo"), chars=True, embed=False, loss="ce")
    assert p.example.T == MAX_STEPS and f"first {MAX_STEPS}" in p.message
    p = parse_tokens("   ", tuple("helo"), chars=True, embed=False, loss="ce")
    assert p.example is None and "e.g. helo" in p.message


def test_vectors():
    p = parse_vectors("0.5 0.25, -1", 1, "mse")
    assert p.example.inputs.shape == (3, 1) and p.example.x_labels == ("0.5", "0.25", "-1")
    assert np.isnan(p.example.targets).all()
    p = parse_vectors("1 2; 3 4\n5,6", 2, "ce")
    np.testing.assert_array_equal(p.example.inputs, [[1, 2], [3, 4], [5, 6]])
    assert p.example.x_labels[0] == "(1, 2)"
    assert "step 2 has 1" in parse_vectors("1 2; 3", 2, "ce").message
    assert "Not numbers: x nan" in parse_vectors("1 x nan", 1, "ce").message
    p = parse_vectors("1e300 -1e300", 1, "ce")
    assert np.abs(p.example.inputs).max() == LIMIT and "clipped" in p.message
    assert parse_vectors("", 3, "ce").message.startswith("Type a sequence of 3 numbers")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(1, 5))
def test_any_text_gives_an_example_or_a_message(text, D):
    for p in (
        parse_vectors(text, D, "ce"),
        parse_tokens(text, tuple("helo"), True, False, "ce"),
        parse_tokens(text, ("a", "bb"), False, True, "mse"),
    ):
        assert p.example is not None or p.message
        if p.example is not None:
            assert 1 <= p.example.T <= MAX_STEPS and np.isfinite(np.asarray(p.example.inputs, dtype=float)).all()


def test_starting_texts_parse():
    assert parse_vectors(vector_text(3), 3, "ce").example.T == 4
    assert example_text((UNK, "a", "b"), False) == "a b"


def test_custom_task():
    t = custom_task(encoding="onehot", input_dim=4, output_dim=4, vocab=tuple("helo"), chars=True)
    assert (t.id, t.loss, t.mapping, t.classes) == (
        "custom",
        "ce",
        "many-to-many",
        ("class 1", "class 2", "class 3", "class 4"),
    )
    assert t.default.x_labels == tuple("helo") and t.parse("oh").example.T == 2 and not t.train
    r = custom_task(encoding="dense", input_dim=2, output_dim=1)
    assert r.loss == "mse" and r.classes is None and r.vocab is None and r.default.inputs.shape == (4, 2)
    assert custom_task(encoding="dense", input_dim=1, output_dim=3, loss="mse").loss == "mse"
    with pytest.raises(ValueError):
        custom_task(encoding="embed", input_dim=3, output_dim=2)


def test_a_vocabulary_of_50000_tokens_is_checked_and_read_in_linear_time():
    """The check once counted each token across all of them: 40,000 tokens took 14 s. Now one pass."""
    import time

    from rnn_core.io import BUDGET

    V = BUDGET.vocabulary
    tokens = tuple(f"w{i}" for i in range(V))
    t = time.process_time()
    assert vocab_problem(tokens, V, "") == ""
    twice = vocab_problem(tokens[:-12] + tokens[:12], V, "")
    task = custom_task(encoding="onehot", input_dim=V, output_dim=2, vocab=tokens)
    chars = parse_tokens("ab" * 50_000, tuple(chr(0x4E00 + i) for i in range(V)), True, False, "ce")
    assert time.process_time() - t < 1.0
    assert twice.startswith("Each token must appear once; repeated: w0, w1, w10, w11, w2, w3") and "and 2 more" in twice
    assert task.default.x_labels == ("w0", "w1", "w2", "w3", "w4") and chars.example.T == MAX_STEPS


def test_a_default_sequence_skips_tokens_too_long_to_read():
    """A file's vocabulary may hold a token of a megabyte: the sequence box never starts with it."""
    long = "x" * 1_000_000
    assert example_text((long, "a", long, "b"), False) == "a b"
    assert example_text((long,) * 500, False) == ""
    assert len(vocab_problem((long, long), 2, "")) < 200
