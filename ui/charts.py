"""Every chart on every page goes through :func:`show`, so all behave alike: no scroll zoom, and a mode bar on hover
with one button that downloads the chart as PNG (named after its key). A chart every session draws alike (the
lessons' pictures, a task's media) comes from :func:`built`: built and turned into plotly's JSON once per content."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from ui.cache import digest
from viz.base import PLOTLY_CONFIG

MAX_BUILT = 256  # figures kept by built()


class Built(go.Figure):
    """A figure whose plotly dict is worked out once: ``st.plotly_chart`` asks every run for ``to_dict()``, which
    walks and copies every point (40 ms for a 3,840-point waveform with its hover labels). Read-only."""

    def __init__(self, fig: go.Figure):
        super().__init__(fig)
        self._as_dict = fig.to_dict()  # the original's: a copy would lose its empty template to plotly's default

    def to_dict(self) -> dict:
        return self._as_dict


@st.cache_resource(max_entries=MAX_BUILT, show_spinner=False)
def _built(sig: str, _build: Callable, _args: tuple, _kwargs: dict) -> Built:
    return Built(_build(*_args, **_kwargs))


def built(build: Callable[..., go.Figure], *args, **kwargs) -> Built:
    """``build(*args, **kwargs)``, built once per content (:func:`ui.cache.digest` of the builder and every argument)
    and shared, read-only, by every session that draws the same."""
    return _built(digest(build, args, kwargs), build, args, kwargs)


def show(fig, key: str, where=None, **kw) -> None:
    """Draw ``fig`` with the house config and ``theme=None`` (the figure's own fonts and sizes) in ``where``
    (a column or container; the page by default)."""
    config = {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": png_name(key)},
    }
    (st if where is None else where).plotly_chart(fig, theme=None, config=config, key=key, **kw)


def png_name(key: str) -> str:
    """The file name a chart's PNG downloads as: ``unrolled-<key>`` with anything but letters, digits, - and _
    dropped."""
    return "unrolled-" + "".join(c for c in key if c.isalnum() or c in "-_")
