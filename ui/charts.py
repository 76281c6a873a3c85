"""Every chart on every page goes through :func:`show`, so all behave alike (no mode bar, no scroll zoom)."""

from __future__ import annotations

import streamlit as st

from viz.base import PLOTLY_CONFIG


def show(fig, key: str, where=None, **kw) -> None:
    """Draw ``fig`` with the house config and ``theme=None`` (the figure's own fonts and sizes) in ``where``
    (a column or container; the page by default)."""
    (st if where is None else where).plotly_chart(fig, theme=None, config=PLOTLY_CONFIG, key=key, **kw)
