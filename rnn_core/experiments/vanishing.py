"""Vanishing and exploding gradients: how much of the loss at the last step reaches each earlier step.

A freshly initialised cell reads one random sequence; only the last step is scored,
    L = u . h_T,   u a fixed random unit vector   (so ||dL/dh_T|| = 1),
and exact BPTT (:func:`rnn_core.unroll.bptt`) carries the gradient back:
    vanilla RNN   dL/dh_{t-1} = W_hh^T diag(1 - h_t^2) dL/dh_t
so ||dL/dh_t|| is a product of T - t Jacobians. It shrinks geometrically (vanishes) when
||diag(1 - h^2) W_hh|| < 1 and grows geometrically (explodes) when it is > 1. LSTM and GRU add a gated
path, c_{t-1} = f * ... and h_{t-1} = z * ..., whose factor is the gate itself (about 0.5 at initialisation),
so their curves bend far less either way.

Every weight and bias is drawn Uniform(-s, s) with s = ``init_scale`` (torch's default is s = 1/sqrt(units));
inputs are N(0, input_scale^2). The inputs depend only on (seed, T, input_dim), so the three cells read the
same sequence. For a vanilla RNN the spectral radius of W_hh is about s sqrt(units / 3).

What the curves honestly show (measured, T = 40, 20 seeds, ratio ||dL/dh_1|| / ||dL/dh_T||):
    units = 32:  s = 0.05 -> ~1e-30,  s = 0.25 -> ~1e-6,  s = 0.5 -> ~0.2,  s = 1 -> ~2e3,  s = 1.5 -> ~6e5
    (every seed grew at s >= 1); LSTM and GRU stay within ~1e-12 .. 1e4 over the same range.
Large weights also push tanh into saturation, where 1 - h^2 is small: in a narrow layer (8 units) that wins
and the gradient vanishes even at s = 2. Explosion needs the recurrent gain to beat the saturation, which a
wider layer (32 units) shows reliably; that is the demo setting (:data:`DEMO`).

Clipping by global norm (what ``torch.nn.utils.clip_grad_norm_`` does) rescales the whole gradient by
c = min(1, threshold / (||g|| + 1e-6)). BPTT is linear in the upstream gradient, so clipping equals starting
from c dL/dh_T: every ||dL/dh_t|| drops by the same factor c. The step stays a sane length, but the far
steps' share is exactly as lopsided as before; clipping tames explosion, it does not restore memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.params import init_params
from rnn_core.unroll import bptt, unroll

DEMO = {"T": 40, "units": 32, "input_dim": 4}
CLIP_EPS = 1e-6  # torch's clip_grad_norm_ adds this to the norm


@dataclass(frozen=True)
class GradientCurve:
    kind: str
    init_scale: float
    norms: np.ndarray  # (T,) ||dL/dh_t|| for t = 1..T; norms[-1] == 1
    grad_norm: float  # ||dL/dW|| over W_xh, W_hh, b_xh, b_hh: what global-norm clipping measures
    radius: float  # spectral radius of W_hh (for LSTM and GRU the largest over the gates' (H, H) blocks)
    saturation: float  # mean of |h_t|: near 1 means tanh is saturated

    @property
    def ratio(self) -> float:
        """||dL/dh_1|| / ||dL/dh_T||: below 1 vanishing, above 1 exploding."""
        return float(self.norms[0] / self.norms[-1])

    def clipped(self, threshold: float) -> np.ndarray:
        """The curve after clipping the weight gradient to global norm ``threshold``: (T,)."""
        return self.norms * clip_scale(self.grad_norm, threshold)


def clip_scale(total_norm: float, threshold: float) -> float:
    """The factor global-norm clipping multiplies every gradient by: min(1, threshold / (||g|| + 1e-6))."""
    return float(min(1.0, threshold / (total_norm + CLIP_EPS)))


def _sequence(seed: int, T: int, input_dim: int, input_scale: float) -> np.ndarray:
    return np.random.default_rng([seed, 0]).normal(size=(T, input_dim)) * input_scale  # (T, D)


def gradient_curve(
    kind: str, T: int, units: int, init_scale: float, seed: int = 0, input_dim: int = 4, input_scale: float = 1.0
) -> GradientCurve:
    """||dL/dh_t|| for t = 1..T with the loss on the last step only, for a fresh ``kind`` cell (see module doc)."""
    if T < 1 or units < 1 or input_dim < 1:
        raise ValueError(f"T, units and input_dim must be at least 1, got {T}, {units}, {input_dim}")
    if not init_scale > 0:
        raise ValueError(f"init_scale must be positive, got {init_scale}")
    xs = _sequence(seed, T, input_dim, input_scale)  # (T, D)
    params = init_params(kind, input_dim, units, np.random.default_rng([seed, 1]), scale=init_scale)
    u = np.random.default_rng([seed, 2]).normal(size=units)
    u /= np.linalg.norm(u)  # (H,)
    trace = unroll(params, xs)
    dL_dh = np.zeros((T, units))  # (T, H): the loss reads h_T only
    dL_dh[-1] = u
    back = bptt(params, trace, dL_dh)
    G = len(params.gates)
    blocks = params.W_hh.reshape(G, units, units)  # (G, H, H)
    radius = max(float(np.abs(np.linalg.eigvals(b)).max()) for b in blocks)
    grad_norm = float(np.sqrt(sum((g**2).sum() for g in back.grads.arrays().values())))
    return GradientCurve(
        kind, float(init_scale), np.linalg.norm(back.dh, axis=1), grad_norm, radius, float(np.abs(trace.h).mean())
    )
