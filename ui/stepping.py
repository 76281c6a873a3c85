"""Stepping through time: first / prev / play / next / last with keyboard shortcuts, and a slider.

The current step lives in ``st.session_state[key]`` (1-based, as people count).
Callbacks change it before the widgets are drawn again, so a click costs one
fragment rerun and nothing is recomputed.
"""

from __future__ import annotations

import streamlit as st

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


def controls(key: str, T: int, what: str = "time step") -> int:
    """Draw the buttons and slider; return the current step t in 1..T."""
    t = clamp(key, T)
    playing = is_playing(key)
    cols = st.columns([1, 1, 1.8, 1, 1, 4.5], vertical_alignment="bottom")
    cols[0].button("", icon=":material/first_page:", key="first", on_click=_move, args=(key, T, "first"),
                   shortcut="Home", help=f"First {what} (Home)", disabled=t == 1, width="stretch")
    cols[1].button("", icon=":material/chevron_left:", key="prev", on_click=_move, args=(key, T, "prev"),
                   shortcut="Left", help=f"Previous {what} (Left arrow)", disabled=t == 1, width="stretch")
    cols[2].button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
                   key="play", on_click=_toggle_play, args=(key, T), shortcut="Space",
                   help=f"Step through every {what} on its own (Space)", width="stretch",
                   type="primary" if playing else "secondary")
    cols[3].button("", icon=":material/chevron_right:", key="next", on_click=_move, args=(key, T, "next"),
                   shortcut="Right", help=f"Next {what} (Right arrow)", disabled=t == T, width="stretch")
    cols[4].button("", icon=":material/last_page:", key="last", on_click=_move, args=(key, T, "last"),
                   shortcut="End", help=f"Last {what} (End)", disabled=t == T, width="stretch")
    with cols[5]:
        if T > 1:
            st.slider(f"{what.capitalize()} t", 1, T, key=key, help=f"Drag to any {what}; t counts from 1.")
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
