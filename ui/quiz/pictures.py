"""The quiz's pictures of the four mappings (drawn by the explorer's own diagram builder, ``viz.mapping_sketch``): their
sizes, their letters, and one picture with a line saying what it shows. The tour draws them the same way."""

from __future__ import annotations

import streamlit as st

from rnn_core.lessons import diagrams
from ui import present
from ui.charts import built, show
from viz import labels
from viz.mapping_sketch import mapping_figure

LETTERS = ("A", "B", "C", "D")
PICTURE_PX = {False: 620, True: 1100}  # a picture on its own
SIDE_PX = {False: 470, True: 660}  # the feedback picture beside the explanation (its column at 1280 px)
SMALL_PX = {False: 400, True: 600}  # each of four pictures, two to a row (half the column at 1280 px)


def letter(k: int, mapping: str | None = None) -> str:
    """A picture's title: "Picture B", or "Picture B: one-to-many" once it may be named."""
    return f"Picture {LETTERS[k]}" + (f": {mapping}" if mapping else "")


def mapping_picture(mapping: str, steps: int, synced: bool, key: str, *, big: bool, width: int, title=None):
    """The unrolled picture of ``mapping`` over ``steps`` steps, its made-up states drawn from ``key``."""
    lay = diagrams.layout(mapping, steps, synced)
    return built(mapping_figure, lay, diagrams.sketch_states(key, lay.T), big=big, width=width, title=title)


def picture(mapping: str, key: str, chart_key: str, synced: bool = True) -> None:
    """The unrolled picture of ``mapping``, with a line saying what it shows."""
    big = present.is_on()
    fig = mapping_picture(mapping, 4 if synced else 6, synced, key, big=big, width=SIDE_PX[big])
    st.markdown(f"**{labels.mapping(mapping)}**: {diagrams.describe(mapping, synced)}.")
    show(fig, chart_key, width="content")
