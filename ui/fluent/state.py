"""/window's view (url path ``window``), declared once: the seed, the window size, the recurrent net looked inside,
the step, predict-then-reveal and the sentence."""

from __future__ import annotations

from dataclasses import replace

from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.tasks.fluent_data import LECTURE_SENTENCE
from ui import fields
from ui.schema import View, text_field, with_options
from ui.values import one_of
from viz import labels

BEST = "the better gated one"  # the default architecture, resolved once the models exist
MAX_URL_TEXT = 2000  # a longer sentence is not kept in the link

VIEW = View(
    "w_",
    (
        replace(
            fields.SEED,
            help="Fixes the data and the initial weights: the same seed gives the same trained "
            "models in every classroom. A new seed trains them all again (a few seconds).",
            hide="controls",
        ),
        replace(
            fields.WINDOW_K,
            help="How many of the last words the feedforward network sees: its input layer has room for "
            "k word vectors and no more.",
            hide="controls",
        ),
        replace(
            with_options(fields.ARCH, RNN_KINDS, default=BEST),
            ok=lambda v: v == BEST or one_of(RNN_KINDS)(v),
            label="Look inside",
            format=labels.ARCH_SHORT.get,
            hide="controls",
        ),
        fields.T,
        replace(
            fields.REVEAL,
            help="Hide the words after t and the answer, so the class can guess what comes next before you step",
        ),
        text_field(
            "text",
            LECTURE_SENTENCE,
            url="text",
            label="The sentence",
            help="Type your own; the models fill in the word after it. Words they never saw are read as <unk> "
            "and drawn dashed. Name a country (or a city) early and see who remembers it.",
            hide="controls",
        ),
    ),
    keys=("reset", "stepper", "diagram", "words"),
    hideable={
        "controls": "The sentence box, window size, architecture and seed",
        "evidence": "Accuracy by distance and the held-out scores",
        "saliency": "Which words each model looked at",
    },
    page="window",
)
K = VIEW.K
GROUP = "w"  # the stepper's group: its controls and panels share one step t
