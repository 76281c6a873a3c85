"""Helpers for AppTest: run the real router on one page, read plotly figures back."""

from __future__ import annotations

import json
import pathlib

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
