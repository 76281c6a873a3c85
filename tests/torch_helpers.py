"""Helpers for tests that put the glass box's numbers back into torch."""

from __future__ import annotations

import numpy as np
import torch

from rnn_core.window import NumpyWindow


def window_state(net: NumpyWindow) -> dict:
    """A NumpyWindow's arrays as a WindowNet's ``state_dict`` (float64 tensors)."""
    t = lambda a: torch.from_numpy(np.array(a))  # noqa: E731
    state = {"hidden.weight": t(net.W_1), "hidden.bias": t(net.b_1)}
    state |= {"head.weight": t(net.readout.W_hy), "head.bias": t(net.readout.b_y)}
    if net.E is not None:
        state["embed.weight"] = t(net.E)
    return state
