"""Freeze a trained model for display: every array read-only, so a model shared by all sessions cannot be
changed by one of them."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import TypeVar

import numpy as np

M = TypeVar("M")


def freeze(model: M) -> M:
    """Make every numpy array in ``model`` read-only, following nested dataclasses (NumpyNet, NumpyWindow,
    CellParams, Readout, ...); returns ``model`` itself."""
    if isinstance(model, np.ndarray):
        model.setflags(write=False)
    elif isinstance(model, tuple | list):  # e.g. a CNN's kernels, one per layer
        for v in model:
            freeze(v)
    elif is_dataclass(model) and not isinstance(model, type):
        for f in fields(model):
            freeze(getattr(model, f.name))
    return model
