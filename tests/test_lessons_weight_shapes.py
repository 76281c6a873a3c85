"""rnn_core/lessons/weight_shapes.py: weight shapes and parameter counts against real torch.nn.RNN, LSTM and GRU
layers; reading typed shapes and counts; right, accepted (transposed, one bias per weight block), partly, wrong."""

import pytest
import torch

from rnn_core.lessons.answers import ACCEPTED, EMPTY, INVALID, PARTLY, RIGHT, WRONG
from rnn_core.lessons.weight_shapes import ShapeProblem, read_count, read_shape, shape_key, shape_problem
from rnn_core.lessons.weight_shapes import check_shapes as check_with_name
from rnn_core.params import GATES, KINDS
from tests.lessons_util import statuses
from viz import labels

TORCH = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def check_shapes(p, *typed):
    """The shapes check, with the cell named as the page names it."""
    return check_with_name(p, *typed, cell=labels.ARCH[p.kind])


@pytest.mark.parametrize(
    "text, shape",
    [("3 x 8", (3, 8)), ("3x8", (3, 8)), ("3×8", (3, 8)), ("3*8", (3, 8)), ("(3, 8)", (3, 8)), ("3 by 8", (3, 8))],
)
def test_read_shape(text, shape):
    assert read_shape(text) == (shape, None)


def test_read_shape_and_count_refuse_garbage():
    assert read_shape("") == (None, None) and read_count(" ") == (None, None)
    for text in ("abc", "3", "3 x", "3 x 8 x 2", "-3 x 8", "1e400", "nan"):
        shape, why = read_shape(text)
        assert shape is None and why
    assert read_count("1,234") == (1234, None) and read_count("1 234") == (1234, None)
    for text in ("abc", "12.5", "-3", "1e400", "nan", "9" * 20):
        n, why = read_count(text)
        assert n is None and why


def test_shape_problems_take_every_cell_in_turn():
    for seed in (0, 5):
        kinds = [shape_problem(seed, i).kind for i in range(9)]
        for k in range(0, 9, 3):
            assert sorted(kinds[k : k + 3]) == sorted(KINDS)
        for i in range(9):
            p = shape_problem(seed, i)
            assert p == shape_problem(seed, i) and p.units not in (p.input_dim, p.output_dim)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("D, H, O", [(3, 8, 2), (1, 1, 1), (12, 5, 10), (27, 16, 4)])
def test_shape_key_is_torchs(kind, D, H, O):
    """Block shapes, block count and parameter counts against torch: nn.RNN/LSTM/GRU(D, H), nn.Linear(H, O)."""
    layer, head = TORCH[kind](D, H), torch.nn.Linear(H, O)
    key = shape_key(ShapeProblem(kind, D, H, O))
    G = key.gates
    assert G == len(GATES[kind])
    assert layer.weight_ih_l0.shape == (G * H, D) and key.W_xh == (D, H)  # torch stacks G blocks of H x D
    assert layer.weight_hh_l0.shape == (G * H, H) and key.W_hh == (H, H)
    assert head.weight.shape == (O, H) and key.W_hy == (O, H)  # the slide writes W_hy output-first, as torch stores it
    assert key.layer_count == sum(p.numel() for p in layer.parameters())
    assert key.torch_count == key.layer_count + sum(p.numel() for p in head.parameters())
    assert key.torch_count - key.one_bias_count == layer.bias_hh_l0.numel()  # one of the two biases per gate
    assert key.lecture_count == key.one_bias_count + (H if kind == "gru" else 0)


def typed_right(p: ShapeProblem, transposed: bool = False) -> tuple:
    key = shape_key(p)
    fmt = (lambda s: f"{s[1]} x {s[0]}") if transposed else (lambda s: f"{s[0]} x {s[1]}")
    return key.gates, fmt(key.W_xh), fmt(key.W_hh), fmt(key.W_hy), f"{key.torch_count:,}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_right_answer_is_right(kind):
    p = ShapeProblem(kind, 4, 7, 3)
    assert statuses(check_shapes(p, *typed_right(p))) == [RIGHT] * 5
    flipped = check_shapes(p, *typed_right(p, transposed=True))
    assert statuses(flipped) == [RIGHT, ACCEPTED, RIGHT, ACCEPTED, RIGHT]  # 7 x 7 reads the same both ways
    assert "transposed" in flipped[1].note and "output-first" in flipped[3].note


@pytest.mark.parametrize("kind", KINDS)
def test_the_one_bias_count_is_accepted_and_torchs_two_biases_explained(kind):
    p = ShapeProblem(kind, 4, 7, 3)
    key = shape_key(p)
    gates, w_xh, w_hh, w_hy, _ = typed_right(p)
    for n in {key.one_bias_count, key.lecture_count}:
        got = check_shapes(p, gates, w_xh, w_hh, w_hy, str(n))[-1]
        assert got.status == ACCEPTED and got.ok
        assert "two biases" in got.note and "bias_ih" in got.note and f"{key.torch_count:,}" in got.note
    if kind == "gru":
        assert "b_hn" in check_shapes(p, gates, w_xh, w_hh, w_hy, str(key.one_bias_count))[-1].note


def test_wrong_and_partly_right_shapes():
    p = ShapeProblem("lstm", 4, 7, 3)
    key = shape_key(p)
    got = check_shapes(p, 1, "4 x 28", "7 x 4", "", str(key.layer_count))
    assert statuses(got) == [WRONG, PARTLY, WRONG, EMPTY, PARTLY]
    assert "4 weight blocks" in got[0].note and "weight blocks" in got[1].note and "output layer" in got[-1].note
    got = check_shapes(p, None, "abc", "1e400", "nan", "12.5")
    assert statuses(got) == [EMPTY, INVALID, INVALID, INVALID, INVALID]
    assert not any(r.ok for r in got)
