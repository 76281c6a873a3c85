"""Stepping through time: first / prev / play / next / last with keyboard shortcuts, and a slider.

The current step lives in ``st.session_state[key]`` (1-based, as people count).
Callbacks change it before the widgets are drawn again, so a click costs one
fragment rerun and nothing is recomputed.
"""

from __future__ import annotations

import streamlit as st

from ui.pagestate import KEEP

PLAY_SECONDS = 0.9


def clamp(key: str, T: int) -> int:
    t = int(st.session_state.get(key, 1))
    t = min(max(t, 1), max(T, 1))
    st.session_state[key] = t
    return t


def _move(key: str, T: int, to: str) -> None:
    t = int(st.session_state.get(key, 1))
    st.session_state[key] = {"first": 1, "prev": max(t - 1, 1), "next": min(t + 1, T), "last": T}[to]
    if to != "next":
        st.session_state[f"{key}_playing"] = False


def _toggle_play(key: str, T: int) -> None:
    playing = not st.session_state.get(f"{key}_playing", False)
    if playing and int(st.session_state.get(key, 1)) >= T:
        st.session_state[key] = 1
    st.session_state[f"{key}_playing"] = playing
    st.session_state[f"{key}_full_rerun"] = True


def is_playing(key: str) -> bool:
    return bool(st.session_state.get(f"{key}_playing", False))


def controls(
    key: str, T: int, what: str = "time step", *, prefix: str = "", shortcuts: bool = True, label: str | None = None
) -> int:
    """Draw the buttons and slider; return the current step t in 1..T.

    ``prefix`` goes before the buttons' widget keys (``first``, ``prev``, ``play``, ``next``, ``last``), so two
    steppers can share a page; ``shortcuts=False`` leaves the keyboard to the other one; ``label`` replaces the
    slider's label and help ("Time step t").
    """
    t = clamp(key, T)
    playing = is_playing(key)

    def keys(shortcut: str, name: str) -> tuple[str | None, str]:
        return (shortcut, f" ({name})") if shortcuts else (None, "")

    cols = st.columns([1, 1, 1.8, 1, 1, 4.5], vertical_alignment="bottom")
    k, say = keys("Home", "Home")
    cols[0].button(
        "",
        icon=":material/first_page:",
        key=f"{prefix}first",
        on_click=_move,
        args=(key, T, "first"),
        shortcut=k,
        help=f"First {what}{say}",
        disabled=t == 1,
        width="stretch",
    )
    k, say = keys("Left", "Left arrow")
    cols[1].button(
        "",
        icon=":material/chevron_left:",
        key=f"{prefix}prev",
        on_click=_move,
        args=(key, T, "prev"),
        shortcut=k,
        help=f"Previous {what}{say}",
        disabled=t == 1,
        width="stretch",
    )
    k, say = keys("Space", "Space")
    cols[2].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key=f"{prefix}play",
        on_click=_toggle_play,
        args=(key, T),
        shortcut=k,
        help=f"Step through every {what} on its own{say}",
        width="stretch",
        type="primary" if playing else "secondary",
    )
    k, say = keys("Right", "Right arrow")
    cols[3].button(
        "",
        icon=":material/chevron_right:",
        key=f"{prefix}next",
        on_click=_move,
        args=(key, T, "next"),
        shortcut=k,
        help=f"Next {what}{say}",
        disabled=t == T,
        width="stretch",
    )
    k, say = keys("End", "End")
    cols[4].button(
        "",
        icon=":material/last_page:",
        key=f"{prefix}last",
        on_click=_move,
        args=(key, T, "last"),
        shortcut=k,
        help=f"Last {what}{say}",
        disabled=t == T,
        width="stretch",
    )
    with cols[5]:
        if T > 1:
            st.slider(
                label or f"{what.capitalize()} t",
                1,
                T,
                key=key,
                persist_state=KEEP,
                help=f"Drag to any {what}" + ("" if label else "; t counts from 1."),
            )
        else:
            st.caption(f"{what.capitalize()} 1 of 1")
    return int(st.session_state[key])


def advance_if_playing(key: str, T: int) -> None:
    """Called at the top of a ``run_every`` fragment: one step forward; stop at the end."""
    if is_playing(key):
        t = int(st.session_state.get(key, 1))
        if t >= T:
            st.session_state[f"{key}_playing"] = False
            st.session_state[f"{key}_full_rerun"] = True
        else:
            st.session_state[key] = t + 1


def run(body, key: str, T: int, *args) -> None:
    """Run ``body(*args)`` as a fragment that ticks on its own while playing."""
    every = PLAY_SECONDS if is_playing(key) else None

    def fragment_body(*a):
        if st.session_state.pop(f"{key}_full_rerun", False):
            st.rerun()
        body(*a)

    st.fragment(fragment_body, run_every=every)(*args)
