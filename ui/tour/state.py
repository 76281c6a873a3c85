"""The tour's view (url path ``tour``), declared once: the stop a link opens at, and what each stop keeps (whether
its answer is revealed, what it picked)."""

from __future__ import annotations

from ui.schema import View, state_field, whole_field
from ui.tour.stops import STOPS
from ui.tour.views import fields, keys
from ui.values import is_flag

N = len(STOPS)
TITLES = {i: f"{i}. {s.short or s.title}" for i, s in enumerate(STOPS, start=1)}  # the sidebar's list of stops

VIEW = View(
    "tour_",
    (
        whole_field(
            "stop",
            1,
            N,
            url="stop",
            describe="tour stop",
            label="Go to stop",
            widget="selectbox",
            options=range(1, N + 1),
            format=TITLES.get,
            help="Every stop of the lecture tour, in the lecture's order",
        ),
        *(state_field(f"{s.id}_shown", False, is_flag) for s in STOPS),
        *(f for s in STOPS for f in fields(s)),
    ),
    keys=("prev", "next", "prev_alias", "next_alias", "aliases"),
    page="tour",
)
K = VIEW.K
STOP_KEYS = {s.id: keys(K(f"{s.id}_")) for s in STOPS}  # each stop's own session keys (read-only after import)
