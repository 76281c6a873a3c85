"""Parameters of the three recurrent cells, stored the way torch stores them.

Column-vector convention: ``W_xh`` has shape (G*H, D) and ``W_hh`` (G*H, H),
where H is the number of units, D the input size and G the number of gate
blocks stacked in torch's order (RNN: 1; LSTM: i, f, g, o; GRU: r, z, n).
The lecture writes ``W_xh`` as (input_dim x units): the same matrix transposed.

torch keeps two biases, ``bias_ih`` and ``bias_hh``; we keep both as ``b_xh``
and ``b_hh`` so that parameters and gradients map one to one. For RNN and LSTM
only their sum ``b_h`` matters; for GRU the hidden bias of the candidate gate
sits inside ``r * (W_hn h + b_hn)`` and must stay separate.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
KINDS = tuple(GATES)
TORCH_CLASS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}  # torch's module for each kind: nn.RNN, nn.LSTM, nn.GRU


@dataclass(frozen=True)
class CellParams:
    """Weights of one recurrent layer: ``W_xh`` (G*H, D), ``W_hh`` (G*H, H), ``b_xh``, ``b_hh`` (G*H,)."""

    kind: str
    W_xh: np.ndarray
    W_hh: np.ndarray
    b_xh: np.ndarray
    b_hh: np.ndarray

    def __post_init__(self):
        if self.kind not in GATES:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        G = len(GATES[self.kind])
        GH, D = np.shape(self.W_xh)
        if GH % G:
            raise ValueError(f"W_xh has {GH} rows, not a multiple of {G} gates for {self.kind}")
        H = GH // G
        expected = {"W_xh": (G * H, D), "W_hh": (G * H, H), "b_xh": (G * H,), "b_hh": (G * H,)}
        for name, shape in expected.items():
            if np.shape(getattr(self, name)) != shape:
                raise ValueError(f"{self.kind} {name} should have shape {shape}, got {np.shape(getattr(self, name))}")

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.kind]

    @property
    def units(self) -> int:
        return self.W_hh.shape[1]

    @property
    def input_dim(self) -> int:
        return self.W_xh.shape[1]

    @property
    def b_h(self) -> np.ndarray:
        """The bias a person reads: ``b_xh + b_hh`` (for GRU's candidate gate, ``b_xh`` alone)."""
        if self.kind == "gru":
            H = self.units
            return np.concatenate([self.b_xh[: 2 * H] + self.b_hh[: 2 * H], self.b_xh[2 * H :]])
        return self.b_xh + self.b_hh

    @property
    def n_params(self) -> int:
        return sum(np.size(getattr(self, f.name)) for f in fields(self) if f.name != "kind")

    def gate(self, name: str) -> dict[str, np.ndarray]:
        """One gate's blocks: ``{'W_x': (H, D), 'W_h': (H, H), 'b_x': (H,), 'b_h': (H,)}``."""
        k = self.gates.index(name)
        s = slice(k * self.units, (k + 1) * self.units)
        return {"W_x": self.W_xh[s], "W_h": self.W_hh[s], "b_x": self.b_xh[s], "b_h": self.b_hh[s]}

    def arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "kind"}

    def map(self, fn) -> CellParams:
        """A new CellParams with ``fn`` applied to every array."""
        return replace(self, **{k: fn(v) for k, v in self.arrays().items()})


def from_torch_layout(kind: str, weight_ih, weight_hh, bias_ih=None, bias_hh=None, dtype=np.float64) -> CellParams:
    """CellParams from arrays in torch's layout, no torch needed: ``weight_ih_l0`` is ``W_xh`` (G*H, D),
    ``weight_hh_l0`` is ``W_hh`` (G*H, H), ``bias_ih_l0`` and ``bias_hh_l0`` are ``b_xh`` and ``b_hh`` (G*H,), zeros
    when the layer has no bias. The gate blocks are already in our order (LSTM i, f, g, o; GRU r, z, n)."""
    W_xh, W_hh = np.asarray(weight_ih).astype(dtype), np.asarray(weight_hh).astype(dtype)
    zeros = np.zeros(W_xh.shape[:1], dtype)
    b_xh = zeros if bias_ih is None else np.asarray(bias_ih).astype(dtype)
    b_hh = zeros.copy() if bias_hh is None else np.asarray(bias_hh).astype(dtype)
    return CellParams(kind, W_xh, W_hh, b_xh, b_hh)


def init_params(
    kind: str, input_dim: int, units: int, rng: np.random.Generator, scale: float | None = None
) -> CellParams:
    """Uniform(-s, s) weights as torch initialises them, s = 1/sqrt(units) unless ``scale`` is given."""
    G = len(GATES[kind])
    s = 1.0 / np.sqrt(units) if scale is None else scale
    u = lambda *shape: rng.uniform(-s, s, size=shape)  # noqa: E731
    return CellParams(kind, u(G * units, input_dim), u(G * units, units), u(G * units), u(G * units))
