"""The lecture as a guided tour, for class (url path ``tour``): one stop at a time, ``/tour?stop=4``.

Each stop (``ui.tour.stops``) has a short text, a live view drawn by the other pages' builders (``ui.tour.views``),
a question the class answers before the answer is revealed, and links that reopen its view in its full page. The
whole lecture runs from the keyboard: PageDown / PageUp (a presentation clicker's keys) or N / P move between
stops, A reveals the answer, and the arrow keys, Space, Home and End step through time inside a stop.
"""

from __future__ import annotations

import streamlit as st

from ui import present, share
from ui.choices import action
from ui.safe import md
from ui.schema import show_notes
from ui.tour.answers import ANSWERS
from ui.tour.state import STOP_KEYS, VIEW, N
from ui.tour.stops import STOPS, Stop
from ui.tour.views import VIEWS, Ctx

K = VIEW.K
NEXT_KEYS, PREV_KEYS = ("PageDown", "N"), ("PageUp", "P")  # a clicker sends PageDown / PageUp
REVEAL_KEY = "A"  # Streamlit keeps R (and C) for itself
PAGE_CSS = (  # the aliases hidden (no gap in the page); the stop's title, the page's h1, at a heading's size
    "<style>.st-key-tour_aliases { display: none; }"
    ".st-key-tour_heading h1 { font-size: clamp(1.2rem, 2.4vw, 2rem) !important; padding: 0.25rem 0; }</style>"
)


def go(step: int) -> None:
    """Move ``step`` stops on from the one shown (a second key press before the page has redrawn moves on again)."""
    n = st.session_state.get(K.stop)
    n = n if VIEW.field("stop").ok(n) else 1
    st.session_state[K.stop] = min(max(n + step, 1), N)


def navigation(n: int, stop: Stop, big: bool) -> None:
    """Previous and Next, with their keys; the same again under N and P, drawn hidden (a button has one key).
    ``big`` (projector mode): the stop's title, the page's h1, goes between them, to leave the screen to the view."""
    c = st.columns([1.6, 4, 1.6] if big else [1.2, 3, 1.2], vertical_alignment="center")
    action(
        c[0],
        "Previous",
        "arrow_back",
        K.prev,
        go,
        args=(-1,),
        disabled=n <= 1,
        shortcut=PREV_KEYS[0],
        help=f"The stop before this one. Keys: {' or '.join(PREV_KEYS)}",
    )
    if big:
        with c[1]:
            heading(n, stop)
            st.progress(n / N, text=f"Stop {n} of {N}")
    else:
        c[1].progress(n / N, text=f"Lecture tour: stop {n} of {N}")
    action(
        c[2],
        "Next",
        "arrow_forward",
        K.next,
        go,
        icon_position="right",
        args=(1,),
        disabled=n >= N,
        type="primary",
        shortcut=NEXT_KEYS[0],
        help=f"The next stop. Keys: {' or '.join(NEXT_KEYS)}",
    )
    with st.container(key=K.aliases):  # hidden by its own style: no gap in the page
        st.markdown(PAGE_CSS, unsafe_allow_html=True)
        st.button("Previous", key=K.prev_alias, on_click=go, args=(-1,), disabled=n <= 1, shortcut=PREV_KEYS[1])
        st.button("Next", key=K.next_alias, on_click=go, args=(1,), disabled=n >= N, shortcut=NEXT_KEYS[1])


def heading(n: int, stop: Stop) -> None:
    with st.container(key=K("heading")):
        st.title(f"{n}. {md(stop.title)}")  # the page's one h1


def contents() -> None:
    """The sidebar: every stop by name (jump to any), and the keys."""
    VIEW.draw("stop", st.sidebar)
    st.sidebar.caption(
        "Keys: PageDown or N, the next stop; PageUp or P, the one before; A reveals the answer; Left, Right, "
        "Home, End and Space step through time."
    )


def question(stop: Stop, shown_key: str, inside: bool) -> bool:
    """The stop's question and the button that reveals its answer; whether the answer is shown. ``inside``: the
    answer goes in the question's box (else the page draws it: on a projector, under the live view, so revealing
    does not push the view off the screen)."""
    revealed = bool(st.session_state.get(shown_key, False))
    with st.container(border=True):
        ask, button = st.columns([5, 1.6], vertical_alignment="center")
        ask.markdown("**Predict:** " + md(stop.question))
        button.button(
            "Hide the answer" if revealed else "Reveal the answer",
            icon=":material/visibility_off:" if revealed else ":material/visibility:",
            key=K(f"{stop.id}_reveal"),
            on_click=st.session_state.__setitem__,
            args=(shown_key, not revealed),  # set, not toggled: a callback Streamlit runs twice still shows it
            shortcut=REVEAL_KEY,
            width="stretch",
            help=f"Ask the class first. Key: {REVEAL_KEY}",
        )
        if revealed and inside:
            answer(stop)
    return revealed


def answer(stop: Stop, view_is: str = "below") -> None:
    """The stop's answer (computed from its models where it says what a model does); a stop whose view shows the
    answers points at it (``view_is``: where the view is, "below" or "above")."""
    said = ANSWERS[stop.id](**stop.settings) if stop.id in ANSWERS else stop.answer
    st.success(md(said) if said else f"The answers are in the view {view_is}.", icon=":material/lightbulb:")


def main() -> None:
    VIEW.enter()
    show_notes(VIEW.link_notes() + VIEW.guard())
    contents()
    n = int(st.session_state[K.stop])
    VIEW.write(stop=n)
    stop = STOPS[n - 1]
    big = present.is_on()
    navigation(n, stop, big)
    if big:  # the links to the view's full page wait in the sidebar
        where = st.sidebar
    else:
        title, where = st.columns([4, 1.5], vertical_alignment="center")
        with title:
            heading(n, stop)
    story = st.container()  # on a projector the story goes under the live view, so the view is on the first screen
    revealed = question(stop, K(f"{stop.id}_shown"), inside=not big) if stop.question else False
    ctx = Ctx(STOP_KEYS[stop.id], f"tour-{stop.id}", big, revealed)
    links = VIEWS[stop.view](ctx, **stop.settings)
    if big and revealed:  # ... and so does the answer
        answer(stop, "above")
    with st.container() if big else story:
        st.markdown(md(stop.text))
        if stop.equation:
            st.latex(stop.equation)
    for label, url in links:  # beside the title (or in the sidebar): the view's full page, whatever the stop's length
        where.link_button(
            label, url, icon=":material/open_in_new:", width="stretch", help="Open this view in its full page"
        )
    share.panel(VIEW)


main()
