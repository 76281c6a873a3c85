"""Projector mode (``present=1``) in a real browser, on every page, at 1280 x 800, 1366 x 768 and 1920 x 1080.

For each view, as drawn:

* the sidebar is collapsed (the controls a class does not need at every step wait in it);
* every text the page shows is at least 20 px at 1280 and 1366 px wide and 24 px at 1920 (``min_px``): the
  page's own text, widget labels, slider ticks, inputs, key hints, chart titles, ticks and labels, heatmap labels
  and the stepper's SVG, whose rendered size is measured (``getScreenCTM``), not only its attribute;
* no button, label, select or input cuts its text (scrollWidth against clientWidth);
* no chart or stepper text sticks out of its box or lies on another (``PROBLEMS``, as at 1280 x 800 in normal
  mode, ``test_layout_e2e.py``);
* the page's first diagram is its first big thing and lies above the fold (``FIRST``);
* a screenshot of the first screen and of the whole page is kept to be looked at (in ``$PROJECTOR_SHOTS``, else
  in pytest's base temp directory under ``projector/``; the path is printed).
"""

import os
import pathlib

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.test_layout_e2e import DRAWN, OVERLAP, PROBLEMS, TOL

SIZES = [(1280, 800), (1366, 768), (1920, 1080)]
VIEWS = [
    "/",  # the explorer on "hello"
    "/?seq=words",  # the lecture's sentence: 15 rotated tokens, a many-to-one output, 32 units
    "/?arch=lstm",  # the cell state and the gates
    "/window",
    "/training",
    "/training?seq=words",  # the backward pass over 15 words
    "/quiz",
    "/quiz?mode=diagrams",
    "/quiz?mode=by-hand",
    "/quiz?mode=shapes",
    "/tour",
    "/models",
]
FIRST = {  # the view's first diagram (its st-key) and the screens all of it must fit (else: it starts in the first)
    "/": ("ex_diagram", SIZES),
    "/?seq=words": ("ex_diagram", [(1280, 800), (1920, 1080)]),  # 32 units: taller than 1366 x 768 leaves
    "/?arch=lstm": ("ex_diagram", []),  # c_t and the gates make it taller than any of the three screens
    "/window": ("sentence", SIZES),
}


def min_px(width: int) -> int:
    return 24 if width >= 1920 else 20


MEASURE = """(floor) => {
  const seen = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > 0; };
  const sidebar = document.querySelector('[data-testid=stSidebar]');
  const open = !!sidebar && sidebar.dataset.collapsed === 'false';
  const skip = '[data-testid=stIconMaterial], [data-testid=stExpanderIcon], [data-testid=stSkipToContent], '
    + '[data-testid=stToolbar], [data-testid=stHeader], .katex-mathml, title';
  const key = (el) => ([...(el.closest('[class*="st-key-"]') || {classList: []}).classList]
    .find(c => c.startsWith('st-key-')) || el.closest('[data-testid]')?.dataset.testid || el.tagName);
  const hasText = (el) => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.replace(/[\\u200b\\s]/g, ''));
  const small = [], cut = [];
  let min = Infinity;
  for (const el of document.querySelectorAll('body *')) {
    if (!hasText(el) || !seen(el) || el.closest(skip) || (!open && el.closest('[data-testid=stSidebar]'))) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const m = el instanceof SVGElement && el.getScreenCTM ? el.getScreenCTM() : null;
    if (m) px *= Math.hypot(m.a, m.b);  // an SVG drawn scaled shows its text at this size
    min = Math.min(min, px);
    if (px < floor - 0.05) small.push(`${key(el)}: "${el.textContent.trim().slice(0, 30)}" at ${px.toFixed(1)} px`);
  }
  const boxes = 'button, label, [data-testid=stWidgetLabel] p, [data-baseweb=select] div, input, h1, h2, h3, '
    + '[data-testid=stMetricValue] div, [data-testid=stMetricLabel] p, [data-testid=stCaptionContainer] p';
  for (const el of document.querySelectorAll(boxes)) {
    if (!seen(el) || (!open && el.closest('[data-testid=stSidebar]'))) continue;
    if (getComputedStyle(el).overflowX === 'visible' && el.tagName !== 'INPUT') continue;
    if (el.closest('.unr-share')) continue;  // the link to copy: a long address scrolls in its box
    const what = (el.value || el.textContent).trim().slice(0, 40);
    if (el.scrollWidth > el.clientWidth + 1)
      cut.push(`${key(el)}: "${what}" needs ${el.scrollWidth} px, has ${el.clientWidth}`);
  }
  return { min, small: [...new Set(small)], cut: [...new Set(cut)], sidebarOpen: open };
}"""

FIRST_BOX = """(key) => {
  const el = document.querySelector(`.st-key-${key} .unr-fig:not([hidden])`)
    || document.querySelector(`.st-key-${key} .js-plotly-plot`);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const before = [...document.querySelectorAll('.unr-fig:not([hidden]), .js-plotly-plot')]
    .filter(f => f !== el && f.getBoundingClientRect().height > 0 && f.getBoundingClientRect().top < r.top);
  return { top: r.top, bottom: r.bottom, height: innerHeight, before: before.length };
}"""


HIDDEN_KEYS = """() => document.querySelector('[data-testid=stSidebar]')?.dataset.collapsed === 'true'
    ? [...document.querySelectorAll('[data-testid=stSidebar] [class*="st-key-"]')]
        .map(el => [...el.classList].find(c => c.startsWith('st-key-'))) : []"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> pathlib.Path:
    """Where the screenshots go: ``$PROJECTOR_SHOTS``, else pytest's base temp directory (kept for three runs)."""
    where = pathlib.Path(os.environ.get("PROJECTOR_SHOTS") or tmp_path_factory.getbasetemp() / "projector")
    where.mkdir(parents=True, exist_ok=True)
    print(f"\nprojector-mode screenshots: {where}")
    return where


def open_view(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".unr-fig, .main-svg, [data-testid=stButton]", timeout=180_000)
    wait_idle(page, 180_000)
    page.wait_for_function(DRAWN, timeout=30_000)
    page.wait_for_timeout(400)  # plotly's last resize to its column


def name_of(view: str, w: int, h: int) -> str:
    path, _, query = view.strip("/").partition("?")
    stem = "_".join(filter(None, [path or "explorer", query.replace("=", "-").replace("&", "_")]))
    return f"{stem}_{w}x{h}"


def sizes_of(view: str) -> list[tuple[int, int]]:
    """Every view at the smallest and the largest screen; 1366 x 768 (the shortest) for the stepped views."""
    return [size for size in SIZES if size != (1366, 768) or view in FIRST or "tour" in view]


@pytest.mark.parametrize("view", VIEWS)
def test_projector_mode_fits_the_screen(page, app_url, shots, view):
    """Each view is opened once and measured at each of its screen sizes in turn (the window resized: projector
    mode's type and layout follow the width in the browser, with no server run)."""
    first = sizes_of(view)[0]
    page.set_viewport_size({"width": first[0], "height": first[1]})
    open_view(page, app_url + view + ("&" if "?" in view else "?") + "present=1")
    assert page.locator("[data-testid='stException']").count() == 0
    if page.get_by_text("Weights and their shapes").count():  # open the weight matrices too (below the view)
        page.get_by_text("Weights and their shapes").first.click()
        page.wait_for_selector(".st-key-why .main-svg", timeout=30_000)
        page.wait_for_timeout(400)
    for size in sizes_of(view):
        w, h = size
        if size != first:
            page.set_viewport_size({"width": w, "height": h})
            page.wait_for_function(DRAWN, timeout=30_000)
            page.wait_for_timeout(600)  # plotly's and the stepper's resize to their column
        check_screen(page, shots, view, size)


def check_screen(page, shots, view: str, size: tuple[int, int]) -> None:
    w, h = size
    page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0) ?? scrollTo(0, 0)")
    page.screenshot(path=shots / f"{name_of(view, w, h)}_first.png")
    box = page.evaluate(FIRST_BOX, FIRST[view][0]) if view in FIRST else None
    if os.environ.get("PROJECTOR_SHOTS"):  # the whole page too, to look at (seconds each: not in every CI run)
        full = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": w, "height": min(int(full), 16_000)})
        page.wait_for_timeout(600)
        page.screenshot(path=shots / f"{name_of(view, w, h)}_full.png")
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(600)

    got = page.evaluate(MEASURE, min_px(w))
    assert not got["sidebarOpen"], "the sidebar should start collapsed in projector mode"
    assert not got["small"], f"{view} at {w} x {h}: text under {min_px(w)} px:\n" + "\n".join(got["small"][:30])
    assert not got["cut"], f"{view} at {w} x {h}: text cut:\n" + "\n".join(got["cut"])
    hidden = set(page.evaluate(HIDDEN_KEYS))  # in the collapsed sidebar: not shown, not measured
    problems = [p for p in page.evaluate(PROBLEMS, [TOL, OVERLAP]) if p.split(":")[0] not in hidden]
    assert not problems, f"{view} at {w} x {h}:\n" + "\n".join(dict.fromkeys(problems))

    if view in FIRST:
        key, whole = FIRST[view]
        whole = size in whole
        assert box is not None, f"no {key} on {view}"
        assert box["before"] == 0, f"{view}: a chart comes before {key}"
        assert box["top"] < 0.45 * h, f"{view} at {w} x {h}: {key} starts at {box['top']:.0f} px"
        if whole:
            assert box["bottom"] <= h, f"{view} at {w} x {h}: {key} ends at {box['bottom']:.0f} px, below the fold"


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_controls_in_the_sidebar_fit_it(page, app_url, shots, size):
    """Open the sidebar in projector mode: the explorer's picker, stacked there, shows every option whole, and the
    sidebar lies over the page, so the diagram keeps its width (and its labels) meanwhile."""
    w, h = size
    page.set_viewport_size({"width": w, "height": h})
    open_view(page, app_url + "/?present=1")
    diagram = page.locator(".st-key-ex_diagram").bounding_box()["width"]
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_selector("[data-testid=stSidebar][data-collapsed=false]")
    page.wait_for_timeout(600)
    page.screenshot(path=shots / f"explorer_sidebar_{w}x{h}.png")
    got = page.evaluate(MEASURE, min_px(w))
    assert got["sidebarOpen"]
    assert not got["small"], "\n".join(got["small"][:30])
    assert not got["cut"], "\n".join(got["cut"])
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    options = page.locator("[data-testid=stSidebar] .st-key-ex_arch button")
    assert options.count() >= 3
    for i in range(options.count()):
        box = options.nth(i).bounding_box()
        assert box["x"] >= sidebar["x"] and box["x"] + box["width"] <= sidebar["x"] + sidebar["width"]
    assert page.locator(".st-key-ex_diagram").bounding_box()["width"] == pytest.approx(diagram, abs=1)


def test_the_switch_collapses_the_sidebar_and_back(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_view(page, app_url + "/")
    assert page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"
    page.locator(".st-key-present label").click()
    page.wait_for_selector("[data-testid=stSidebar][data-collapsed=true]", state="attached")
    wait_idle(page)
    assert "present=1" in page.url
    page.get_by_test_id("stExpandSidebarButton").click()
    page.locator(".st-key-present label").click()  # off again: the sidebar stays, at its usual width
    wait_idle(page)
    page.wait_for_timeout(500)
    assert page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"
    assert "present" not in page.url
