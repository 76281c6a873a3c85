"""Helpers for tests that put the glass box's numbers back into torch."""

from __future__ import annotations

import numpy as np
import torch

from rnn_core.params import CellParams
from rnn_core.window import NumpyWindow

TORCH_NAMES = {"W_xh": "weight_ih_l0", "W_hh": "weight_hh_l0", "b_xh": "bias_ih_l0", "b_hh": "bias_hh_l0"}


def to_torch_state(params: CellParams) -> dict:
    """``{'weight_ih_l0': tensor, ...}`` for params or grads, ready for ``load_state_dict`` or comparison."""
    return {TORCH_NAMES[k]: torch.from_numpy(np.ascontiguousarray(v)) for k, v in params.arrays().items()}


def window_state(net: NumpyWindow) -> dict:
    """A NumpyWindow's arrays as a WindowNet's ``state_dict`` (float64 tensors)."""
    t = lambda a: torch.from_numpy(np.array(a))  # noqa: E731
    state = {"hidden.weight": t(net.W_1), "hidden.bias": t(net.b_1)}
    state |= {"head.weight": t(net.readout.W_hy), "head.bias": t(net.readout.b_y)}
    if net.E is not None:
        state["embed.weight"] = t(net.E)
    return state
