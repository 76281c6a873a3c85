"""Gradients flowing back through time on one sequence, computed by the verified numpy replay.

Forward (:meth:`NumpyNet.replay`):
    x_t = encode(token_t)              # (T, D)
    h_t = f_W(h_{t-1}, x_t)            # (T, H)
    y_t = W_hy h_t + b_y               # (T, O)
Loss, the same mean the torch engine trains on (:mod:`rnn_core.training`):
    class tasks   L = -(1/N) sum_t log softmax(y_t)[target_t]       (:func:`readout.cross_entropy_back`)
    regression    L =  (1/N) sum_t (y_t[0] - target_t)^2            (:func:`regression.mse_back`)
Backward, the forward in reverse:
    dy_t        = dL/dy_t                                           # (T, O)
    dh_out_t    = dy_t W_hy             (from the output at t only)  # (T, H)
    dh_t        = dh_out_t + (dh_{t+1} carried back through the cell) (:func:`unroll.bptt`)
    dW_hy = sum_t dy_t h_t^T,   dW_xh, dW_hh, db = sum over t of each step's share
For a class task ``-dy_t`` says how gradient descent moves each score: up for the
wanted next token (p - 1 < 0), down for every other (p > 0), the lecture's green and red numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.net import NumpyNet, Replay
from rnn_core.readout import cross_entropy_back
from rnn_core.regression import mse_back, squared_errors
from rnn_core.tasks.base import Example
from rnn_core.unroll import BPTT, bptt

NAMES = ("W_xh", "W_hh", "b_xh", "b_hh", "W_hy", "b_y", "E")


@dataclass(frozen=True)
class GradientFlow:
    """Everything the page draws for one sequence: outputs, each step's loss, and dL/dh_t back through time."""

    example: Example
    replay: Replay
    loss: float  # L on this sequence
    step_loss: np.ndarray  # (T,) each step's share of L, 0 where no output; sums to L
    logits: np.ndarray  # (T, O) output scores y_t (for regression, the predictions)
    probs: np.ndarray | None  # (T, O) softmax(y_t); None for regression
    p_correct: np.ndarray  # (T,) probability of the wanted output at t; NaN where none (and for regression)
    dy: np.ndarray  # (T, O) dL/dy_t
    dh_out: np.ndarray  # (T, H) dL/dh_t from the output at t alone
    dh: np.ndarray  # (T, H) total dL/dh_t: from the output at t and from the future
    dh_norm: np.ndarray  # (T,) ||dL/dh_t||
    grads: dict[str, np.ndarray]  # dW under the lecture's names: W_xh, W_hh, b_xh, b_hh, W_hy, b_y (and E)
    bptt: BPTT


def _step_loss(loss: str, logits: np.ndarray, probs, targets: np.ndarray) -> np.ndarray:
    """Each step's share of the mean loss: -log p_t[target_t] / N or (y_t - target_t)^2 / N; (T,)."""
    if loss == "ce":
        t = np.asarray(targets, dtype=int)
        scored = t >= 0
        nll = np.zeros(len(t))
        nll[scored] = -np.log(probs[np.flatnonzero(scored), t[scored]])
        return nll / max(int(scored.sum()), 1)
    sq = squared_errors(logits, targets)  # (T, O)
    n = max(int((~np.isnan(np.asarray(targets, dtype=float))).sum()), 1)
    return sq.sum(axis=1) / n


def gradient_flow(net: NumpyNet, loss: str, example: Example) -> GradientFlow:
    """Replay ``example`` through ``net``, then backpropagate its loss ('ce' or 'mse') through the readout and time."""
    if loss not in ("ce", "mse"):
        raise ValueError(f"loss must be 'ce' or 'mse', got {loss!r}")
    r = net.replay(example.inputs)
    h = r.trace.h  # (T, H)
    back = cross_entropy_back if loss == "ce" else mse_back
    out = back(net.readout, h, example.targets)
    b = bptt(net.params, r.trace, out.dL_dh)
    probs = r.probs if loss == "ce" else None
    p_correct = np.full(len(h), np.nan)
    if loss == "ce":
        t = np.asarray(example.targets, dtype=int)
        rows = np.flatnonzero(t >= 0)
        p_correct[rows] = probs[rows, t[rows]]
    grads = {**b.grads.arrays(), "W_hy": out.dW_hy, "b_y": out.db_y}
    if net.E is not None:
        ids = np.asarray(example.inputs, dtype=int)
        dE = np.zeros_like(net.E)  # (V, D)
        np.add.at(dE, ids[ids >= 0], b.dx[ids >= 0])
        grads["E"] = dE
    return GradientFlow(
        example=example,
        replay=r,
        loss=out.loss,
        step_loss=_step_loss(loss, r.logits, probs, example.targets),
        logits=r.logits,
        probs=probs,
        p_correct=p_correct,
        dy=out.dy,
        dh_out=out.dL_dh,
        dh=b.dh,
        dh_norm=np.linalg.norm(b.dh, axis=1),
        grads=grads,
        bptt=b,
    )
