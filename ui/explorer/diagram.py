"""The explorer's unrolled diagram at every step of a sequence: the same cell at each t, its hidden state, the cell
state and gates where the cell has them, and what it outputs."""

from __future__ import annotations

from rnn_core.cnn import EncodedNet
from ui.explorer import cnn
from ui.explorer.outputs import output_labels
from viz.unrolled import unrolled_figure


def diagram_figures(
    task, net, replay, example, temperature: float | None, big: bool, rolled: bool, reveal: bool = False
) -> list:
    """The unrolled diagram at every step (one figure each), with the cell state and gates where the cell has them;
    ``reveal``: predict, then reveal (the steps after t are hidden)."""
    y_labels, y_probs = output_labels(task, replay, example, temperature)
    width = (960 if big else 540) if rolled else None  # the column beside the rolled figure at 1280 px
    encoded = isinstance(net, EncodedNet)  # a CNN turns each frame or image into x_t: drawn as its own block
    return [
        unrolled_figure(
            replay.trace.h,
            k,
            list(example.x_labels),
            y_labels,
            y_probs=y_probs,
            feedback=temperature is not None or task.mapping == "one-to-many",
            big=big,
            cell=net.params.kind,
            width=width,
            c=replay.trace.c,
            c0=replay.trace.c0,
            gates=replay.trace.gates(),
            hide_future=reveal,
            encoder="CNN" if encoded else None,
            encoded=cnn.encoded(net, example) if encoded else None,
        )
        for k in range(example.T)
    ]
