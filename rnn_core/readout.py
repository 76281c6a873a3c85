"""The output layer and its loss: y_t = W_hy h_t + b_y, p_t = softmax(y_t), L = -sum_t log p_t[target_t].

``W_hy`` is (O, H), ``b_y`` (O,). Targets are class indices (T,), with -1 on
steps that have no output (many-to-one tasks only score the last step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Readout:
    W_hy: np.ndarray  # (O, H)
    b_y: np.ndarray  # (O,)

    def __post_init__(self):
        O, H = np.shape(self.W_hy)
        if np.shape(self.b_y) != (O,):
            raise ValueError(f"b_y should have shape ({O},), got {np.shape(self.b_y)}")

    def logits(self, h: np.ndarray) -> np.ndarray:
        """y = h W_hy^T + b_y: (T, H) -> (T, O)."""
        return h @ self.W_hy.T + self.b_y


def softmax(y: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Softmax over the last axis of ``y / temperature``, stable for large scores."""
    z = np.asarray(y) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class ReadoutGrads:
    loss: float
    dy: np.ndarray  # (T, O)
    dW_hy: np.ndarray  # (O, H)
    db_y: np.ndarray  # (O,)
    dL_dh: np.ndarray  # (T, H)


def cross_entropy_back(readout: Readout, h: np.ndarray, targets, reduction: str = "mean") -> ReadoutGrads:
    """Loss and its gradients through the readout; ``reduction`` 'mean' divides by the number of scored steps."""
    targets = np.asarray(targets, dtype=int)
    y = readout.logits(h)  # (T, O)
    if targets.shape != (len(y),):
        raise ValueError(f"targets should have shape (T,) = ({len(y)},), got {targets.shape}")
    scored = targets >= 0
    n = max(int(scored.sum()), 1) if reduction == "mean" else 1
    p = softmax(y)
    rows = np.flatnonzero(scored)
    loss = -np.log(p[rows, targets[rows]]).sum() / n
    dy = np.zeros_like(y)
    dy[rows] = p[rows]
    dy[rows, targets[rows]] -= 1.0
    dy /= n
    return ReadoutGrads(float(loss), dy, dy.T @ h, dy.sum(axis=0), dy @ readout.W_hy)
