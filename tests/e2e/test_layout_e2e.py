"""In a real browser at 1280 x 800 (a laptop, normal mode): no chart text is clipped or drawn over other text.

Every page's default view, and the views whose labels are longest (the words task) or whose figures are smallest
(the 1x1 numbers RNN), are checked in the page as drawn:

* plotly charts: every text (titles, ticks, legends, annotations, colour-bar labels) inside its chart's box, and no
  two texts of one chart on top of each other;
* stepper panels (``ui/components/stepper``, SVG drawn by ``viz/svg.py``): every text of the step shown inside the
  panel across (``.unr-root``) and inside its figure down (``.unr-fig`` hides what sticks out), no two texts on top
  of each other, and every x_t and y_t token inside its box;
* select boxes: the chosen value is not cut.

A label that fits by a pixel or two passes (``TOL``); one that spills out or runs into its neighbour does not.
"""

import pytest

from tests.e2e.conftest import wait_idle

TOL = 2  # px a text may stick out of its box (glyph side bearings)
OVERLAP = 1  # px two texts may share, across and down, before they count as on top of each other
VIEWS = [
    "/",  # the explorer on "hello"
    "/?seq=words",  # the lecture's sentence: long tokens, a many-to-one output, 32 units
    "/?seq=scalar",  # the 1x1 RNN: one-unit strips and colour bars
    "/training",
    "/training?seq=words",  # the backward pass over 15 words
    "/window",
]  # every stop of the lecture tour is checked as test_tour_e2e walks through them

PROBLEMS = """([TOL, OVERLAP]) => {
  const out = [];
  const seen = (r) => r.width > 0 && r.height > 0;  // a stepper keeps its other steps in display:none groups
  const key = (el) => [...(el.closest('[class*="st-key-"]') || {classList: ['?']}).classList]
    .find(c => c.startsWith('st-key-')) || '?';
  const words = (t) => {  // the text drawn, without its hover <title>
    const c = t.cloneNode(true);
    c.querySelectorAll('title').forEach(n => n.remove());
    return c.textContent.trim();
  };
  const texts = (els) => [...els].map(t => [t, t.getBoundingClientRect()]).filter(([t, r]) => seen(r) && words(t));
  const across = (r, b) => r.left < b.left - TOL || r.right > b.right + TOL;
  const down = (r, b) => r.top < b.top - TOL || r.bottom > b.bottom + TOL;
  const onTop = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > OVERLAP
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > OVERLAP;
  const noneOnTop = (list, where) => {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (onTop(list[i][1], list[j][1]))
          out.push(`${where}: "${words(list[i][0])}" and "${words(list[j][0])}" overlap`);
  };
  document.querySelectorAll('.js-plotly-plot').forEach(plot => {
    const box = plot.getBoundingClientRect();
    const list = texts(plot.querySelectorAll('.main-svg text'));
    list.filter(([t, r]) => across(r, box) || down(r, box))
      .forEach(([t]) => out.push(`${key(plot)}: "${words(t)}" sticks out of its chart`));
    noneOnTop(list, key(plot));
  });
  document.querySelectorAll('.unr-root').forEach(root => {
    const panel = root.getBoundingClientRect();
    root.querySelectorAll('.unr-fig:not([hidden])').forEach(fig => {
      const box = fig.getBoundingClientRect();
      const list = texts(fig.querySelectorAll('text'));
      list.filter(([t, r]) => across(r, panel) || down(r, box))
        .forEach(([t]) => out.push(`${key(root)}: "${words(t)}" sticks out of its panel`));
      noneOnTop(list, key(root));
      fig.querySelectorAll('[data-name^="x-label-"], [data-name^="y-label-"]').forEach(t => {
        const r = t.getBoundingClientRect();
        const frame = fig.querySelector(`[data-name="${t.dataset.name.replace('-label-', '-box-')}"]`);
        if (seen(r) && frame && (across(r, frame.getBoundingClientRect()) || down(r, frame.getBoundingClientRect())))
          out.push(`${key(root)}: the token "${words(t)}" sticks out of its box`);
      });
    });
  });
  document.querySelectorAll('[data-testid=stSelectbox] input').forEach(input => {
    if (input.scrollWidth > input.clientWidth + 1) out.push(`${key(input)}: the value "${input.value}" is cut`);
  });
  return out;
}"""

DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].every(c => c.querySelector('.main-svg'))
    && [...document.querySelectorAll('.unr-root')].every(r => r.children.length > 0)"""


def open_view(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".unr-fig, .main-svg", timeout=120_000)
    wait_idle(page)
    weights = page.get_by_text("Weights and their shapes")
    if weights.count():  # the explorer's weight matrices, three to a row
        weights.first.click()
        page.wait_for_selector(".st-key-why .main-svg", timeout=20_000)
    page.wait_for_function(DRAWN, timeout=20_000)
    page.wait_for_timeout(300)  # plotly's last resize to its column


@pytest.mark.parametrize("view", VIEWS)
def test_no_text_is_clipped_or_overlaps_at_1280(page, app_url, view):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_view(page, app_url + view)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".js-plotly-plot").count() + page.locator(".unr-fig").count() > 0
    problems = page.evaluate(PROBLEMS, [TOL, OVERLAP])
    assert not problems, f"{view} at 1280 x 800:\n" + "\n".join(dict.fromkeys(problems))


CHOICES_FIT = """(key) => { const box = document.querySelector(`.st-key-${key}`).getBoundingClientRect();
  return [...document.querySelectorAll(`.st-key-${key} button[data-variant=segmented_control]`)]
    .filter(b => { const r = b.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1; })
    .map(b => b.innerText.trim()); }"""


@pytest.mark.parametrize("seq", ["chars", "words", "caption"])
def test_every_architecture_in_the_explorers_picker_is_shown_whole_at_1280(page, app_url, seq):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?seq={seq}")
    page.wait_for_selector(".st-key-ex_arch button", timeout=120_000)
    wait_idle(page)
    names = page.locator(".st-key-ex_arch button[data-variant=segmented_control]").all_inner_texts()
    assert [n.strip() for n in names] == ["Vanilla RNN", "LSTM", "GRU", "Window"]
    assert page.evaluate(CHOICES_FIT, "ex_arch") == []


@pytest.mark.parametrize("path", ["/", "/tour", "/quiz"])
def test_a_phone_never_scrolls_the_page_sideways(page, app_url, path):
    """At 390 x 844 the page fits the screen's width: a wide table or equation scrolls inside its own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url + path)
    page.wait_for_selector("h1", timeout=120_000)
    wait_idle(page)
    page.wait_for_timeout(500)
    width = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); return [m.scrollWidth, m.clientWidth]; }"
    )
    assert width[0] <= width[1] + 1, f"{path}: the page is {width[0]} px wide on a {width[1]} px screen"
