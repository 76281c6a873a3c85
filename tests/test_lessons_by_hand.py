"""rnn_core/lessons/by_hand.py: unrolling the 1x1 RNN by hand against the glass box, torch and the explorer's math
panel; reading the inputs a student types; checking typed answers (a slip counted once, hints for common slips)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_core.explain import step_terms
from rnn_core.lessons import by_hand
from rnn_core.lessons.answers import CARRIED, EMPTY, INVALID, RIGHT, WRONG
from rnn_core.lessons.by_hand import TOLERANCE, HandProblem, check_hand, hand_problem, read_inputs, solve
from rnn_core.net import NumpyNet
from rnn_core.params import CellParams
from rnn_core.readout import Readout
from rnn_core.tasks import get_task
from rnn_core.unroll import unroll
from tests.lessons_util import GARBAGE, statuses
from viz import steps as step_math
from viz.worked import output_line, problem_lines, step_block


def answers(p: HandProblem, digits: int = 3) -> dict[str, str]:
    steps = solve(p)
    typed = {f"h_{s.t}": f"{s.h:.{digits}f}" for s in steps}
    typed[f"y_{p.T}"] = f"{steps[-1].y:.{digits}f}"
    return typed


def test_read_inputs():
    assert read_inputs("0.5 -0.3, 0.8; 1") == ((0.5, -0.3, 0.8, 1.0), None)
    for text, words in [("", "at least one"), ("0.5 abc", "Input 2"), ("11", "-10 to 10"), ("1 " * 9, "At most 8")]:
        xs, problem = read_inputs(text)
        assert xs is None and words in problem, problem


# ------------------------------------------------------------------------------------------------ unroll by hand


@pytest.mark.parametrize("seed, i", [(0, 0), (0, 1), (7, 3), (9999, 12)])
def test_hand_problems_are_small_hand_friendly_and_seeded(seed, i):
    p = hand_problem(seed, i)
    assert p == hand_problem(seed, i)
    assert 3 <= p.T <= 4 and any(p.xs)
    for v in (*p.weights().values(), *p.xs):
        assert round(v, 1) == v and abs(v) <= 1.5
    assert p.W_xh and p.W_hh and p.W_hy and abs(p.W_hh) < 1
    assert by_hand.explorer_text(p) is not None  # inputs from -1 to 1: the explorer's scalar task takes them


def test_hand_problems_differ_between_seeds_and_indices():
    assert len({hand_problem(s, i) for s in range(5) for i in range(5)}) == 25


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 50))
def test_solve_is_the_glass_box_unroll(seed, i):
    p = hand_problem(seed, i)
    steps = solve(p)
    trace = unroll(p.params(), np.array(p.xs)[:, None])
    assert np.array_equal([s.h for s in steps], trace.h[:, 0])
    h_prev = 0.0
    for s, x in zip(steps, p.xs, strict=True):  # and the lecture's formula, written out
        assert s.h_prev == h_prev and s.x == x
        assert s.a == pytest.approx(p.W_hh * h_prev + p.W_xh * x + p.b_h, abs=1e-15)
        assert s.wx + s.wh + s.b == pytest.approx(s.a, abs=1e-15)
        assert s.h == pytest.approx(math.tanh(s.a), abs=1e-15)
        assert s.y == pytest.approx(p.W_hy * s.h + p.b_y, abs=1e-15)
        h_prev = s.h


def test_solve_equals_torch():
    for seed in range(5):
        p = hand_problem(seed, 0)
        rnn = torch.nn.RNN(1, 1, dtype=torch.float64)
        with torch.no_grad():
            rnn.weight_ih_l0.fill_(p.W_xh)
            rnn.weight_hh_l0.fill_(p.W_hh)
            rnn.bias_ih_l0.fill_(p.b_h)
            rnn.bias_hh_l0.fill_(0.0)
            out, _ = rnn(torch.tensor(p.xs, dtype=torch.float64)[:, None])
        assert np.allclose([s.h for s in solve(p)], out[:, 0].numpy(), atol=1e-12)


def test_the_worked_solution_shows_the_explorers_numbers():
    """The explorer's math panel for the scalar task with these weights typed in and these inputs in its text box
    (app_pages/unroll.py: custom_scalar_net, task.parse, net.replay) is what the quiz's explorer view shows, and the
    quiz's own worked lines carry the same rounded numbers."""
    task = get_task("scalar")
    for seed, i in [(0, 0), (3, 1), (42, 5)]:
        p = hand_problem(seed, i)
        params = CellParams("rnn", np.array([[p.W_xh]]), np.array([[p.W_hh]]), np.array([p.b_h]), np.zeros(1))
        net = NumpyNet("dense", params, Readout(np.array([[p.W_hy]]), np.array([p.b_y])), None)
        example = task.parse(by_hand.explorer_text(p)).example
        replay = net.replay(example.inputs)
        explorer = step_math.arithmetic(
            "rnn", list(example.x_labels), [step_terms(params, s) for s in replay.trace.steps], replay.trace.steps,
            replay.logits,
        )  # fmt: skip
        x_labels, terms, steps, logits = by_hand.explorer_math(p)
        assert step_math.arithmetic("rnn", x_labels, terms, steps, logits) == explorer
        for s, tex in zip(solve(p), explorer[1]["tex"], strict=True):
            block = step_block(s, p.W_xh, p.W_hh, p.b_h)
            for v in (s.a, s.h):
                assert f"{v:.3f}" in block and f"{v:.3f}" in tex[0]
        last = solve(p)[-1]
        assert f"{last.y:.3f}" in output_line(last, p.W_hy, p.b_y) and f"{last.y:.3f}" in explorer[1]["tex"][-1][-1]
        weights_line, inputs_line = problem_lines(*p.weights().values(), p.xs)
        assert all(f"{x:g}" in inputs_line for x in p.xs) and f"{p.W_hh:g}" in weights_line


def test_right_answers_are_right_to_2_or_3_decimals():
    for seed in range(10):
        p = hand_problem(seed, 0)
        assert statuses(check_hand(p, answers(p, 3))) == [RIGHT] * (p.T + 1)
        assert set(statuses(check_hand(p, answers(p, 2)))) == {RIGHT}


def test_the_tolerance_is_what_the_page_says():
    p = hand_problem(0, 0)
    h1 = solve(p)[0].h
    near = check_hand(p, {"h_1": f"{h1 + 0.9 * TOLERANCE:.6f}"})[0]
    far = check_hand(p, {"h_1": f"{h1 + 1.5 * TOLERANCE:.6f}"})[0]
    assert near.status == RIGHT and far.status == WRONG


def test_empty_and_garbage_answers_get_a_message_not_an_exception():
    p = hand_problem(0, 0)
    names = by_hand.answer_names(p.T)
    assert statuses(check_hand(p, {})) == [EMPTY] * len(names)
    for text in GARBAGE:
        for r in check_hand(p, dict.fromkeys(names, text)):
            assert r.status == (EMPTY if not text.strip() else INVALID) and r.note and not r.ok


def test_a_slip_is_counted_once_later_steps_from_it_are_carried():
    p = HandProblem(0.5, 0.5, 0.0, 2.0, 0.0, (1.0, 1.0, 1.0))
    steps = solve(p)
    slip = steps[0].h - 0.6
    h2 = math.tanh(0.5 * slip + 0.5 * 1.0)
    h3 = math.tanh(0.5 * h2 + 0.5 * 1.0)
    typed = {"h_1": f"{slip:.4f}", "h_2": f"{h2:.4f}", "h_3": f"{h3:.4f}", "y_3": f"{2 * h3:.4f}"}
    got = check_hand(p, typed)
    assert statuses(got) == [WRONG, CARRIED, CARRIED, CARRIED]
    assert "h_1" in got[1].note and all(r.ok for r in got[1:])


@pytest.mark.parametrize(
    "what, typed, hint",
    [
        ("the sum before the tanh", lambda s, p: s[0].a, "inside the tanh"),
        ("h_T for y_T", lambda s, p: s[-1].h, "That is h_"),
        ("above 1 for a tanh", lambda s, p: 1.5, "between -1 and 1"),
    ],
)
def test_common_slips_get_a_hint(what, typed, hint):
    p = HandProblem(0.5, 0.5, 0.3, 2.0, 0.5, (1.0, 0.5, -0.5))
    s = solve(p)
    name = "y_3" if "y_T" in what else "h_1"
    (r,) = [c for c in check_hand(p, {name: f"{typed(s, p):.4f}"}) if c.name == name]
    assert r.status == WRONG and hint in r.note, r.note


def test_own_problems_are_bounded_and_finite():
    HandProblem(10.0, -10.0, 10.0, -10.0, 10.0, (10.0,) * 8)
    for bad in [dict(W_xh=10.5), dict(b_y=math.nan), dict(W_hh=math.inf), dict(xs=()), dict(xs=(0.1,) * 9)]:
        kw = dict(W_xh=0.5, W_hh=0.5, b_h=0.0, W_hy=1.0, b_y=0.0, xs=(0.5,)) | bad
        with pytest.raises(ValueError):
            HandProblem(**kw)
    big = HandProblem(10.0, 10.0, 10.0, 10.0, 10.0, (10.0,) * 8)
    assert all(math.isfinite(s.y) for s in solve(big))
    assert by_hand.explorer_text(big) is None  # the explorer's scalar task takes -1..1
