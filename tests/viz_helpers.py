"""Helpers for the figure tests: validation, lookup by element name, tag stripping."""

import contextlib
import json
import re

import plotly.graph_objects as go
import plotly.io as pio


def validated(fig):
    """Rebuild ``fig`` with plotly's validation on: raises ValueError on any misspelt property."""
    return go.Figure(fig.to_dict())


def named(items, prefix):
    """Layout shapes or annotations whose ``name`` starts with ``prefix``, in order."""
    return [a for a in items if a.name is not None and a.name.startswith(prefix)]


def by_name(items, name):
    found = [a for a in items if a.name == name]
    assert len(found) == 1, f"{len(found)} elements named {name!r}"
    return found[0]


def figure_names(fig) -> set[str]:
    """The names of a figure's layout shapes and annotations; ``fig`` a plotly Figure or its JSON as a dict (what
    AppTest reads off a chart)."""
    layout = (fig if isinstance(fig, dict) else json.loads(fig.to_json()))["layout"]
    return {x.get("name", "") for x in layout.get("shapes", []) + layout.get("annotations", [])}


def plain(text):
    """Annotation text without HTML tags."""
    return re.sub(r"<[^>]+>", "", text or "")


@contextlib.contextmanager
def default_template(name):
    """Switch plotly's default template the way ``import streamlit`` does, and restore it afterwards."""
    old = pio.templates.default
    pio.templates.default = name
    try:
        yield
    finally:
        pio.templates.default = old


def same_under_any_template(build):
    """``build()`` gives the same JSON under very different default templates."""
    outs = []
    for name in ("plotly_dark", "ggplot2", "none"):
        with default_template(name):
            outs.append(build().to_json())
    return all(o == outs[0] for o in outs)
