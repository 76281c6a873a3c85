"""Converters between the torch engine and the numpy glass box.

torch names:  weight_ih_l0 = W_xh (G*H, D),  weight_hh_l0 = W_hh (G*H, H),
              bias_ih_l0 = b_xh (G*H,),      bias_hh_l0 = b_hh (G*H,).
Gate order is torch's (LSTM i, f, g, o; GRU r, z, n), so no reordering is needed.
Every tensor leaves torch through :func:`float64`.
"""

from __future__ import annotations

import numpy as np
import torch

from rnn_core.cnn import EncodedNet, NumpyCNN
from rnn_core.net import NumpyNet
from rnn_core.params import TORCH_CLASS, CellParams, from_torch_layout
from rnn_core.readout import Readout
from rnn_core.window import NumpyWindow

_KIND_OF = {name: kind for kind, name in TORCH_CLASS.items()}


def float64(t: torch.Tensor) -> np.ndarray:
    """A tensor's values as a new float64 numpy array, detached from autograd."""
    return t.detach().cpu().numpy().astype(np.float64)


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
    arr = lambda name: float64(module.get_parameter(name))  # noqa: E731
    biases = (arr("bias_ih_l0"), arr("bias_hh_l0")) if module.bias else (None, None)
    return from_torch_layout(kind, arr("weight_ih_l0"), arr("weight_hh_l0"), *biases, dtype=dtype)


def to_numpy(net) -> NumpyNet | NumpyWindow | EncodedNet:
    """Copy a SeqNet's (or a WindowNet's) weights out of torch (float64) for the numpy replay; a SeqNet with a CNN
    encoder becomes an EncodedNet (the CNN, then the recurrent net reading its output)."""
    E = float64(net.embed.weight) if net.embed is not None else None
    if hasattr(net, "hidden"):  # a WindowNet: W_1 = hidden.weight (M, k*D), b_1 = hidden.bias
        readout = Readout(float64(net.head.weight), float64(net.head.bias))
        return NumpyWindow(net.encoding, net.k, float64(net.hidden.weight), float64(net.hidden.bias), readout, E)
    rec = NumpyNet(net.encoding, from_torch(net.cell), Readout(float64(net.head.weight), float64(net.head.bias)), E)
    if getattr(net, "cnn", None) is None:
        return rec
    convs = (net.cnn.conv1, net.cnn.conv2)
    cnn = NumpyCNN(tuple(float64(c.weight) for c in convs), tuple(float64(c.bias) for c in convs), net.cnn.shape)
    return EncodedNet(cnn, rec)


def replay(net, inputs, h0=None):
    """Run a SeqNet on one sequence (``(T,)`` token ids or ``(T, D)`` vectors) in the numpy core."""
    return to_numpy(net).replay(inputs, h0)
