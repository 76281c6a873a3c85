"""Step through time in the browser: one Components v2 element (``stepper.js``, ``stepper.css``) in several roles.

A page draws, once per sequence, every step's view (charts as SVG scenes from ``viz.scene``, text as HTML and
LaTeX), and the browser switches between them: a step costs no server run. The instances of one ``group``
share the step t:

* :func:`controls` - first / previous / play / next / last, a slider, the keys (Left, Right, Home, End with focus
  anywhere but a text box; Space plays and pauses). It keeps the URL's ``t`` current and, once stepping pauses,
  tells the server t (``setStateValue``), which reruns only its own fragment; the page reads t from
  ``st.session_state[t_key]``.
* :func:`svg_panel` - a chart that shows step t's SVG.
* :func:`html_panel` - per-step HTML and LaTeX (rendered in the browser by the KaTeX that ``st.latex`` uses).

The JS is registered once, at import. AppTest cannot run it: tests read what the elements were given (their
``proto.json``, ``tests.apptest_util.given``) and step by setting ``st.session_state[t_key]``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import streamlit as st

HERE = pathlib.Path(__file__).parent
NAME = "unrolled_stepper"
PLAY_MS = 900  # autoplay: one step every this many ms


def _katex_chunk() -> str:
    """The file name of Streamlit's KaTeX module (it ships with the frontend; the name carries a hash)."""
    found = sorted((pathlib.Path(st.__file__).parent / "static" / "static" / "js").glob("katex.*.js"))
    return found[0].name if found else "katex.js"


KATEX = _katex_chunk()
_render = st.components.v2.component(
    NAME,
    js=(HERE / "stepper.js").read_text(encoding="utf-8"),
    css=(HERE / "stepper.css").read_text(encoding="utf-8"),
    isolate_styles=False,  # KaTeX's and the projector mode's page styles reach the panels
)


def clamp(t, T: int) -> int:
    """``t`` as a step in 1..T; anything that is not a number (a forged report: "x", NaN, Infinity) is step 1."""
    try:
        t = int(t)
    except (TypeError, ValueError, OverflowError):
        t = 1
    return min(max(t, 1), max(int(T), 1))


def _take_report(key: str, t_key: str, T: int) -> None:
    """The browser reported the step it shows: ``{"t": ..., "n": ...}`` (n makes every report a change)."""
    state = st.session_state.get(key)
    step = state.get("step") if isinstance(state, Mapping) else None
    if isinstance(step, Mapping) and "t" in step:
        st.session_state[t_key] = st.session_state[f"{key}_shown"] = clamp(step["t"], T)


def controls(
    key: str,
    t_key: str,
    T: int,
    *,
    group: str,
    scene: str,
    big: bool = False,
    what: str = "time step",
    label: str = "Time step t",
    keys: bool | str = True,
    url: str | None = "t",
    jumps: Sequence[tuple[str, int, str]] = (),
    on_step: Callable[[int], None] | None = None,
) -> int:
    """Draw the stepper's controls in their own fragment; return t (1..T) as the server knows it.

    ``scene`` names what the panels show (e.g. a hash of it): when it changes, or when the page sets
    ``st.session_state[t_key]`` itself, the browser shows that t; otherwise it keeps the step it shows. A report
    from the browser leaves the element's data as it was, so it does not redraw the controls.
    ``label``: the slider's; ``keys=False`` leaves the keyboard to the page (one stepper per page has the keys),
    ``keys="shift"`` takes the arrows and Space only with Shift held (the page's own buttons have them plain);
    ``url``: the URL parameter the browser keeps at t (None: the URL is left alone); ``jumps``: a button per
    named step, ``(label, t, help)`` each (plain text). ``on_step(t)`` runs in the fragment after each report
    (e.g. to write t into the URL).
    """
    # what the browser shows as far as the server knows, and what it was last sent: t, its version, the scene
    shown, sent, version, sent_scene = f"{key}_shown", f"{key}_sent", f"{key}_v", f"{key}_scene"
    st.session_state[t_key] = clamp(st.session_state.get(t_key, 1), T)

    def body() -> None:
        t = clamp(st.session_state.get(t_key, 1), T)
        st.session_state[t_key] = t
        if st.session_state.get(shown) != t or st.session_state.get(sent_scene) != scene:
            # the page moved t itself, or shows new views: send t, as a new version
            st.session_state[shown] = st.session_state[sent] = t
            st.session_state[sent_scene] = scene
            st.session_state[version] = st.session_state.get(version, 0) + 1
        data = {"role": "controls", "group": group, "T": int(T), "scene": scene, "big": bool(big)}
        data |= {"t": st.session_state[sent], "v": st.session_state[version], "what": what, "play_ms": PLAY_MS}
        data |= {
            "label": label,
            "keys": "shift" if keys == "shift" else bool(keys),
            "url": url,
            "jumps": [[str(a), clamp(b, T), str(c)] for a, b, c in jumps],
        }
        _render(key=key, data=data, on_step_change=partial(_take_report, key, t_key, T))
        if on_step is not None:
            on_step(t)

    st.fragment(body)()
    return int(st.session_state[t_key])


def svg_panel(key: str, group: str, scene: dict, where=None) -> None:
    """A chart drawn for every step (``viz.scene.scene``); the browser shows step t's, with buttons that download
    it as PNG or SVG (named after ``key`` and t)."""
    _mount(where, key, {"role": "svg", "group": group, "name": key, **scene})


def html_panel(key: str, group: str, parts: list, T: int, where=None, *, big: bool = False) -> None:
    """Per-step HTML and LaTeX. ``parts``: ``{"html": [T strings]}``, ``{"tex": [T lists of LaTeX]}`` or
    ``{"details": summary, "parts": [...]}`` (a disclosure that keeps its open state as t changes). Every
    string must be safe markup: escape anything a person typed. ``big``: projector-sized text."""
    data = {"role": "html", "group": group, "T": int(T), "parts": parts, "katex": KATEX, "big": bool(big)}
    _mount(where, key, data)


def _mount(where, key: str, data: dict) -> None:
    if where is None:
        _render(key=key, data=data)
    else:
        with where:
            _render(key=key, data=data)


def share(key: str, hide: Sequence[str] = (), where=None) -> None:
    """The link to this view as the address bar holds it (t kept current by the stepper) with a Copy button;
    ``hide``: the controls a stripped link hides (``hide=`` in the link, see ``ui.share``)."""
    _mount(where, key, {"role": "share", "group": "share", "hide": [str(h) for h in hide]})
