"""Every chart on every page goes through :func:`show`, so all behave alike: no scroll zoom, and a mode bar on hover
with one button that downloads the chart as PNG (named after its key)."""

from __future__ import annotations

import streamlit as st

from viz.base import PLOTLY_CONFIG


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
