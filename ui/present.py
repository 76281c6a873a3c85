"""Projector mode: big type and high contrast for a room, switched by ``present=1`` in the URL."""

from __future__ import annotations

import streamlit as st

from ui import urlstate

BASE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
</style>
"""

BIG_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.25rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.15rem; font-weight: 600; }
.stButton button p { font-size: 1.3rem; }
.katex { font-size: 1.35em !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.1rem; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.6rem; line-height: 1.2; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
h1 { font-size: 2.6rem !important; }
</style>
"""


def init() -> bool:
    """Read ``present`` from the URL once per session; return whether projector mode is on."""
    if "present" not in st.session_state:
        values, notes = urlstate.read([urlstate.Param("present", False, urlstate.flag, "projector switch")])
        st.session_state["present"] = values["present"]
        st.session_state["_present_notes"] = notes
    return bool(st.session_state["present"])


def sidebar_toggle() -> bool:
    on = st.sidebar.toggle(
        "Projector mode",
        key="present",
        help="Big type and bold colours for a projected screen. Step with the Left and Right arrow keys, "
        "Space to play, Home and End to jump. The address bar then holds a link to this exact view.",
    )
    if on:
        urlstate.write(present=True)
    else:
        st.query_params.pop("present", None)
    st.markdown(BASE_CSS + (BIG_CSS if on else ""), unsafe_allow_html=True)
    return on


def is_on() -> bool:
    return bool(st.session_state.get("present", False))
