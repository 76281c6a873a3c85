"""Share a view: the link that reopens it, and a teacher's stripped link that hides chosen controls.

Every page keeps its whole view in the URL (``ui.schema``); the share panel in the sidebar shows that link with a
Copy button. A teacher can tick controls to hide: the link then carries ``hide=picker,seed`` (as TensorFlow
Playground's hide flags do), and a page opened from it draws its view without them, for a focused lesson. The
values those controls hold still come from the link.
"""

from __future__ import annotations

import streamlit as st

from ui.components import stepper
from ui.schema import View

PARAM = "hide"
SIDEBAR = "sidebar"  # a flag every page offers: no sidebar at all (and no way to open it)
NO_SIDEBAR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {
  display: none !important;
}
</style>
"""


def flags() -> frozenset[str]:
    """The controls the link hides (names from the page's own list; anything else in ``hide=`` is ignored)."""
    raw = st.query_params.get(PARAM) or ""
    return frozenset(s.strip().lower() for s in raw.split(",") if s.strip())


def panel(view: View) -> None:
    """The sidebar's "Share this view": the link with a Copy button, and what a stripped link hides (the view's
    ``hideable`` groups, as a teacher reads them). Flags the link already holds are ticked."""
    options = {**view.hideable, SIDEBAR: "The whole sidebar (this panel too)"}
    now = flags()
    if SIDEBAR in now:
        st.markdown(NO_SIDEBAR_CSS, unsafe_allow_html=True)
    with st.sidebar.expander("Share this view", icon=":material/link:"):
        st.caption(
            "The link reopens exactly this view: the same model, input and step, in any browser. "
            "Tick what a focused link should hide from the class."
        )
        hide = st.multiselect(
            "Hide in the link",
            list(options),
            default=[f for f in options if f in now],
            format_func=options.get,
            key=view.key("share_hide"),
            placeholder="Nothing hidden",
        )
        stepper.share(view.key("share_link"), hide)
