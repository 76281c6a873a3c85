"""Unroll the lecture's 1x1 RNN by hand, checked against the glass box.

The lecture's scalar RNN (1 input, 1 unit, 1 output, h_0 = 0),

    h_t = tanh(W_hh h_(t-1) + W_xh x_t + b_h),    y_t = W_hy h_t + b_y,

with weights of one decimal and inputs of one decimal, so a person can work it through with a calculator. The
answer is computed by the same code as every number on the explorer (``rnn_core.unroll.unroll`` on a
``CellParams``, the terms by ``rnn_core.explain.step_terms``, the output by ``Readout``). A typed value counts when it
is within ``TOLERANCE`` of the answer, or of what the step gives from the student's own previous value (so one slip
is not counted again at every later step).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from rnn_core.explain import step_terms
from rnn_core.lessons.answers import CARRIED, EMPTY, INVALID, MINUS, RIGHT, WRONG, Checked, Read, read_number
from rnn_core.params import CellParams
from rnn_core.readout import Readout
from rnn_core.unroll import unroll

TOLERANCE = 0.01  # a typed h_t or y_T counts within this of the answer
LIMIT = 10.0  # "my own numbers": every weight and input within +-LIMIT
MAX_INPUTS = 8
WEIGHT_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")


def read_inputs(text, limit: float = LIMIT, max_n: int = MAX_INPUTS) -> tuple[tuple[float, ...] | None, str | None]:
    """Inputs x_1..x_T typed as numbers separated by spaces, commas or semicolons, each within ``limit``:
    ``(xs, None)``, or ``(None, why not)``."""
    parts = [p for p in re.split(r"[\s,;]+", str(text).translate(MINUS)) if p]
    if not parts:
        return None, "Type at least one input, e.g. 0.5 -0.3 0.8."
    if len(parts) > max_n:
        return None, f"At most {max_n} inputs, please: {len(parts)} were typed."
    xs = []
    for k, p in enumerate(parts, start=1):
        r = read_number(p, limit)
        if r.value is None:
            why = r.problem or "is empty"
            shown = p if len(p) <= 12 else p[:11] + "…"
            return None, f"Input {k} ({shown}) {why}. Each input is a number from -{limit:g} to {limit:g}."
        xs.append(r.value)
    return tuple(xs), None


@dataclass(frozen=True)
class HandProblem:
    """The lecture's 1x1 RNN with its five weights and the inputs x_1..x_T; h_0 = 0."""

    W_xh: float
    W_hh: float
    b_h: float
    W_hy: float
    b_y: float
    xs: tuple[float, ...]

    def __post_init__(self):
        values = [*self.weights().values(), *self.xs]
        if not self.xs or len(self.xs) > MAX_INPUTS:
            raise ValueError(f"a problem has 1 to {MAX_INPUTS} inputs, got {len(self.xs)}")
        if not all(isinstance(v, int | float) and math.isfinite(v) and abs(v) <= LIMIT for v in values):
            raise ValueError(f"every weight and input must be a number from -{LIMIT:g} to {LIMIT:g}")

    @property
    def T(self) -> int:
        return len(self.xs)

    def weights(self) -> dict[str, float]:
        return {n: getattr(self, n) for n in WEIGHT_NAMES}

    def params(self) -> CellParams:
        """The cell as the explorer keeps it: torch's two biases, b_h all in ``b_xh`` (only their sum matters)."""
        return CellParams("rnn", np.array([[self.W_xh]]), np.array([[self.W_hh]]), np.array([self.b_h]), np.zeros(1))

    def readout(self) -> Readout:
        return Readout(np.array([[self.W_hy]]), np.array([self.b_y]))


def _tenths(rng: np.random.Generator, lo: int, hi: int, nonzero: bool = True) -> float:
    """A number of tenths from lo/10 to hi/10 (0 left out when ``nonzero``)."""
    choices = [k for k in range(lo, hi + 1) if k or not nonzero]
    return choices[int(rng.integers(len(choices)))] / 10


def hand_problem(seed: int, i: int) -> HandProblem:
    """Problem ``i`` for ``seed``: weights of one decimal (W_xh, W_hh, W_hy nonzero, |W_hh| < 1), 3 or 4 inputs of
    one decimal from -1 to 1, at least one of them not 0. The same on every machine."""
    rng = np.random.default_rng([int(seed), int(i), 1])
    T = 3 + int(rng.integers(2))
    xs = tuple(_tenths(rng, -10, 10, nonzero=False) for _ in range(T))
    if not any(xs):
        xs = (0.5, *xs[1:])
    return HandProblem(
        W_xh=_tenths(rng, -10, 10),
        W_hh=_tenths(rng, -9, 9),
        b_h=_tenths(rng, -5, 5, nonzero=False),
        W_hy=_tenths(rng, -15, 15),
        b_y=_tenths(rng, -5, 5, nonzero=False),
        xs=xs,
    )


@dataclass(frozen=True)
class HandStep:
    """One step worked through: the three terms inside the tanh, their sum a_t and h_t = tanh(a_t), then y_t."""

    t: int  # 1-based
    x: float
    h_prev: float
    wx: float  # W_xh x_t
    wh: float  # W_hh h_(t-1)
    b: float  # b_h
    a: float  # the pre-activation
    h: float  # tanh(a)
    y: float  # W_hy h_t + b_y


def solve(p: HandProblem) -> tuple[HandStep, ...]:
    """Every step of ``p`` as the explorer computes it: ``unroll`` for the states, ``step_terms`` for the terms,
    the ``Readout`` for the outputs."""
    params = p.params()
    trace = unroll(params, np.array(p.xs, dtype=float)[:, None])
    ys = p.readout().logits(trace.h)[:, 0]
    out = []
    for t, (s, y) in enumerate(zip(trace.steps, ys, strict=True), start=1):
        (g,) = step_terms(params, s)
        terms = (float(v[0]) for v in (g.Wx, g.Wh, g.b, g.a))
        out.append(HandStep(t, float(s.x[0]), float(s.h_prev[0]), *terms, float(s.h[0]), float(y)))
    return tuple(out)


def explorer_math(p: HandProblem) -> tuple[tuple[str, ...], list, tuple, np.ndarray]:
    """What the explorer's math panel is built from for these weights and inputs (``viz.steps.arithmetic``'s
    arguments after the kind): the inputs as the scalar task labels them, each step's terms, the steps, the outputs."""
    params = p.params()
    trace = unroll(params, np.array(p.xs, dtype=float)[:, None])
    x_labels = tuple(f"{x:g}" for x in p.xs)
    return x_labels, [step_terms(params, s) for s in trace.steps], trace.steps, p.readout().logits(trace.h)


def explorer_text(p: HandProblem) -> str | None:
    """The inputs as the explorer's scalar task reads them from a link (``text=``), or None when it cannot: it takes
    numbers from -1 to 1."""
    if all(-1.0 <= x <= 1.0 for x in p.xs):
        return " ".join(f"{x:g}" for x in p.xs)
    return None


def answer_names(T: int) -> tuple[str, ...]:
    """The boxes a student fills in: h_1..h_T, then y_T."""
    return (*(f"h_{t}" for t in range(1, T + 1)), f"y_{T}")


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE + 1e-12


def check_hand(p: HandProblem, typed: Mapping[str, object]) -> tuple[Checked, ...]:
    """Check the values typed for h_1..h_T and y_T (``typed`` by :func:`answer_names`; missing names are empty).

    A value is RIGHT within ``TOLERANCE`` of the answer; CARRIED when it is what the step gives from the student's
    own (wrong) previous value; WRONG otherwise, with a hint when it looks like a known slip (the sum before the tanh,
    a missing bias or W_hh h_(t-1) term, h_T given for y_T)."""
    steps = solve(p)
    out: list[Checked] = []
    prev: float | None = 0.0  # the student's h_(t-1): h_0 = 0 is given
    prev_ok = True
    for s in steps:
        name = f"h_{s.t}"
        r = read_number(typed.get(name, ""))
        out.append(_settled(name, r, s.h) or _check_h(name, r.value, s, p, prev, prev_ok))
        prev, prev_ok = r.value, out[-1].status == RIGHT
    last = steps[-1]
    name = f"y_{last.t}"
    r = read_number(typed.get(name, ""))
    out.append(_settled(name, r, last.y) or _check_y(name, r.value, last, p, prev, prev_ok))
    return tuple(out)


def _settled(name: str, r: Read, answer: float) -> Checked | None:
    """EMPTY, INVALID or RIGHT when that is what was typed; None for a number that is not the answer."""
    if r.empty:
        return Checked(name, EMPTY, "Not answered yet.")
    if r.value is None:
        return Checked(name, INVALID, f"What you typed {r.problem}.")
    if _near(r.value, answer):
        return Checked(name, RIGHT, "Right.")
    return None


def _check_h(name: str, v: float, s: HandStep, p: HandProblem, prev: float | None, prev_ok: bool) -> Checked:
    """A wrong h_t = v: CARRIED from the student's own h_(t-1), or WRONG with a hint."""
    if prev is not None and not prev_ok:
        own = math.tanh(p.W_hh * prev + p.W_xh * s.x + p.b_h)
        if _near(v, own):
            return Checked(
                name,
                CARRIED,
                f"Right from your h_{s.t - 1} = {prev:g}: the step is done right, but the value you started from "
                "is off, so this one is too.",
            )
    if abs(v) >= 1:
        hint = f"h_{s.t} is a tanh, so it is always between -1 and 1."
    elif _near(v, s.a) and not _near(s.a, s.h):
        hint = f"That is the sum inside the tanh, a_{s.t}; h_{s.t} = tanh(a_{s.t})."
    elif s.b and _near(v, math.tanh(s.a - s.b)):
        hint = f"Close, but check the bias: b_h = {p.b_h:g} is added at every step."
    elif s.wh and _near(v, math.tanh(s.a - s.wh)):
        hint = f"Don't forget W_hh h_{s.t - 1}: the previous state feeds into every step."
    elif _near(v, -s.h):
        hint = "The sign is off."
    else:
        hint = f"Work it through: h_{s.t} = tanh(W_hh h_{s.t - 1} + W_xh x_{s.t} + b_h)."
    return Checked(name, WRONG, "Not quite. " + hint)


def _check_y(name: str, v: float, s: HandStep, p: HandProblem, prev: float | None, prev_ok: bool) -> Checked:
    """A wrong y_T = v: CARRIED from the student's own h_T, or WRONG with a hint."""
    if prev is not None and not prev_ok and _near(v, p.W_hy * prev + p.b_y):
        return Checked(
            name, CARRIED, f"Right from your h_{s.t} = {prev:g}: W_hy h_{s.t} + b_y is done right, but h_{s.t} is off."
        )
    if _near(v, s.h) and not _near(s.h, s.y):
        hint = f"That is h_{s.t}; the output is y_{s.t} = W_hy h_{s.t} + b_y, with no tanh."
    elif _near(v, math.tanh(s.y)) and not _near(s.y, math.tanh(s.y)):
        hint = "The output layer here has no tanh: y_t = W_hy h_t + b_y."
    elif s.y != p.W_hy * s.h and _near(v, p.W_hy * s.h):
        hint = f"Close, but add the output bias b_y = {p.b_y:g}."
    else:
        hint = f"y_{s.t} = W_hy h_{s.t} + b_y, from your h_{s.t}."
    return Checked(name, WRONG, "Not quite. " + hint)
