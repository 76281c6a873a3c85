"""The glass box: numpy recurrent cells with a full trace and exact BPTT, replaying torch models."""

from rnn_core.cells import GRUStep, LSTMStep, RNNStep
from rnn_core.params import GATES, KINDS, CellParams, init_params
from rnn_core.unroll import BPTT, Trace, backward, bptt, unroll

__all__ = [
    "BPTT",
    "GATES",
    "KINDS",
    "CellParams",
    "GRUStep",
    "LSTMStep",
    "RNNStep",
    "Trace",
    "backward",
    "bptt",
    "init_params",
    "unroll",
]
