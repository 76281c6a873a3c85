"""The shapes of a recurrent layer's weights and its parameter count, checked against torch's own.

For a one-layer RNN, LSTM or GRU with an output layer: the shapes as the lecture's slide writes them (W_xh
input-first, input_dim x units; W_hh units x units, one of each per weight block; W_hy output-first, output_dim x
units) and the parameter count as torch keeps it (two biases per weight block), from ``rnn_core.shapes``. A shape
written the other way round (the same matrix transposed) and the lecture's one-bias count are accepted with a note
saying how they differ, and where Keras, which the course uses, counts alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rnn_core.lessons.answers import ACCEPTED, EMPTY, INVALID, MAX_TEXT, PARTLY, RIGHT, WRONG, Checked
from rnn_core.params import GATES, KINDS, TORCH_CLASS
from rnn_core.shapes import weight_blocks, weights

KERAS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}  # Keras's layer for each kind


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
    """The answers: the shapes as the slide writes them (rows x columns, per weight block), the number of weight
    blocks, and the counts."""

    gates: int
    W_xh: tuple[int, int]  # input_dim x units, per weight block
    W_hh: tuple[int, int]  # units x units, per weight block
    W_hy: tuple[int, int]  # output_dim x units
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
        W_hy=(O, H),
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
    p: ShapeProblem, gates: object, w_xh: object, w_hh: object, w_hy: object, count: object, *, cell: str
) -> tuple[Checked, ...]:
    """Check an answer to ``p``: the number of weight blocks (an int, or None when not given), the three per-block
    shapes and the parameter count as typed. A shape is RIGHT as the slide writes it, ACCEPTED transposed with a note,
    PARTLY when it is all the weight blocks stacked; the count is RIGHT as torch counts it (two biases per block),
    ACCEPTED with one bias per block (with a note on torch's two), PARTLY for the recurrent layer alone.
    ``cell``: the cell's name as the page shows it (``viz.labels.ARCH``)."""
    key = shape_key(p)
    G = key.gates
    out = []
    blocks = weight_blocks(p.kind)
    if gates is None or gates == "":
        out.append(Checked("weight blocks", EMPTY, "Not answered yet."))
    elif gates == G:
        out.append(Checked("weight blocks", RIGHT, f"Right: {blocks}."))
    else:
        out.append(Checked("weight blocks", WRONG, f"Not quite: the {cell} has {blocks}."))
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
            f"Right, written the way of W_xh ({cols} x {rows}, units x output_dim): the slide writes W_hy "
            f"output-first, {rows} x {cols} (output_dim x units), as torch stores it; the same matrix transposed.",
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
            f"That is all {G} weight blocks of the {cell} side by side; each block is {rows} x {cols}.",
        )
    what = {"W_xh": "input_dim x units", "W_hh": "units x units", "W_hy": "output_dim x units"}[name]
    return Checked(name, WRONG, f"Not quite: as the slide writes it, {name} is {what}.")


def _check_count(typed, key: ShapeKey, p: ShapeProblem) -> Checked:
    name = "parameters"
    n, problem = read_count(typed)
    if n is None:
        if problem:
            return Checked(name, INVALID, f"What you typed {problem}.")
        return Checked(name, EMPTY, "Not answered yet.")
    two = (
        "torch keeps two biases per weight block, bias_ih and bias_hh, where the lecture writes one b_h (only their "
        "sum matters)"
    )
    keras = KERAS[p.kind]
    if n == key.torch_count:
        also = (
            f" Keras's {keras} counts the same (with reset_after=True, its default)."
            if p.kind == "gru"
            else f" Keras's {keras} keeps one bias per weight block: {key.lecture_count:,}."
        )
        return Checked(name, RIGHT, f"Right: {key.torch_count:,} as torch counts them; {two}.{also}")
    if n in (key.lecture_count, key.one_bias_count):
        gru = ""
        if p.kind == "gru":
            gru = (
                f" The GRU's candidate gate keeps its b_hn apart, inside r * (W_hn h + b_hn), so even the lecture's "
                f"form has those {p.units} more: {key.lecture_count:,}."
            )
        if p.kind != "gru":
            keras = f" Keras's {keras} counts {key.lecture_count:,} too."
        elif n == key.one_bias_count:
            keras = (
                f" Keras's GRU counts that with reset_after=False; with its default it counts torch's "
                f"{key.torch_count:,}."
            )
        else:
            keras = f" Keras's GRU counts torch's {key.torch_count:,} (reset_after=True, its default)."
        return Checked(
            name,
            ACCEPTED,
            f"Right with one bias per weight block, as the lecture writes the cell. torch counts {key.torch_count:,}, "
            f"{key.torch_count - n:,} more: {two}.{gru}{keras}",
        )
    if n == key.layer_count:
        return Checked(
            name,
            PARTLY,
            f"That is the recurrent layer alone (what torch's nn.{TORCH_CLASS[p.kind]} holds); add the output layer's "
            "W_hy and b_y.",
        )
    return Checked(
        name,
        WRONG,
        "Not quite: add up every weight's entries (rows x columns, for every gate), the biases and the output "
        "layer's W_hy and b_y.",
    )
