"""The explorer's view (url path ``unroll``), declared once: every part of it a link can hold, what each may be, and
the controls a stripped link may hide. Other pages link to it through :data:`VIEW` (``VIEW.link``, ``VIEW.open``)."""

from __future__ import annotations

from dataclasses import replace

import rnn_core as rc
from rnn_core.cnn import ENCODERS
from rnn_core.tasks import get_task
from rnn_core.window import WINDOW
from ui import fields
from ui.explorer.own_weights import WEIGHT_LIMIT, WEIGHT_NAMES
from ui.schema import (
    Field,
    View,
    choice_field,
    decimal_field,
    flag_field,
    renamed,
    whole_field,
    with_options,
)
from ui.values import decimals, exact
from viz import labels

ARCHS = (*rc.KINDS, WINDOW)  # the three recurrent cells and the fixed-window feedforward (window size k in the URL)
NO_COMPARISON = "none"
MODES = ("Read a sequence", "Sample at test time")
ARCH_HELP = (
    "Vanilla RNN: h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h). LSTM and GRU add gates. Window: a feedforward "
    "network that sees only the last k inputs, a_t = tanh(W_1 [x_(t-k+1); ...; x_t] + b_1), and nothing before them."
)
TEXT_LIMIT = 20  # a link's sequence holds at most this many characters per step the task reads


def task_of(values) -> object:
    """The view's context: the task it shows."""
    return get_task(values.get("seq", fields.SEQ.default))


FIELDS = (
    replace(fields.SEQ, help="What the network reads, one step at a time"),
    replace(
        with_options(fields.ARCH, ARCHS),
        format=lambda k: labels.WINDOW if k == WINDOW else labels.ARCH.get(k, k),
        help=ARCH_HELP,
    ),
    replace(
        fields.SEED,
        help="Fixes the initial weights: the same seed gives the same trained model in every classroom",
    ),
    fields.T,
    replace(
        fields.WINDOW_K,
        widget="select_slider",
        help="How many of the last inputs the feedforward network sees at each step. W_1 grows with k; "
        "anything further back is never seen.",
    ),
    choice_field(
        "enc",
        tuple(ENCODERS),
        "flat",
        url="enc",
        describe="encoder",
        label="Encoder",
        widget="radio",
        format=ENCODERS.get,
        help="How each frame or image becomes x_t: flat (its pixels as one vector) or a small CNN (two Conv2d "
        "layers, trained with the cell) before the recurrent cell: the lecture's CNN + RNN combination.",
        hide="picker",
    ),
    choice_field(
        "vs",
        (NO_COMPARISON, *rc.KINDS),
        url="vs",
        describe="architecture to compare",
        label="Compare with",
        widget="selectbox",
        format=lambda k: "nothing" if k == NO_COMPARISON else labels.ARCH[k],
        help="A second architecture on the same input, its diagram under the first, stepping with it",
        hide="options",
    ),
    choice_field(
        "mode",
        MODES,
        url="mode",
        in_link={"read": MODES[0], "sample": MODES[1]},
        describe="mode",
        label="Mode",
        widget="radio",
        help="At test time the model samples a character and feeds it back as the next input.",
        hide="input",
    ),
    decimal_field(
        "temperature",
        0.1,
        2.0,
        0.1,
        1.0,
        url="temp",
        describe="temperature",
        label="Temperature",
        help="Below 1: more sure of the likeliest letter; above 1: more adventurous",
        hide="input",
    ),
    whole_field(
        "sample_len",
        1,
        20,
        8,
        url="n",
        describe="number of letters to sample",
        label="Letters to sample",
        widget="slider",
        hide="input",
    ),
    renamed(fields.SEED, "sample_seed", url="sseed", describe="sampling seed", label="Sampling seed", hide="input"),
    flag_field(
        "rolled",
        url="rolled",
        describe="rolled-form switch",
        label="Show the rolled form",
        help="Draw the same network as one cell with a loop beside the unrolled diagram",
        hide="options",
    ),
    replace(
        fields.REVEAL,
        help="Hide the steps after t (their inputs, states and outputs), so the class can guess the next one "
        "before you step",
        hide="options",
    ),
    Field("w", None, "w", decimals(WEIGHT_NAMES, WEIGHT_LIMIT), describe="set of typed weights", hide="input"),
    Field("text", None, "text", str, widget="text", hide="input"),  # kept per task, under text_<task id>
    flag_field("use_custom", label="Use my weights", hide="input"),
    fields.UNITS,
    Field(  # only where the task can sample
        "sample_start",
        url="start",
        options=lambda task: task.vocab if "sample" in task.can else None,
        default=lambda task: task.vocab[0] if "sample" in task.can else None,
        parse_for=lambda task: exact(task.vocab, "start letters"),
        describe="start letter",
        label="Start with",
        widget="selectbox",
        hide="input",
    ),
)

VIEW = View(
    "ex_",
    FIELDS,
    keys=(
        "t_from_url",
        "weights_from_url",
        "w_xh",
        "w_hh",
        "b_h",
        "w_hy",
        "b_y",
        "stepper",
        "diagram",
        "output",
        "history",
        "math",
        "vs_diagram",
        "vs_notes",
    ),
    hideable={
        "picker": "Sequence, architecture and units",
        "seed": "The seed",
        "input": "The sequence box, the mode and the sampling settings",
        "options": "Rolled form, predict-then-reveal and comparison switches",
        "shapes": "The weights and their shapes",
    },
    context=task_of,
    page="unroll",
)
K = VIEW.K
GROUP = "ex"  # the stepper's group: its controls and panels share one step t


def text_key(task) -> str:
    """Where the sequence typed for ``task`` is kept (each task keeps its own)."""
    return K(f"text_{task.id}")


def from_link(values: dict, notes: list[str]) -> dict:
    """The link's values as the explorer keeps them: its step waits until the sequence is known, its typed sequence
    is kept per task, and its typed weights switch "Use my weights" on."""
    task = task_of(values)
    out = dict(values)
    out["t_from_url"] = out["t"]  # checked against the sequence's length once it is known
    if "sample" not in task.can:
        out["mode"] = MODES[0]
    if out.get("sample_start") is None:
        out.pop("sample_start", None)
    typed = out.pop("w")
    if typed is not None:
        out |= dict(zip(("w_xh", "w_hh", "b_h", "w_hy", "b_y"), typed, strict=True))
        out |= {"use_custom": True, "weights_from_url": True}
    text = out.pop("text")
    if text is not None:
        out[f"text_{task.id}"] = text[: task.max_len * TEXT_LIMIT]
    return out
