"""The fields several pages share, declared once for all of them (``ui.schema``): the task, the architecture, the
units, the seed, the time step, predict-then-reveal, the window size and projector mode. A page that needs one a
little differently (other options, another label) takes it with ``dataclasses.replace``."""

from __future__ import annotations

from rnn_core.params import KINDS
from rnn_core.tasks import TASK_IDS, get_task
from rnn_core.window import DEFAULT_K, K_CHOICES, MAX_K
from ui.schema import Field, choice_field, flag_field, whole_field
from ui.values import int_in
from viz import labels

ARCH_HELP = "Vanilla RNN: h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h). LSTM and GRU add gates."


def task_name(task_id: str) -> str:
    """A task as the sequence picker lists it: its title and mapping."""
    task = get_task(task_id)
    return f"{task.title} · {task.mapping}"


SEQ = choice_field(
    "seq",
    TASK_IDS,
    url="seq",
    describe="sequence",
    label="Sequence",
    widget="selectbox",
    format=task_name,
    hide="picker",
)
ARCH = choice_field(
    "arch",
    KINDS,
    url="arch",
    describe="architecture",
    label="Architecture",
    widget="segmented",
    format=lambda k: labels.ARCH.get(k, k),
    help=ARCH_HELP,
    hide="picker",
)
UNITS = Field(  # the choices are the task's: the view's context is the task
    "units",
    default=lambda task: task.default_units,
    url="units",
    options=lambda task: task.units_choices,
    parse_for=lambda task: int_in(1, 64, task.units_choices),
    describe="number of units",
    label="Hidden units",
    widget="select_slider",
    help="How many numbers the hidden state h_t holds",
    hide="picker",
)
SEED = whole_field("seed", 0, 9999, url="seed", box=True, describe="seed", label="Seed", hide="seed")
T = whole_field("t", 1, 10_000, url="t", describe="time step")
REVEAL = flag_field("reveal", url="reveal", describe="predict-then-reveal switch", label="Predict, then reveal")
WINDOW_K = whole_field(
    "k",
    K_CHOICES[0],
    MAX_K,
    DEFAULT_K,
    url="k",
    describe="window size",
    label="Window size k",
    widget="slider",
    options=K_CHOICES,
)
PRESENT = flag_field(
    "present",
    url="present",
    describe="projector switch",
    label="Projector mode",
    help="Big type and bold colours for a projected screen. Step with the Left and Right arrow keys, "
    "Space to play, Home and End to jump. The address bar then holds a link to this exact view.",
)
