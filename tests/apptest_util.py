"""Helpers for AppTest: run the real router on one page, read plotly figures back."""

from __future__ import annotations

import json
import pathlib
import re

from streamlit.testing.v1 import AppTest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def app(path: str = "unroll", timeout: float = 60, **query) -> AppTest:
    """The whole app (app.py and its navigation) opened at ``/path?query``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.switch_page(f"app_pages/{path}.py") if path else None
    for k, v in query.items():
        at.query_params[k] = str(v)
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def figure(at: AppTest, key: str) -> dict:
    for c in at.get("plotly_chart"):
        if c.proto.id and key in c.proto.id:
            return json.loads(c.proto.spec)
    raise KeyError(f"no plotly chart with key {key!r}")


def no_exception(at: AppTest) -> None:
    """The page raised nothing (the exceptions' messages shown if it did)."""
    assert not at.exception, [e.message for e in at.exception]


def md_text(s: str) -> str:
    """Markdown as a person reads it: ui.safe.md's backslash escapes and word joiners taken out."""
    return re.sub(r"\\(.)", r"\1", s).replace("\u2060", "")


def titles(at: AppTest) -> list[str]:
    """The page's titles (``st.title``): one, on every page that has one."""
    return [t.value for t in at.title]


def texts(at: AppTest) -> str:
    """All markdown, captions and alerts on the page, joined."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def arr(x):
    """A plotly array from a figure's JSON: plain lists, or plotly's typed arrays ({'dtype', 'bdata', 'shape'})."""
    import base64

    import numpy as np

    if isinstance(x, dict) and "bdata" in x:
        a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
        shape = x.get("shape")
        if shape:
            a = a.reshape([int(s) for s in str(shape).split(",")])
        return a
    return np.asarray(x, dtype=object)


# --- the stepper (ui/components/stepper): what its elements were given ---


HEADER_SVG = re.compile(r'data-name="header-\d+".*?>(<tspan font-weight="bold">)?t=(\d+)<')  # upright or rotated


def given(at, key: str) -> dict:
    """What the stepper element with this key was given."""
    for el in at.get("bidi_component"):
        if el.proto.id.endswith(key):
            return json.loads(el.proto.json)
    raise KeyError(f"no stepper element with key {key!r}")


def drawn(at, key: str, controls: str, t: int | None = None) -> list[str]:
    """The SVG items a stepper panel shows at step t (1-based; default: the step the ``controls`` element shows)."""
    t = given(at, controls)["t"] if t is None else t
    view = given(at, key)
    k = t - 1
    frame = view["frames"][view["at"][k]]
    shown = []
    for it in frame["items"]:
        if isinstance(it, str):
            shown.append(it)
        elif any(a <= k <= b for a, b in it[1]):
            shown.append(it[0])
    return shown


def ex_drawn(at, key: str, t: int | None = None) -> list[str]:
    """What an explorer panel (``ex_diagram``, ``ex_output``, ...) shows at step t, stepped by ``ex_stepper``."""
    return drawn(at, key, "ex_stepper", t)


def bar_values(items: list[str]) -> dict[str, float]:
    """The probability bars' hover texts ("e: 42.0000%") as {label: probability}."""
    found = re.findall(r"<title>([^<]*): ([\d.]+)%</title>", "".join(items))
    return {label: float(p) / 100 for label, p in found}


def columns(items: list[str]) -> tuple[int, int | None]:
    """(number of step columns, the highlighted step) read off the diagram's column headers."""
    heads = [HEADER_SVG.search(s) for s in items]
    heads = [m for m in heads if m]
    bold = [int(m.group(2)) for m in heads if m.group(1)]
    return len(heads), (bold[0] if bold else None)
