"""The quiz's pictures of the four mappings, drawn by the explorer's own diagram builder (``viz.unrolled``).

A picture shows where the inputs and outputs are, not a trained model: the hidden states are small made-up values
(``rnn_core.quiz.sketch_states``), with no colour scale. Inputs are labelled x_1, x_2, ...; in a one-to-many picture
only the first step has a real input and each later step reads the output before it, fed back along a dashed arrow
(the lecture's sampling at test time); a many-to-one picture has one output, after the last step; a many-to-many one
that is not synced reads every input first, then starts from a start token ("go") and feeds each output back;
one-to-one is a single step with no h_0 and no W_hh: a plain feed-forward network.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.unrolled import unrolled_figure

START = "go"  # what the first step after the inputs reads in a not-synced picture: a start token (short: no rotation)
NO_RECURRENCE = {"W_hh-0", "W_hh-label-0", "h0-label", "strip-h0"}  # what a one-step picture leaves out
ONE_STEP_CAPTION = "One input, one output:<br>nothing is carried to a next step"


def labels(inputs, outputs) -> tuple[list[str], list[str | None]]:
    """The x and y box labels of a picture: inputs x_1, x_2, ... where a step has a real input; where it does not,
    the output fed back from the step before (or ``START`` when that step had none); outputs y_1, y_2, ... counted
    from the first step that has one (None: no output box)."""
    T = len(inputs)
    if T == 1:
        return ["x"], ["y" if outputs[0] else None]
    first = next((t for t, out in enumerate(outputs) if out), 0)
    ys = [f"y_{t - first + 1}" if out else None for t, out in enumerate(outputs)]
    if sum(outputs) == 1:  # many-to-one: the one output, after the last step
        ys = [None if y is None else f"y_{T}" for y in ys]
    xs = []
    for t, real in enumerate(inputs):
        if real:
            xs.append(f"x_{t + 1}")
        else:
            xs.append(ys[t - 1] if t and ys[t - 1] is not None else START)
    return xs, ys


def mapping_figure(
    layout, h, *, big: bool = False, width: int | None = None, title: str | None = None, cell: str = "rnn"
) -> go.Figure:
    """The unrolled picture of a mapping: ``layout`` a ``rnn_core.quiz.Layout`` (which steps have a real input and
    an output, and whether outputs are fed back), ``h`` its (T, H) made-up states, ``title`` above it."""
    h = np.asarray(h, dtype=float)
    if h.ndim != 2 or h.shape[0] != layout.T:
        raise ValueError(f"h should have one row per step of the layout ({layout.T}), got shape {h.shape}")
    xs, ys = labels(layout.inputs, layout.outputs)
    fig = unrolled_figure(h, None, xs, ys, feedback=layout.fed_back, big=big, width=width, title=title, cell=cell)
    fig.update_traces(showscale=False, selector={"type": "heatmap"})  # made-up states: no scale to read
    if layout.T == 1:
        _without_recurrence(fig)
    return fig


def _without_recurrence(fig: go.Figure) -> None:
    """A one-step picture is the feed-forward network: no h_0, no W_hh arrow into the one step, and a caption that
    says so (the builder draws every picture as a recurrent one)."""
    lay = fig.layout
    lay.annotations = [a for a in lay.annotations if a.name not in NO_RECURRENCE]
    lay.shapes = [s for s in lay.shapes if s.name not in NO_RECURRENCE]
    for a in lay.annotations:
        if a.name == "caption":
            a.text, a.x = ONE_STEP_CAPTION, 0  # under the one step (h_0's column is gone)
    for tr in fig.data:
        if tr.type == "heatmap":
            z = np.array(tr.z, dtype=float)
            z[:, np.asarray(tr.customdata, dtype=float)[0] < 0] = np.nan  # the h_0 column (its step is -1)
            tr.z = z
