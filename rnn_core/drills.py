"""The quiz's worked exercises, checked against the glass box: unroll the lecture's 1x1 RNN by hand, and give the
shapes of a recurrent layer's weights and its parameter count.

Unroll by hand: the lecture's scalar RNN (1 input, 1 unit, 1 output, h_0 = 0),

    h_t = tanh(W_hh h_(t-1) + W_xh x_t + b_h),    y_t = W_hy h_t + b_y,

with weights of one decimal and inputs of one decimal, so a person can work it through with a calculator. The
answer is computed by the same code as every number on the explorer (``rnn_core.unroll.unroll`` on a
``CellParams``, the terms by ``rnn_core.explain.step_terms``, the output by ``Readout``). A typed value counts when it
is within ``TOLERANCE`` of the answer, or of what the step gives from the student's own previous value (so one slip
is not counted again at every later step).

Shapes: for a one-layer RNN, LSTM or GRU with an output layer, the lecture's shapes (W_xh input_dim x units, W_hh
units x units, W_hy units x output_dim, one of each per gate) and the parameter count as torch keeps it (two biases
per gate), from ``rnn_core.shapes``. torch's own (transposed) shapes and the lecture's one-bias count are accepted
with a note saying how they differ.

Typed text is parsed here, never trusted: an empty box, words, ``nan``, ``inf`` or ``1e400`` get a message, not an
exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from rnn_core.explain import step_terms
from rnn_core.params import ARCH_LABELS, ARCH_SHORT, GATES, KINDS, CellParams
from rnn_core.readout import Readout
from rnn_core.shapes import weights
from rnn_core.unroll import unroll

TOLERANCE = 0.01  # a typed h_t or y_T counts within this of the answer
LIMIT = 10.0  # "my own numbers": every weight and input within +-LIMIT
MAX_INPUTS = 8
MAX_TEXT = 40  # characters in one answer box
WEIGHT_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")

# how a typed answer fared
RIGHT, ACCEPTED, CARRIED, PARTLY, WRONG, EMPTY, INVALID = (
    "right",
    "accepted",
    "carried",
    "partly",
    "wrong",
    "empty",
    "invalid",
)
OK = (RIGHT, ACCEPTED, CARRIED)  # counted right


# ------------------------------------------------------------------------------------------------ reading typed text

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})  # the minus signs people paste


@dataclass(frozen=True)
class Read:
    """A typed value: ``value`` when it could be used, else None and ``problem`` says why (None for an empty box)."""

    value: float | None
    problem: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.problem is None


def read_number(text, limit: float = 1000.0) -> Read:
    """A decimal number typed in a box: ``0.46``, ``-.5``, ``1e-2``, a decimal comma (``0,46``) or a typographic
    minus. Empty is ``Read(None)``; words, ``nan``, ``inf``, overflow (``1e400``) and anything beyond ``limit`` get a
    problem."""
    s = str(text).strip().translate(_MINUS)
    if not s:
        return Read(None)
    if len(s) > MAX_TEXT:
        return Read(None, f"is too long to be a number ({len(s)} characters)")
    if "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return Read(None, "is not a number: type digits with a decimal point, like 0.46 or -1.2")
    v = float(s)
    if not math.isfinite(v):
        return Read(None, "is too big to be a number here")
    if abs(v) > limit:
        return Read(None, f"is outside -{limit:g} to {limit:g}")
    return Read(v + 0.0)  # -0.0 reads as 0.0


def read_inputs(text, limit: float = LIMIT, max_n: int = MAX_INPUTS) -> tuple[tuple[float, ...] | None, str | None]:
    """Inputs x_1..x_T typed as numbers separated by spaces, commas or semicolons, each within ``limit``:
    ``(xs, None)``, or ``(None, why not)``."""
    parts = [p for p in re.split(r"[\s,;]+", str(text).translate(_MINUS)) if p]
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


# ------------------------------------------------------------------------------------------------ unroll by hand


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


@dataclass(frozen=True)
class Checked:
    """How one typed answer fared: ``status`` one of RIGHT, CARRIED, WRONG, EMPTY, INVALID (by hand) or RIGHT,
    ACCEPTED, PARTLY, WRONG, EMPTY, INVALID (shapes), and a sentence for the student."""

    name: str
    status: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status in OK


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
        out.append(_check_h(name, r, s, p, prev, prev_ok))
        prev, prev_ok = r.value, out[-1].status == RIGHT
    last = steps[-1]
    name = f"y_{last.t}"
    r = read_number(typed.get(name, ""))
    out.append(_check_y(name, r, last, p, prev, prev_ok))
    return tuple(out)


def _check_h(name: str, r: Read, s: HandStep, p: HandProblem, prev: float | None, prev_ok: bool) -> Checked:
    if r.empty:
        return Checked(name, EMPTY, "Not answered yet.")
    if r.value is None:
        return Checked(name, INVALID, f"What you typed {r.problem}.")
    v = r.value
    if _near(v, s.h):
        return Checked(name, RIGHT, "Right.")
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


def _check_y(name: str, r: Read, s: HandStep, p: HandProblem, prev: float | None, prev_ok: bool) -> Checked:
    if r.empty:
        return Checked(name, EMPTY, "Not answered yet.")
    if r.value is None:
        return Checked(name, INVALID, f"What you typed {r.problem}.")
    v = r.value
    if _near(v, s.y):
        return Checked(name, RIGHT, "Right.")
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


# ------------------------------------------------------------------------------------------------ shapes


@dataclass(frozen=True)
class ShapeProblem:
    """A one-layer ``kind`` network (RNN, LSTM or GRU) reading input_dim numbers per step, with ``units`` units and
    an output layer giving output_dim numbers per step."""

    kind: str
    input_dim: int
    units: int
    output_dim: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if not all(isinstance(n, int) and n >= 1 for n in (self.input_dim, self.units, self.output_dim)):
            raise ValueError("input_dim, units and output_dim must be whole numbers, at least 1")


def shape_problem(seed: int, i: int) -> ShapeProblem:
    """Problem ``i`` for ``seed``: the cells take turns in a seeded order (each of RNN, LSTM, GRU once in every three
    problems); input_dim 2-12, units 2-16, output_dim 1-10, units never equal to input_dim or output_dim (so a
    shape written the wrong way round shows)."""
    order = np.random.default_rng([int(seed), int(i) // len(KINDS), 2]).permutation(len(KINDS))
    kind = KINDS[int(order[int(i) % len(KINDS)])]
    rng = np.random.default_rng([int(seed), int(i), 3])
    H = int(rng.integers(2, 17))
    D = int(rng.choice([d for d in range(2, 13) if d != H]))
    O = int(rng.choice([o for o in range(1, 11) if o != H]))
    return ShapeProblem(kind, D, H, O)


@dataclass(frozen=True)
class ShapeKey:
    """The answers: per-gate shapes in the lecture's way (rows x columns), the gate blocks, and the counts."""

    gates: int
    W_xh: tuple[int, int]  # input_dim x units, per gate
    W_hh: tuple[int, int]  # units x units, per gate
    W_hy: tuple[int, int]  # units x output_dim
    torch_count: int  # every parameter as torch keeps them: two biases per gate
    lecture_count: int  # one bias b_h per gate (GRU: and its b_hn, which cannot be folded in)
    one_bias_count: int  # one bias per gate, GRU's b_hn left out too
    layer_count: int  # the recurrent layer alone (nn.RNN/LSTM/GRU's parameters), without W_hy and b_y


def shape_key(p: ShapeProblem) -> ShapeKey:
    """The answers to ``p``, from ``rnn_core.shapes.weights`` (the explorer's shapes panel)."""
    rows = weights(p.kind, p.input_dim, p.units, p.output_dim)
    G, D, H, O = len(GATES[p.kind]), p.input_dim, p.units, p.output_dim
    torch_count = sum(w.torch_count for w in rows)
    head = O * H + O
    return ShapeKey(
        gates=G,
        W_xh=(D, H),
        W_hh=(H, H),
        W_hy=(H, O),
        torch_count=torch_count,
        lecture_count=sum(w.lecture_count for w in rows),
        one_bias_count=torch_count - G * H,
        layer_count=torch_count - head,
    )


_SHAPE = re.compile(r"[(\[]?\s*(\d{1,6})\s*(?:x|×|\*|,|by)\s*(\d{1,6})\s*[)\]]?", re.IGNORECASE)


def read_shape(text) -> tuple[tuple[int, int] | None, str | None]:
    """``rows x columns`` typed as ``3 x 8``, ``3x8``, ``3×8``, ``3*8``, ``(3, 8)`` or ``3 by 8``: ``((3, 8), None)``;
    ``(None, None)`` for an empty box; ``(None, why not)`` otherwise."""
    s = str(text).strip()
    if not s:
        return None, None
    m = _SHAPE.fullmatch(s) if len(s) <= MAX_TEXT else None
    if m is None:
        return None, "is not a shape: type rows x columns, like 3 x 8"
    return (int(m[1]), int(m[2])), None


def read_count(text) -> tuple[int | None, str | None]:
    """A whole number, thousands separated by commas, spaces or underscores allowed (``1,234``): ``(n, None)``,
    ``(None, None)`` for an empty box, ``(None, why not)`` otherwise."""
    s = str(text).strip()
    if not s:
        return None, None
    plain = re.sub(r"(?<=\d)[,\s_](?=\d{3}\b)", "", s) if len(s) <= MAX_TEXT else s
    if not re.fullmatch(r"\d{1,9}", plain):
        return None, "is not a whole number: type digits, like 1234"
    return int(plain), None


def check_shapes(
    p: ShapeProblem, gates: object, w_xh: object, w_hh: object, w_hy: object, count: object
) -> tuple[Checked, ...]:
    """Check an answer to ``p``: the number of gate blocks (an int, or None when not given), the three per-gate
    shapes and the parameter count as typed. A shape is RIGHT the lecture's way round, ACCEPTED transposed (torch's
    way) with a note, PARTLY when it is all the gate blocks stacked; the count is RIGHT as torch counts it (two biases
    per gate), ACCEPTED with one bias per gate (with a note on torch's two), PARTLY for the recurrent layer alone."""
    key = shape_key(p)
    G, cell = key.gates, ARCH_LABELS[p.kind]
    out = []
    if gates is None or gates == "":
        out.append(Checked("gate blocks", EMPTY, "Not answered yet."))
    elif gates == G:
        out.append(
            Checked("gate blocks", RIGHT, f"Right: {', '.join(GATES[p.kind])}." if G > 1 else "Right: no gates.")
        )
    else:
        gate_names = ", ".join(GATES[p.kind])
        why = "a vanilla RNN has no gates: one block" if G == 1 else f"the {cell} has {G} ({gate_names})"
        out.append(Checked("gate blocks", WRONG, f"Not quite: {why}."))
    names = ("W_xh", "W_hh", "W_hy")
    for name, typed, want in zip(names, (w_xh, w_hh, w_hy), (key.W_xh, key.W_hh, key.W_hy), strict=True):
        out.append(_check_shape(name, typed, want, G if name != "W_hy" else 1, cell))
    out.append(_check_count(count, key, p))
    return tuple(out)


def _check_shape(name: str, typed, want: tuple[int, int], G: int, cell: str) -> Checked:
    shape, problem = read_shape(typed)
    if shape is None:
        if problem:
            return Checked(name, INVALID, f"What you typed {problem}.")
        return Checked(name, EMPTY, "Not answered yet.")
    rows, cols = want
    if shape == want:
        return Checked(name, RIGHT, "Right.")
    if shape == (cols, rows) and name == "W_hy":
        return Checked(
            name,
            ACCEPTED,
            f"Right, output_dim x units ({cols} x {rows}): torch's way, and how the lecture's slide writes it. Written "
            f"the way of W_xh (input_dim x units) it is {rows} x {cols}, the same matrix transposed.",
        )
    if shape == (cols, rows):
        return Checked(
            name,
            ACCEPTED,
            f"Right, written torch's way ({cols} x {rows}): the lecture writes it {rows} x {cols}, the same matrix "
            "transposed.",
        )
    if G > 1 and shape in ((rows, G * cols), (G * cols, rows)):
        return Checked(
            name,
            PARTLY,
            f"That is all {G} gate blocks of the {cell} side by side; each gate's own block is {rows} x {cols}.",
        )
    what = {"W_xh": "input_dim x units", "W_hh": "units x units", "W_hy": "units x output_dim"}[name]
    return Checked(name, WRONG, f"Not quite: in the lecture's way, {name} is {what}.")


def _check_count(typed, key: ShapeKey, p: ShapeProblem) -> Checked:
    name = "parameters"
    n, problem = read_count(typed)
    if n is None:
        if problem:
            return Checked(name, INVALID, f"What you typed {problem}.")
        return Checked(name, EMPTY, "Not answered yet.")
    two = (
        "torch keeps two biases per gate, bias_ih and bias_hh, where the lecture writes one b_h (only their sum "
        "matters)"
    )
    if n == key.torch_count:
        return Checked(name, RIGHT, f"Right: {key.torch_count:,} as torch counts them; {two}.")
    if n in (key.lecture_count, key.one_bias_count):
        gru = ""
        if p.kind == "gru":
            gru = (
                f" The GRU's candidate gate keeps its b_hn apart, inside r * (W_hn h + b_hn), so even the lecture's "
                f"form has those {p.units} more: {key.lecture_count:,}."
            )
        return Checked(
            name,
            ACCEPTED,
            f"Right with one bias per gate, as the lecture writes the cell. torch counts {key.torch_count:,}, "
            f"{key.torch_count - n:,} more: {two}.{gru}",
        )
    if n == key.layer_count:
        return Checked(
            name,
            PARTLY,
            f"That is the recurrent layer alone (what torch's nn.{ARCH_SHORT[p.kind]} holds); add the output layer's "
            "W_hy and b_y.",
        )
    return Checked(
        name,
        WRONG,
        "Not quite: add up every weight's entries (rows x columns, for every gate), the biases and the output "
        "layer's W_hy and b_y.",
    )
