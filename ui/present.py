"""Projector mode: big type and high contrast for a room, switched by ``present=1`` in the URL (or the sidebar).

What it changes, from a 1280 x 800 projector up to 1920 x 1080:

* the sidebar starts collapsed, and the controls a class does not need at every step go into it (:func:`controls`,
  stacked by :func:`columns`), so the page's diagram is the first big thing, under the stepper's one row of
  essentials, and above the fold;
* the type scales with the window (``BIG_CSS``): 1rem is 20 px at 1280 px wide and 24 px at 1920 px, and no text
  of the page is smaller than 1rem (captions, widget labels, slider ticks, inputs, key hints); charts are drawn at
  ``viz.colors.fonts(big=True)`` (24 px and up) to fit the main column at 1280 px (``viz.colors.MAIN_COLUMN``) and
  stretch wider;
* captions and muted text are dark, not grey.
"""

from __future__ import annotations

import streamlit as st

from ui.fields import PRESENT
from ui.schema import View

APP = View("", (PRESENT,))  # the app's own view: projector mode, kept for every page under the key "present"

BASE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
/* WCAG 2.1 AA where the theme cannot reach: a key hint on a primary button (white at 0.6 on the primary colour is
   2.9:1) and a switched-off control's label (its faded grey is 2.6:1) */
.stApp [data-testid="stBaseButton-primary"] kbd { color: #ffffff; opacity: 1; }
.stApp [data-testid="stWidgetLabel"][disabled] { color: #66635b; }
</style>
"""

# Selectors are Streamlit's stable data-testids (1.67). 1rem runs from 20 px (1280 px wide) to 24 px (1920 px).
BIG_CSS = """
<style>
html { font-size: clamp(20px, calc(20px + (100vw - 1280px) / 160), 24px); }
[data-testid="stHeader"] { height: 2.4rem; min-height: 2.4rem; } /* just the >> that opens the sidebar */
[data-testid="stMainBlockContainer"] { padding: 2.4rem 1.5rem 4rem; max-width: none; }
[data-testid="stSidebar"][data-collapsed="false"] { /* the stacked controls, over the page: the diagram keeps width */
  position: fixed !important; top: 0; bottom: 0; left: 0; z-index: 1000000;
  width: min(26rem, 40vw) !important; box-shadow: 0 0 2rem rgba(0, 0, 0, 0.25);
}
h1 { font-size: 1.75rem !important; padding: 0 0 0.25rem !important; line-height: 1.2 !important; }
h2 { font-size: 1.5rem !important; }
h3 { font-size: 1.3rem !important; }
h4, h5, h6 { font-size: 1.15rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.1rem; }
[data-testid="stWidgetLabel"] p, [data-testid="stWidgetLabel"] label { font-size: 1rem; font-weight: 600; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1rem; color: #333333; opacity: 1; /* dark grey on white, about 12:1 (Streamlit's is 0.6 opaque) */
}
.stButton button p, [data-testid="stPopover"] button p { font-size: 1.1rem; }
.stApp button kbd { font-size: 1rem; opacity: 1; color: #555555; }
.stApp [data-testid="stBaseButton-primary"] kbd { color: #ffffff; }
.stApp button:disabled kbd { color: inherit; }
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"], [data-testid="stSliderTickBarMax"] {
  font-size: 1rem; color: #262730;
}
[data-baseweb="input"] input, [data-baseweb="textarea"] textarea, [data-baseweb="select"] div,
[data-baseweb="select"] input { font-size: 1rem; }
[data-testid="stExpander"] summary, [data-testid="stExpander"] summary p { font-size: 1.1rem; }
.katex { font-size: 1.45em !important; } /* its subscripts (0.7 of it) at 1rem */
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1rem; }
[data-testid="stMetricLabel"] p { font-size: 1rem; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.2rem; line-height: 1.2; }
[data-testid="stMetricDelta"] div { font-size: 1rem; }
[data-testid="stAlertContentInfo"] p, [data-testid="stAlertContentWarning"] p,
[data-testid="stAlertContentError"] p, [data-testid="stAlertContentSuccess"] p { font-size: 1.1rem; }
[data-testid="stProgress"] p { font-size: 1rem; }
.stApp .unr-save button { font-size: 1rem; } /* the stepper's chart downloads (svg panels carry no mode) */
[data-testid="stCode"] pre, [data-testid="stCode"] code, [data-testid="stCode"] span { font-size: 1rem; }
[data-testid="stFileUploader"] small, [data-testid="stFileUploader"] span, [data-testid="stFileUploader"] button {
  font-size: 1rem;
}
</style>
"""


def init() -> bool:
    """Read ``present`` from the URL once per session; return whether projector mode is on."""
    if "present" not in st.session_state:
        values, notes = APP.read_link()
        st.session_state["present"] = values["present"]
        st.session_state["_present_notes"] = notes
    on = bool(st.session_state["present"])
    st.set_page_config(initial_sidebar_state="collapsed" if on else "auto")  # only a change moves the sidebar
    return on


def sidebar_toggle() -> bool:
    on = APP.draw("present", st.sidebar, persist=False)
    APP.write(present=on)
    st.markdown(BASE_CSS + (BIG_CSS if on else ""), unsafe_allow_html=True)
    return on


def is_on() -> bool:
    return bool(st.session_state.get("present", False))


def controls():
    """Where a page puts the controls a class does not need at every step (the model picker, settings, a text to
    type): the sidebar in projector mode, so that the diagram comes first; the page itself otherwise. Not inside a
    fragment (a fragment cannot write to the sidebar)."""
    return st.sidebar if is_on() else st.container()


def columns(where, spec, **kw) -> list:
    """A row of columns in ``where``; in projector mode, where rows go to the narrow sidebar, ``where`` once per
    column instead, so the widgets stack."""
    if is_on():
        return [where] * (spec if isinstance(spec, int) else len(spec))
    return where.columns(spec, **kw)
