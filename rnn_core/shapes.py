"""Every weight of a model with its shape both ways and its count both ways, for the shapes panel.

The lecture's slide writes ``W_xh`` input-first, input_dim x units (a row vector times the matrix), but ``W_hy``
output-first, output_dim x units ("W_xy = Output_dim x RNN_Units": 4 x 3 for "hello"). torch stores ``W_xh``
transposed, units x input_dim, with the weight blocks of LSTM (the gates i, f, o and the candidate g) and GRU (the
gates r, z and the candidate n) stacked on top of each other, and ``W_hy`` as the slide writes it. torch keeps two
biases per gate (``bias_ih``, ``bias_hh``), where the lecture's cell has one
(``b_h``): for RNN and LSTM only their sum matters; GRU's candidate gate needs both (its ``b_hn`` sits inside
``r * (W_hn h + b_hn)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rnn_core.params import GATES


@dataclass(frozen=True)
class Weight:
    """One weight: its lecture name, both shapes as text, both counts, and where torch keeps it."""

    name: str
    lecture: str  # e.g. "27 x 8"
    torch: str  # e.g. "32 x 27 (4 gate blocks of 8 x 27)"
    torch_name: str  # e.g. "weight_ih_l0"
    torch_count: int
    lecture_count: int


def _x(a: int, b: int) -> str:
    return f"{a} x {b}"


def weights(kind: str, input_dim: int, units: int, output_dim: int, vocab: int | None = None) -> list[Weight]:
    """The weights of a one-layer ``kind`` net with an output layer (and an embedding of ``vocab`` words when
    given), in the order the lecture meets them; torch names as in ``rnn_core.engine.modules.SeqNet``."""
    gates = GATES[kind]
    G, D, H, O = len(gates), input_dim, units, output_dim

    def stacked(cols: int) -> str:  # torch's shape, and what it stacks when there are gates
        return _x(G * H, cols) + ("" if G == 1 else f": {G} weight blocks ({', '.join(gates)}) of {_x(H, cols)}")

    each = "" if G == 1 else f" each for {', '.join(gates)}"  # the lecture writes one matrix per gate
    out = []
    if vocab is not None:
        out.append(Weight("E (embedding)", _x(vocab, D), _x(vocab, D), "embed.weight", vocab * D, vocab * D))
    out += [
        Weight("W_xh", _x(D, H) + each, stacked(D), "cell.weight_ih_l0", G * H * D, G * H * D),
        Weight("W_hh", _x(H, H) + each, stacked(H), "cell.weight_hh_l0", G * H * H, G * H * H),
        Weight(
            "b_h",
            str(H) + each,
            f"{G * H} + {G * H}: bias_ih and bias_hh" + ("" if G == 1 else ", two per gate"),
            "cell.bias_ih_l0, cell.bias_hh_l0",
            2 * G * H,
            G * H + (H if kind == "gru" else 0),  # GRU's b_hn cannot fold into b_in
        ),
        Weight("W_hy", _x(O, H), _x(O, H), "head.weight", O * H, O * H),  # output-first both ways
        Weight("b_y", str(O), str(O), "head.bias", O, O),
    ]
    return out


SLIDE_SHAPES = (
    "The slide writes W_xh input-first (input_dim x units) and W_hy output-first (output_dim x units); torch stores "
    "W_xh transposed and W_hy as the slide does."
)


def weight_blocks(kind: str) -> str:
    """What a cell's weight blocks are, in words: a vanilla RNN has one; an LSTM's four are the gates i, f, o and the
    candidate g; a GRU's three are the gates r, z and the candidate n."""
    return {
        "rnn": "one weight block (no gates)",
        "lstm": "4 weight blocks: the gates i, f, o and the candidate g",
        "gru": "3 weight blocks: the gates r, z and the candidate n",
    }[kind]
