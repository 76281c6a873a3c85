"""Accuracy against distance: how a model's score changes with the number of words between the clue and the
blank."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DistanceCurve:
    """Accuracy against the number of words between the country and the blank, on sentences never trained on.

    Computed with torch in batches; the tests show torch and the numpy replay agree to 1e-5.
    """

    distances: np.ndarray  # (K,)
    accuracy: np.ndarray  # (K,)
    counts: np.ndarray  # (K,)

    def between(self, lo: int, hi: int) -> float:
        """Accuracy over all sentences with the country lo..hi words back (NaN if there are none)."""
        keep = (self.distances >= lo) & (self.distances <= hi)
        n = self.counts[keep].sum()
        return float((self.accuracy[keep] * self.counts[keep]).sum() / n) if n else float("nan")


def distance_curve(correct: np.ndarray, distances: np.ndarray) -> DistanceCurve:
    ds = np.unique(distances)
    return DistanceCurve(
        ds, np.array([correct[distances == d].mean() for d in ds]), np.array([(distances == d).sum() for d in ds])
    )
