"""Converters between torch's single-layer ``nn.RNN``/``nn.LSTM``/``nn.GRU`` and :class:`CellParams`.

torch names:  weight_ih_l0 = W_xh (G*H, D),  weight_hh_l0 = W_hh (G*H, H),
              bias_ih_l0 = b_xh (G*H,),      bias_hh_l0 = b_hh (G*H,).
Gate order is torch's (LSTM i, f, g, o; GRU r, z, n), so no reordering is needed.
Reading a module only touches its tensors, so this module imports torch lazily.
"""

from __future__ import annotations

import numpy as np

from rnn_core.params import CellParams

TORCH_NAMES = {"W_xh": "weight_ih_l0", "W_hh": "weight_hh_l0", "b_xh": "bias_ih_l0", "b_hh": "bias_hh_l0"}
_KIND_OF = {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}


def kind_of(module) -> str:
    name = type(module).__name__
    for cls in type(module).__mro__:
        if cls.__name__ in _KIND_OF:
            return _KIND_OF[cls.__name__]
    raise ValueError(f"expected torch.nn.RNN, LSTM or GRU, got {name}")


def from_torch(module, dtype=np.float64) -> CellParams:
    """The numpy params of a single-layer, unidirectional torch RNN (tanh), LSTM or GRU."""
    kind = kind_of(module)
    if module.num_layers != 1 or module.bidirectional:
        raise ValueError("only single-layer, unidirectional modules can be replayed")
    if kind == "rnn" and module.nonlinearity != "tanh":
        raise ValueError(f"only tanh RNNs can be replayed, got {module.nonlinearity}")
    if getattr(module, "proj_size", 0):
        raise ValueError("LSTM with proj_size cannot be replayed")
    arr = lambda name: module.get_parameter(name).detach().cpu().numpy().astype(dtype)  # noqa: E731
    W_xh, W_hh = arr("weight_ih_l0"), arr("weight_hh_l0")
    if module.bias:
        b_xh, b_hh = arr("bias_ih_l0"), arr("bias_hh_l0")
    else:
        b_xh = b_hh = np.zeros(W_xh.shape[0], dtype)
    return CellParams(kind, W_xh, W_hh, b_xh, b_hh)


def to_torch_state(params: CellParams) -> dict:
    """``{'weight_ih_l0': tensor, ...}`` for params or grads, ready for ``load_state_dict`` or comparison."""
    import torch

    return {TORCH_NAMES[k]: torch.from_numpy(np.ascontiguousarray(v)) for k, v in params.arrays().items()}
