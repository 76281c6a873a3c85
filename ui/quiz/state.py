"""/quiz's view (url path ``quiz``), declared once: the mode and the seed a link holds, and everything a student's
progress keeps (picks, checked answers, tallies), each with what it may be; and the question bank, read once."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from rnn_core.lessons import bank as question_bank
from rnn_core.lessons import by_hand, scenarios
from rnn_core.lessons.bank import NETWORKS
from rnn_core.lessons.scenarios import SURE
from rnn_core.mappings import MAPPINGS
from ui import fields
from ui.schema import View, choice_field, state_field
from ui.values import is_flag, is_text, one_of, optional, whole

MODES = ("scenarios", "diagrams", "by-hand", "shapes")
MODE_LABELS = {"scenarios": "Which network?", "diagrams": "Diagrams", "by-hand": "Unroll by hand", "shapes": "Shapes"}
HAND_SOURCES = ("seed", "own")
HAND_DEFAULTS = {"W_xh": 0.5, "W_hh": 0.8, "b_h": 0.0, "W_hy": 1.0, "b_y": 0.0}
HAND_INPUTS = "0.5 0.25 -0.5"
GATE_CHOICES = (1, 2, 3, 4)
SHAPE_BOXES = ("shape_w_xh", "shape_w_hh", "shape_w_hy", "shape_count")
HAND_BOXES = (*(f"hand_h{t}" for t in range(1, by_hand.MAX_INPUTS + 1)), "hand_y")
ANY_INDEX = whole(0, 10**6)  # a question's number in a seeded sequence


def _weight(v) -> bool:
    return type(v) is float and -by_hand.LIMIT <= v <= by_hand.LIMIT


VIEW = View(
    "qz_",
    (
        replace(
            fields.SEED,
            label="Quiz seed",
            help="Fixes the order of the questions and the numbers drawn: everyone who opens the same link gets "
            "the same quiz. A new seed starts every mode again.",
        ),
        choice_field(
            "mode",
            MODES,
            url="mode",
            describe="quiz mode",
            label="Quiz",
            widget="segmented",
            format=MODE_LABELS.get,
            hide="modes",
        ),
        state_field("net", None, optional(one_of(NETWORKS))),
        state_field("map", None, optional(one_of(MAPPINGS))),
        state_field("sure", None, optional(one_of(SURE))),
        state_field("progress", None, optional(lambda v: isinstance(v, scenarios.Progress))),
        state_field("show_review", False, is_flag),
        state_field("pic_i", 0, ANY_INDEX),
        state_field("pic_pick", None, optional(whole(0, 3))),
        state_field("pic_tally", None, optional(lambda v: isinstance(v, scenarios.Tally))),
        state_field("hand_src", HAND_SOURCES[0], one_of(HAND_SOURCES)),
        state_field("hand_i", 0, ANY_INDEX),
        state_field("hand_checked", False, is_flag),
        state_field("hand_solution", False, is_flag),
        state_field("hand_inputs", HAND_INPUTS, is_text),
        *(state_field(name, "", is_text) for name in HAND_BOXES),
        *(state_field(f"hand_{n}", v, _weight) for n, v in HAND_DEFAULTS.items()),
        state_field("shape_i", 0, ANY_INDEX),
        state_field("shape_gates", None, optional(one_of(GATE_CHOICES))),
        *(state_field(name, "", is_text) for name in SHAPE_BOXES),
        state_field("shape_checked", False, is_flag),
        state_field("shape_tally", None, optional(lambda v: isinstance(v, scenarios.Tally))),
    ),
    keys=(
        "for_seed",
        "check",
        "next",
        "review",
        "retry",
        "restart",
        "back",
        "fig",
        "pic_next",
        "hand_check",
        "hand_new",
        "hand_open",
        "shape_check",
        "shape_new",
    ),
    hideable={"modes": "The other quiz modes (keep the class on this one)", "seed": "The quiz seed"},
    page="quiz",
)
K = VIEW.K
SEED_RULE = whole(int(fields.SEED.lo), int(fields.SEED.hi))


@st.cache_resource(show_spinner=False)
def bank() -> tuple[question_bank.Scenario, ...]:
    """The question bank, read once for the server (immutable: a tuple of frozen scenarios)."""
    return question_bank.load_bank()


@st.cache_resource(show_spinner=False)
def scenarios_by_id() -> dict[str, question_bank.Scenario]:
    return {s.id: s for s in bank()}


def state(key: str, default=None):
    return st.session_state.get(key, default)


def shown_seed() -> int:
    """The seed the page last ran with (callbacks act on what the student saw, whatever the seed box holds now)."""
    v = state(K.for_seed, 0)
    return v if SEED_RULE(v) else 0


def progress() -> scenarios.Progress:
    p = state(K.progress)
    return p if isinstance(p, scenarios.Progress) else scenarios.Progress.start(bank(), shown_seed())


def tally(key: str) -> scenarios.Tally:
    t = state(key)
    return t if isinstance(t, scenarios.Tally) else scenarios.Tally()


def key_hint(text: str) -> None:
    st.caption("Keyboard: " + text)


def clear(*names: str) -> None:
    """Put these fields back to their defaults (a new question, a new seed)."""
    for name in names:
        st.session_state[K(name)] = VIEW.field(name).default


PICKS = ("net", "map", "sure")
HAND = (*HAND_BOXES, "hand_checked", "hand_solution")
SHAPES = (*SHAPE_BOXES, "shape_gates", "shape_checked")


def new_seed(seed: int) -> None:
    """A new seed starts every mode again: new order, new problems, scores back to zero."""
    ss = st.session_state
    ss[K.progress] = scenarios.Progress.start(bank(), seed)
    ss[K.pic_tally], ss[K.shape_tally] = scenarios.Tally(), scenarios.Tally()
    ss[K.pic_i], ss[K.hand_i], ss[K.shape_i] = 0, 0, 0
    ss[K.pic_pick], ss[K.show_review] = None, False
    clear(*PICKS, *HAND, *SHAPES)
    ss[K.for_seed] = seed
