"""The stepper's JS (ui/components/stepper/stepper.js) on its own, in Chromium: no Streamlit, a fake component.

The module is imported into a blank page served at http://stepper.test/ and called the way Streamlit's
Components v2 calls it (``{data, parentElement, setStateValue}``); ``setStateValue`` only records its calls.
"""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
JS = (ROOT / "ui" / "components" / "stepper" / "stepper.js").read_text(encoding="utf-8")
CSS = (ROOT / "ui" / "components" / "stepper" / "stepper.css").read_text(encoding="utf-8")
PAGE = f"""<!doctype html><html><head><style>{CSS}</style></head><body>
<input id="text" type="text" value="hello"><button id="other">other</button>
<div id="controls"></div><div id="chart"></div><div id="words"></div></body></html>"""
URL = "http://stepper.test/?seq=words&t=1"

SETUP = """async (src) => {
  const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
  const stepper = (await import(url)).default;
  window.reports = [];
  window.mount = (id, data) => stepper({
    data, parentElement: document.getElementById(id),
    setStateValue: (k, v) => window.reports.push([k, v]),
  });
}"""


def chart(T: int) -> dict:
    """An svg panel: a label drawn at every step, one item per step, and a second frame for the last step."""
    items = ['<text data-name="always">always</text>'] + [
        [f'<text data-name="step">step {k + 1}</text>', [[k, k]]] for k in range(T - 1)
    ]
    last = {"h": 40, "l": 5, "r": 5, "defs": "", "items": [f'<text data-name="step">last {T}</text>']}
    return {
        "role": "svg",
        "group": "g",
        "frames": [{"h": 30, "l": 5, "r": 5, "defs": "", "items": items}, last],
        "at": [0] * (T - 1) + [1],
    }


def words(T: int) -> dict:
    return {
        "role": "html",
        "group": "g",
        "T": T,
        "parts": [
            {"html": [f"<p class='head'>Step t = {k + 1}</p>" for k in range(T)]},
            {"details": "More", "parts": [{"html": [f"<p class='more'>more {k + 1}</p>" for k in range(T)]}]},
        ],
    }


def controls(T: int, t: int = 1, scene: str = "s1", play_ms: int = 900, v: int = 1, **options) -> dict:
    """The controls as the server sends them: ``v`` goes up each time the server sets t itself; ``options``:
    keys, url, label, jumps."""
    return {"role": "controls", "group": "g", "T": T, "t": t, "v": v, "scene": scene, "play_ms": play_ms, **options}


@pytest.fixture
def page(page):
    page.route("http://stepper.test/**", lambda route: route.fulfill(status=200, content_type="text/html", body=PAGE))
    page.goto(URL)
    page.evaluate(SETUP, JS)
    return page


def mount(page, T: int = 12, t: int = 1, **kw) -> None:
    page.evaluate(
        "([c, s, w]) => { window.undo = [mount('controls', c), mount('chart', s), mount('words', w)]; }",
        [controls(T, t, **kw), chart(T), words(T)],
    )


SHOWN = """() => {
  const seen = (el) => el.getBoundingClientRect().width > 0;
  const step = [...document.querySelectorAll('#chart [data-name=step]')].filter(seen).map(e => e.textContent);
  const head = [...document.querySelectorAll('#words .head')].filter(seen).map(e => e.textContent);
  const url = new URL(location.href).searchParams.get('t');
  return { step, head, value: document.querySelector('#controls input[type=range]').value, url };
}"""


def shown(page) -> dict:
    return page.evaluate(SHOWN)


def at(page, t: int, T: int = 12) -> None:
    """Step t is drawn everywhere: the chart, the words, the slider and the URL."""
    s = shown(page)
    assert s["step"] == [f"step {t}" if t < T else f"last {T}"], s
    assert s["head"] == [f"Step t = {t}"], s
    assert s["value"] == str(t) and s["url"] == str(t), s


def test_opens_at_the_servers_step_and_keys_move_it(page):
    mount(page, t=3)
    at(page, 3)
    page.keyboard.press("ArrowRight")
    at(page, 4)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    at(page, 2)
    page.keyboard.press("End")
    at(page, 12)  # the last step has a frame of its own
    page.keyboard.press("ArrowRight")
    at(page, 12)
    page.keyboard.press("Home")
    at(page, 1)
    assert page.locator("#controls button[data-go=prev]").is_disabled()


def test_every_press_counts(page):
    mount(page)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    at(page, 11)


def test_buttons_and_slider_step_too(page):
    mount(page)
    page.locator("#controls button[data-go=next]").click()
    page.locator("#controls button[data-go=next]").click()
    at(page, 3)
    page.locator("#controls button[data-go=last]").click()
    at(page, 12)
    assert page.locator("#controls button[data-go=next]").is_disabled()
    page.locator("#controls input[type=range]").fill("5")  # a range input takes fill() as a drag to that value
    at(page, 5)


def test_keys_in_a_text_box_are_its_own(page):
    mount(page, t=4)
    page.locator("#text").focus()
    for key in ("ArrowRight", "ArrowLeft", "Home", "End", " "):
        page.keyboard.press(key)
    at(page, 4)
    assert page.locator("#text").input_value() == "hello "
    page.locator("#other").focus()  # anywhere else, even on another button, the keys step
    page.keyboard.press("ArrowRight")
    at(page, 5)


RIGHT = "() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))"


def test_reports_t_once_stepping_pauses(page):
    mount(page)
    reports = page.evaluate(f"() => {{ for (let i = 0; i < 3; i++) ({RIGHT})(); return window.reports.length; }}")
    assert reports == 0  # not while stepping
    page.wait_for_function("window.reports.length === 1")
    page.wait_for_timeout(500)
    [(key, value)] = page.evaluate("window.reports")
    assert key == "step" and value["t"] == 4 and value["n"] > 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function("window.reports.length === 2")
    first, second = page.evaluate("window.reports.map(r => r[1])")
    assert second["t"] == 5 and second["n"] > first["n"]  # every report differs, even one back to an old t


def test_a_rerun_keeps_the_step_shown_unless_the_server_moved_it(page):
    mount(page, t=2)
    page.keyboard.press("ArrowRight")
    page.evaluate("(c) => mount('controls', c)", controls(12, 2))  # the same data again (a full rerun): keep 3
    at(page, 3)
    page.evaluate("(c) => mount('controls', c)", controls(12, 9, v=2))  # the server set t itself: take it
    at(page, 9)
    page.keyboard.press("ArrowRight")
    page.evaluate("(c) => mount('controls', c)", controls(12, 9, scene="s2", v=2))  # a new sequence: its t
    at(page, 9)


def test_space_plays_to_the_end_and_stops(page):
    mount(page, t=9, play_ms=40)
    label = page.evaluate("""() => {  // press Space and read the button in the same turn, before any tick
      document.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
      return document.querySelector('#controls button[data-go=play]').innerText; }""")
    assert label.startswith("Pause")
    page.wait_for_function("document.querySelector('#controls button[data-go=play]').innerText.startsWith('Play')")
    at(page, 12)
    page.wait_for_function("window.reports.length === 1")
    assert page.evaluate("window.reports[0][1].t") == 12
    page.evaluate("(c) => mount('controls', c)", controls(12, 9, play_ms=60_000))  # slow, so nothing ticks
    page.keyboard.press(" ")  # at the end, play starts again from the first step
    page.keyboard.press(" ")
    at(page, 1)


def test_details_stay_open_while_stepping(page):
    mount(page)
    page.locator("#words summary").click()
    page.keyboard.press("ArrowRight")
    assert page.locator("#words details").get_attribute("open") is not None
    assert page.locator("#words .more >> visible=true").inner_text() == "more 2"


def test_teardown_lets_go_of_the_keys_and_of_the_report(page):
    mount(page, t=2)
    page.evaluate(f"() => {{ ({RIGHT})(); window.undo.forEach(f => f()); }}")  # as Streamlit does when the page goes
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(600)
    assert page.evaluate("new URL(location.href).searchParams.get('t')") == "3"
    assert page.evaluate("window.reports") == []


def test_text_is_shown_as_given_and_tex_falls_back_to_its_source(page):
    # html parts are trusted markup from Python; LaTeX without Streamlit's KaTeX shows its source
    data = {"role": "html", "group": "h", "T": 1, "katex": "missing.js", "parts": [{"tex": [["x_1 < y"]]}]}
    page.evaluate("(d) => mount('words', d)", data)
    page.evaluate("(c) => mount('controls', c)", {**controls(1), "group": "h"})
    page.wait_for_selector("#words .unr-tex-source")
    assert page.locator("#words .unr-tex-source").inner_text() == "x_1 < y"


def test_a_stepper_without_keys_or_url_leaves_them_to_the_page(page):
    # /training's backward view: the page's own buttons have the keys, and the URL's t is not its step
    mount(page, t=5, keys=False, url=None, label="Backward steps <b>taken</b>")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    s = shown(page)
    assert s["step"] == ["step 5"] and s["url"] == "1", s
    page.locator("#controls button[data-go=next]").click()
    s = shown(page)
    assert s["step"] == ["step 6"] and s["url"] == "1", s
    assert page.locator("#controls .unr-slider span").inner_text() == "Backward steps <b>taken</b>"  # text
    assert page.locator("#controls kbd").count() == 0  # no key hints on its buttons


def test_jump_buttons_go_to_their_step(page):
    mount(page, t=1, jumps=[["Go to “<i>France</i>” (t = 3)", 3, "The clue"], ["The end", 12, ""]])
    jumps = page.locator("#controls button.unr-jump")
    assert jumps.count() == 2 and jumps.first.inner_text() == "Go to “<i>France</i>” (t = 3)"
    jumps.first.click()
    at(page, 3)
    page.keyboard.press("Space")  # playing; a jump pauses it
    jumps.nth(1).click()
    at(page, 12)
    assert "Play" in page.locator("#controls button[data-go=play]").inner_text()


def test_speed_sets_the_pace_of_play_and_stays_in_the_link(page):
    mount(page, t=1, play_ms=4000)
    page.locator("#controls [data-speed='4']").click()
    assert page.locator("#controls [data-speed='4']").get_attribute("aria-pressed") == "true"
    assert page.locator("#controls [data-speed='1']").get_attribute("aria-pressed") == "false"
    assert page.evaluate("new URL(location.href).searchParams.get('speed')") == "4"
    page.keyboard.press(" ")
    page.wait_for_timeout(2600)  # 4000 ms / 4 = one step a second: two steps, not zero
    page.keyboard.press(" ")
    assert shown(page)["value"] in ("3", "4")
    page.locator("#controls [data-speed='1']").click()
    assert page.evaluate("new URL(location.href).searchParams.get('speed')") is None


def test_loop_starts_again_after_the_last_step(page):
    mount(page, t=11, play_ms=60)
    page.locator("#controls .unr-loop input").check()
    assert page.evaluate("new URL(location.href).searchParams.get('loop')") == "1"
    page.keyboard.press(" ")  # the checkbox gave the keys back
    page.wait_for_function("document.querySelector('#controls input[type=range]').value === '2'")
    assert "Pause" in page.locator("#controls button[data-go=play]").inner_text()  # still playing
    page.keyboard.press(" ")
    page.locator("#controls .unr-loop input").uncheck()
    assert page.evaluate("new URL(location.href).searchParams.get('loop')") is None


def test_a_new_mount_keeps_the_speed_and_loop(page):
    page.goto(URL + "&speed=2&loop=1")
    page.evaluate(SETUP, JS)
    mount(page)
    assert page.locator("#controls [data-speed='2']").get_attribute("aria-pressed") == "true"
    assert page.locator("#controls .unr-loop input").is_checked()


def test_share_shows_the_current_link_with_the_hide_flags(page):
    mount(page, t=2)
    page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<div id=share></div>'); }")
    page.evaluate("(d) => mount('share', d)", {"role": "share", "group": "share", "hide": ["picker", "seed"]})
    link = page.locator("#share input")
    assert "t=2" in link.input_value() and "hide=picker%2Cseed" in link.input_value()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#share input').value.includes('t=3')")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#share button").click()
    page.wait_for_function("document.querySelector('#share .unr-copied').textContent.length > 0")
    assert page.locator("#share .unr-copied").inner_text() in ("Copied", "Select the link and copy it (Ctrl+C)")
