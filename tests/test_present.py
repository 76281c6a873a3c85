"""Projector mode (``present=1``, ``ui/present.py``): every page switches it on from the link, draws its figures at
the projector's sizes, and moves the controls a class does not need at every step into the sidebar.

What a browser shows (the collapsed sidebar, computed font sizes, nothing clipped, the diagram above the fold) is
checked in Chromium by ``tests/e2e/test_projector_e2e.py``."""

import json
import re

import pytest

from tests.apptest_util import app, figures
from viz import colors

PAGES = ["unroll", "tour", "training", "window", "quiz", "models"]
SMALLEST = colors.fonts(True)["small"]  # 24 px: the smallest size of a projector-mode figure
TOKEN_FLOOR = 20  # px: a long sequence's tokens may shrink to this (viz/unrolled_geometry.py); none here do
SVG_SIZE = re.compile(r'font-size=\\?"([\d.]+)')  # in the element's JSON, quotes escaped


def run(page: str, **query):
    at = app(page, timeout=180, **query).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def font_sizes(spec) -> list[float]:
    """Every font size a plotly figure's JSON names (``font``, ``tickfont``, ``textfont`` ... dicts)."""
    out = []

    def walk(node, fonty=False):
        if isinstance(node, dict):
            if fonty and isinstance(node.get("size"), int | float):
                out.append(float(node["size"]))
            for k, v in node.items():
                walk(v, k.endswith("font"))
        elif isinstance(node, list):
            for v in node:
                walk(v, fonty)

    walk(spec)
    return out


def svg_sizes(at) -> list[float]:
    """Every font size in the SVG the stepper's panels were given."""
    out = []
    for el in at.get("bidi_component"):
        out += [float(s) for s in SVG_SIZE.findall(el.proto.json)]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_present_in_the_link_switches_projector_mode_on(page):
    at = run(page, present=1)
    assert at.session_state["present"] is True
    assert at.sidebar.toggle(key="present").value is True
    assert at.query_params.get("present") in ("1", ["1"])
    off = run(page)
    assert off.session_state["present"] is False and "present" not in off.query_params


@pytest.mark.parametrize(
    ("page", "query"),
    [("unroll", {}), ("unroll", {"arch": "lstm"}), ("training", {}), ("window", {}), ("quiz", {"mode": "diagrams"})],
)
def test_every_figure_is_drawn_at_the_projector_sizes(page, query):
    at = run(page, present=1, **query)
    sizes = [s for spec in figures(at) for s in font_sizes(spec)]
    svg = svg_sizes(at)
    assert sizes or svg
    assert min(sizes, default=SMALLEST) >= SMALLEST, sorted(set(sizes))[:5]
    assert min(svg, default=SMALLEST) >= SMALLEST, sorted(set(svg))[:5]


@pytest.mark.parametrize("seq", ["words", "protein"])
def test_a_long_sequence_keeps_its_tokens_legible(seq):
    at = run("unroll", present=1, seq=seq)  # 15 words; 40 amino acids (headers thinned, tokens at 20 px or more)
    sizes = svg_sizes(at)
    assert sizes and min(sizes) >= TOKEN_FLOOR


@pytest.mark.parametrize(("page", "prefix"), [("unroll", "ex_"), ("training", "tr_")])
def test_the_picker_goes_into_the_sidebar_in_projector_mode(page, prefix):
    def keys(where) -> set[str]:
        return {w.key for kind in ("selectbox", "select_slider", "segmented_control") for w in where.get(kind)}

    picker = {prefix + k for k in ("seq", "arch", "units")}
    big = run(page, present=1)
    assert picker <= keys(big.sidebar) and not picker & keys(big.main)
    normal = run(page)
    assert picker <= keys(normal.main) and not picker & keys(normal.sidebar)


def test_the_explorer_keeps_its_stepper_in_the_page_above_the_diagram():
    at = run("unroll", present=1)
    main = [el for el in at.main.get("bidi_component")]
    keys = [json.loads(el.proto.json)["role"] for el in main]
    assert keys[:2] == ["controls", "svg"]  # the row of essentials, then the diagram
    assert json.loads(main[0].proto.json)["big"] is True


def test_one_colour_per_architecture_on_every_page():
    window = run("window", present=1)
    training = run("training", present=1)
    names = {"Vanilla RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
    seen: dict[str, set] = {}
    for at in (window, training):
        for spec in figures(at):
            for tr in spec["data"]:
                kind = names.get(tr.get("name"))
                colour = (tr.get("line") or {}).get("color") or (tr.get("marker") or {}).get("color")
                if kind and isinstance(colour, str):
                    seen.setdefault(kind, set()).add(colour.upper())
    assert set(seen) == {"rnn", "lstm", "gru"}
    assert {k: v for k, v in seen.items()} == {k: {colors.ARCH[k].upper()} for k in seen}
