"""One place for the look: the colour-blind-safe palette, the diverging scale and the font sizes.

Colours are Okabe & Ito's palette ("Color Universal Design", 2008), distinguishable under the
common colour-vision deficiencies. Each weight matrix keeps one colour in every figure, so a
student can follow ``W_xh`` (blue), ``W_hh`` (vermillion) and ``W_hy`` (bluish green) from the
unrolled diagram to the matrix heatmaps. Values (hidden states, weights) use ColorBrewer's RdBu,
a diverging scale that is also colour-blind safe: blue for negative, white for zero, red for
positive.

Font sizes come in two sets: ``normal`` for a laptop and ``big`` for a projector at 1080p read
from the back of a room. Every builder takes ``big: bool`` and picks its sizes with ``fonts(big)``.
"""

from __future__ import annotations

from rnn_core.window import window_size

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# One colour per weight matrix, the same in every figure.
MATRIX = {"W_xh": OKABE_ITO["blue"], "W_hh": OKABE_ITO["vermillion"], "W_hy": OKABE_ITO["bluish_green"]}
FEEDBACK = OKABE_ITO["reddish_purple"]  # sampled y_t fed back as x_{t+1}
CELL_STATE = OKABE_ITO["orange"]  # the LSTM's cell state c_(t-1) -> c_t, the "conveyor belt"
CELL_STATE_TEXT = "#8A5F00"  # the same orange, dark enough for text on white (contrast about 5:1)
GRADIENT = "#222222"  # backward pass: dL/dh_t flowing back through time
HIGHLIGHT = OKABE_ITO["black"]  # frame around the current step
HIGHLIGHT_FILL = "rgba(240, 228, 66, 0.22)"  # Okabe-Ito yellow, translucent
TEXT = "#111111"
MUTED = "#555555"
BOX_FILL = "#F4F4F4"
BOX_LINE = "#333333"
BACKGROUND = "#FFFFFF"
# Series colours for bar charts and comparisons, strongest contrast on white first.
SERIES = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue")]
# One colour per kind of model on every page (/window's answers and accuracy curves, /training's vanishing and
# memory-horizon plots, the tour): the fixed-window feedforward model in the colour of its window in the sentence.
ARCH = {"rnn": OKABE_ITO["reddish_purple"], "lstm": OKABE_ITO["blue"], "gru": OKABE_ITO["bluish_green"]}
WINDOW_MODEL = OKABE_ITO["vermillion"]
BAR = OKABE_ITO["blue"]
BAR_HIGHLIGHT = OKABE_ITO["orange"]

# ColorBrewer RdBu (11 classes), reversed so that negative is blue and positive is red.
DIVERGING = [
    [0.0, "#053061"],
    [0.1, "#2166AC"],
    [0.2, "#4393C3"],
    [0.3, "#92C5DE"],
    [0.4, "#D1E5F0"],
    [0.5, "#F7F7F7"],
    [0.6, "#FDDBC7"],
    [0.7, "#F4A582"],
    [0.8, "#D6604D"],
    [0.9, "#B2182B"],
    [1.0, "#67001F"],
]

FAMILY = "Arial, Helvetica, 'DejaVu Sans', sans-serif"

# Font sizes in px. ``token`` is for input/output tokens, ``small`` for captions and ticks. Projector mode's
# smallest is 24 px: legible from the back of a room at 1080p, and no smaller than the page's own text there.
FONTS = {
    False: {"base": 14, "small": 13, "token": 17, "label": 15, "title": 18, "hover": 14},
    True: {"base": 26, "small": 24, "token": 30, "label": 26, "title": 28, "hover": 24},
}
# The main column's width in px that figures are fitted to (text is sized to fit it; a wider page stretches them):
# a 1280 px laptop with the sidebar open, and projector mode at 1280 px with the sidebar collapsed (ui/present.py).
# ``HALF_COLUMN``: one of two columns side by side.
MAIN_COLUMN = {False: 820, True: 1220}
HALF_COLUMN = {False: 400, True: 600}


def fonts(big: bool = False) -> dict[str, int]:
    """Font sizes (px) for laptop (``big=False``) or projector (``big=True``) mode."""
    return FONTS[bool(big)]


def model_colour(kind: str, i: int = 0) -> str:
    """The colour of a model by its kind: an architecture's (``ARCH``: "rnn", "lstm", "gru"), a fixed window's
    ("window-3") ``WINDOW_MODEL``, any other the ``i``-th of ``SERIES``."""
    if kind in ARCH:
        return ARCH[kind]
    if window_size(kind) is not None:
        return WINDOW_MODEL
    return SERIES[i % len(SERIES)]
