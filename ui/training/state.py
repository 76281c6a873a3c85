"""/training's view (url path ``training``), declared once: the model, its training settings, the steps taken (each
with its rate and clipping, so a fresh page takes them again), the backward step, and the sections' own settings."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import numpy as np
import streamlit as st

import rnn_core as rc
from rnn_core.experiments.stepper import OPTIMIZERS
from rnn_core.tasks import get_task
from ui import fields
from ui.schema import Field, View, choice_field, flag_field, grid_field, with_options
from ui.values import grid, int_in, one_of

LRS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)

SCALES = (0.0, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0)  # 0: torch's default, ±1/√units

CLIPS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)

SPEEDS = (1, 2, 5, 10, 20, 50)

STOPS = ("never", "loss", "acc")

STOP_LOSSES = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001)

STOP_ACCS = (0.5, 0.75, 0.9, 0.95, 0.99, 1.0)

VX_SCALES = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)

SUBSET = 300  # training sentences of the words task used here, so a full-batch step stays well under a second

MAX_LINK_STEPS = 3000  # the most training steps a link may ask a fresh page to take again


@st.cache_resource(show_spinner=False)
def task_of(task_id: str):
    """The task as trained here: the words task on its first ``SUBSET`` training sentences (read-only, shared)."""
    task = get_task(task_id)
    if len(task.train) > SUBSET:
        task = dataclasses.replace(task, train=task.train[:SUBSET])
    return task


def lr_choice(s: str) -> float:
    try:
        v = float(s.strip())
    except ValueError:
        raise ValueError("expected a number such as 0.05") from None
    for lr in LRS:
        if np.isclose(v, lr, rtol=1e-6, atol=0):
            return lr
    raise ValueError(f"expected one of {', '.join(f'{x:g}' for x in LRS)}")


def schedule_text(schedule) -> str | None:
    """The steps taken, as a link keeps them: runs of "steps:rate:clip" joined by "_" ("-": no clipping)."""
    runs = [f"{n}:{lr:g}:{'-' if clip is None else f'{clip:g}'}" for n, lr, clip in schedule]
    return "_".join(runs) or None


def parse_schedule(s: str) -> tuple[tuple[int, float, float | None], ...]:
    """:func:`schedule_text` read back: every rate one the page offers, every threshold too, at most
    ``MAX_LINK_STEPS`` steps in all."""
    rate, threshold = grid(LRS, "a learning rate"), grid(CLIPS, "a clipping threshold")
    runs = []
    try:
        for part in s.split("_"):
            n, lr, clip = part.split(":")
            runs.append((int_in(1, MAX_LINK_STEPS)(n), rate(lr), None if clip == "-" else threshold(clip)))
    except ValueError as e:
        raise ValueError(f"expected runs of steps:rate:clip joined by _ ({e})") from None
    if sum(n for n, _, _ in runs) > MAX_LINK_STEPS:
        raise ValueError(f"expected at most {MAX_LINK_STEPS} steps in all")
    return tuple(runs)


def task_in(values) -> object:
    """The view's context: the task it trains."""
    return task_of(values.get("seq", fields.SEQ.default))


OPT_LABEL = {"sgd": "SGD", "adam": "Adam"}
STOP_LABEL = {"never": "never (pause by hand)", "loss": "training loss ≤", "acc": "held-out accuracy ≥"}
CLIP_AT = "Clip at ||dL/dW|| ="


def by_g(v) -> str:
    return f"{v:g}"


VIEW = View(
    "tr_",
    (
        replace(
            fields.SEQ,
            help="What the network learns to read: any task of the explorer's catalogue, from the lecture's "
            "“hello” and the 1x1 numbers RNN to sounds, heartbeats, proteins, prices, video and captions",
        ),
        with_options(fields.ARCH, rc.KINDS),
        replace(
            fields.SEED,
            help="Fixes the initial weights: the same seed starts every classroom from the same "
            "step-0 model, and Reset always returns to it",
        ),
        choice_field(
            "opt",
            OPTIMIZERS,
            "adam",
            url="opt",
            describe="optimiser",
            label="Optimiser",
            widget="segmented",
            format=OPT_LABEL.get,
            help="SGD: W ← W − lr·dL/dW. Adam: a step of about lr per weight, scaled by running "
            "averages of the gradient. Changing it starts again from step 0.",
        ),
        grid_field(
            "scale",
            SCALES,
            0.0,
            "an initial weight scale",
            url="scale",
            describe="initial weight scale",
            label="Initial weight scale",
            widget="selectbox",
            format=lambda v: "±1/√units (torch)" if not v else f"uniform ±{v:g}",
            help="The step-0 weights of the recurrent layer are drawn uniformly from ±this; "
            "“±1/√units (torch)” is torch's default, uniform ±1/√units. Large values make a vanilla RNN's "
            "gradients explode, small ones vanish. Changing it starts again from step 0.",
        ),
        grid_field(  # in a link only while clipping is on
            "clip",
            CLIPS,
            1.0,
            "a clipping threshold",
            url="clip",
            link_default=None,
            describe="clipping threshold",
            label=CLIP_AT,
            widget="select_slider",
            format=by_g,
            help="The largest gradient norm a step may use (global norm over every weight)",
        ),
        Field(
            "speed",
            1,
            "every",
            int_in(1, max(SPEEDS), SPEEDS),
            ok=one_of(SPEEDS),
            options=SPEEDS,
            link_default=None,
            describe="number of steps per update",
            label="Steps per update",
            widget="select_slider",
            help="How many optimiser steps each update of the picture takes while playing",
        ),
        choice_field(
            "stop",
            STOPS,
            "loss",
            url="stop",
            describe="stop condition",
            label="Stop playing when",
            widget="selectbox",
            format=STOP_LABEL.get,
            help="Playing stops by itself when this target is reached",
        ),
        Field(  # the link's target for the stop condition: stop_loss or stop_acc
            "target", None, "target", grid(STOP_LOSSES + STOP_ACCS, "a target"), by_g, describe="stop target"
        ),
        Field("run", (), "run", parse_schedule, schedule_text, describe="record of training steps"),
        Field("bt", 1, "bt", int_in(1, 10_000), ok=fields.T.ok, link_default=None, describe="backward step"),
        flag_field(
            "clip_on",
            label="Clip",
            help="Gradient clipping: when ||dL/dW|| is above the threshold, scale the whole gradient "
            "down to it before the step. Applies from the next step.",
        ),
        grid_field(
            "stop_loss",
            STOP_LOSSES,
            0.05,
            "a target loss",
            label="Target loss",
            widget="select_slider",
            format=by_g,
            help="Stop once the training loss is this low",
        ),
        grid_field(
            "stop_acc",
            STOP_ACCS,
            1.0,
            "a target accuracy",
            label="Target accuracy",
            widget="select_slider",
            format=lambda v: f"{v:.0%}",
            help="Stop once held-out accuracy is this high",
        ),
        grid_field(
            "vx_scale",
            VX_SCALES,
            1.0,
            "an initial weight scale",
            label="Initial weight scale s",
            widget="select_slider",
            format=lambda v: f"±{v:g}",
            help="Every weight starts uniform in ±s. Try 0.1 (vanishing) and 1.5 (exploding).",
            hide="sections",
        ),
        flag_field(
            "vx_clip_on",
            label="Clip",
            help="Global-norm clipping, as torch.nn.utils.clip_grad_norm_: when the gradient of all "
            "the weights is larger than the threshold, every gradient is scaled down by one factor",
            hide="sections",
        ),
        grid_field(
            "vx_clip",
            CLIPS,
            1.0,
            "a clipping threshold",
            label=CLIP_AT,
            widget="select_slider",
            format=by_g,
            help="The largest gradient norm allowed",
            hide="sections",
        ),
        fields.UNITS,
        Field(
            "lr",
            default=lambda task: task.lr,
            url="lr",
            parse=lr_choice,
            ok=one_of(LRS),
            options=LRS,
            describe="learning rate",
            label="Learning rate",
            widget="select_slider",
            format=by_g,
            help="How far each step moves the weights (log scale). Too large and training goes wrong: "
            "on “hello” the loss jumps about, on the numbers task it blows up (try 2 or more "
            "with SGD). Applies from the next step, to the weights as they are.",
        ),
    ),
    keys=(
        "step",
        "play",
        "reset",
        "bt_stepper",
        "bt_diagram",
        "bt_norms",
        "bt_words",
        "hz_run",
        "run_horizon",
        "run_from_url",
        "bt_from_url",
    ),
    hideable={
        "picker": "Sequence, architecture and units",
        "seed": "The seed",
        "sections": "The vanishing-gradient and memory-horizon sections",
    },
    context=task_in,
    page="training",
)
K = VIEW.K


def from_link(values: dict, notes: list[str]) -> dict:
    """The link's values as /training keeps them: clipping on when it names a threshold, the steps per update, the
    stop target under its condition, and the steps taken and the backward step waiting for the page to use them."""
    out = {k: values[k] for k in ("seq", "arch", "seed", "units", "opt", "scale", "stop", "lr")}
    out |= {"clip_on": values["clip"] is not None, "run_from_url": values["run"]}
    if values["clip"] is not None:
        out["clip"] = values["clip"]
    if values["speed"] is not None:
        out["speed"] = values["speed"]
    target = values["target"]
    if target is not None and values["stop"] == "loss" and target in STOP_LOSSES:
        out["stop_loss"] = target
    elif target is not None and values["stop"] == "acc" and target in STOP_ACCS:
        out["stop_acc"] = target
    elif target is not None:
        notes.append(f"target={target:g} in the link is not a target for stop={values['stop']}; using the default.")
    if values["bt"] is not None:
        out["bt_from_url"] = values["bt"]
    return out
