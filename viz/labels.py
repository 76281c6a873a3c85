"""Every name a person reads for a model, a network or a mapping: one table, read by every page and figure, so a
label is changed in one place. Kinds are the model side's names (``rnn``, ``lstm``, ``gru``, ``window-k``); the
quiz's networks and mappings are ``rnn_core.lessons``'."""

from __future__ import annotations

from rnn_core.window import window_size

ARCH = {"rnn": "Vanilla RNN", "lstm": "LSTM", "gru": "GRU"}  # a recurrent cell, by kind
ARCH_SHORT = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}  # the same, where room is short
WINDOW = "Window"  # the fixed-window feedforward model, where room is short (the explorer's architecture picker)
NETWORKS = {"dense": "Dense", "cnn": "CNN", "rnn": "RNN", "combination": "Combination"}  # the quiz's networks
NETWORK_HELP = {
    "dense": "A dense (fully connected, feed-forward) network: a fixed-size input, no memory between inputs",
    "cnn": "A convolutional network: images and other grids, a fixed-size input",
    "rnn": "A recurrent network: reads a sequence one step at a time, carrying a hidden state",
    "combination": "Networks put together, e.g. a CNN that reads each image feeding an RNN",
}
SURE = {"low": "Not sure", "medium": "Fairly sure", "high": "Very sure"}  # how sure a student is of an answer


def mapping(name: str) -> str:
    """A mapping as a button or a heading shows it: 'one-to-many' -> 'One-to-many'."""
    return name.capitalize()


def window(k: int, unit: str = "input", short: bool = False) -> str:
    """The fixed-window model of ``k`` inputs: 'Window of 3 inputs' ('... words' when its inputs are words;
    'Window of 3' where room is short)."""
    if short:
        return f"Window of {k}"
    return f"Window of {k} {unit}{'s' if k != 1 else ''}"


def model(kind: str, unit: str = "input", short: bool = False) -> str:
    """Any model by its kind: a recurrent cell ('rnn' -> 'Vanilla RNN') or a fixed window ('window-3' -> 'Window of
    3 inputs', see :func:`window`)."""
    k = window_size(kind)
    if k is not None:
        return window(k, unit, short)
    return ARCH[kind]
