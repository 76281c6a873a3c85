"""The regression loss through the readout: y_t = W_hy h_t + b_y, L = (1/N) sum_scored (y_t[k] - target_t[k])^2.

Targets (T,) hold one number per step and are compared with the first output
``y_t[0]``, as ``training.loss_and_hits`` does; (T, O) targets compare every
output. NaN marks a step (or entry) with no output. N counts the scored
numbers, as torch's ``mse_loss(reduction='mean')`` on the scored entries.

Backward, the mirror of :func:`rnn_core.readout.cross_entropy_back`:
    dL/dy_t = (2/N) (y_t - target_t) on scored entries, 0 elsewhere   # (T, O)
    dW_hy = dy^T h   # (O, H)      db_y = sum_t dy_t   # (O,)      dL/dh_t = dy_t W_hy   # (T, H)
"""

from __future__ import annotations

import numpy as np

from rnn_core.readout import Readout, ReadoutGrads


def _full_targets(targets, y: np.ndarray) -> np.ndarray:
    """(T,) or (T, O) targets -> (T, O) with NaN wherever nothing is scored."""
    targets = np.asarray(targets, dtype=float)
    T, O = y.shape
    if targets.shape == (T,):
        full = np.full((T, O), np.nan)
        full[:, 0] = targets
        return full
    if targets.shape == (T, O):
        return targets
    raise ValueError(f"targets should have shape (T,) = ({T},) or (T, O) = ({T}, {O}), got {targets.shape}")


def squared_errors(y: np.ndarray, targets) -> np.ndarray:
    """(y_t[k] - target_t[k])^2 on scored entries, 0 elsewhere: (T, O)."""
    full = _full_targets(targets, y)
    scored = ~np.isnan(full)
    return np.where(scored, (y - np.where(scored, full, 0.0)) ** 2, 0.0)


def mse_back(readout: Readout, h: np.ndarray, targets, reduction: str = "mean") -> ReadoutGrads:
    """Loss and its gradients through the readout; ``reduction`` 'mean' divides by the number of scored numbers."""
    y = readout.logits(h)  # (T, O)
    full = _full_targets(targets, y)
    scored = ~np.isnan(full)  # (T, O)
    n = max(int(scored.sum()), 1) if reduction == "mean" else 1
    err = np.where(scored, y - np.where(scored, full, 0.0), 0.0)  # (T, O)
    loss = (err**2).sum() / n
    dy = 2.0 * err / n  # (T, O)
    return ReadoutGrads(float(loss), dy, dy.T @ h, dy.sum(axis=0), dy @ readout.W_hy)
