"""WCAG 2.1 AA in a real browser: axe-core (pinned in package.json) finds nothing on any page, on each task, in
projector mode, with the steps hidden for a guess, beside a second cell, with a quiz answer shown and a tour stop
revealed; every page has one h1; the stepped diagram is an image with a text alternative and reads each step out in
an aria-live region as it steps."""

import pytest

from tests.e2e.conftest import EXPLORER, axe_violations, open_explorer, wait_idle

PAGES = ["/", "/tour", "/window", "/quiz", "/training", "/models"]
VIEWS = [
    *(f"/?seq={seq}" for seq in ("words", "scalar", "audio", "ecg", "protein", "stock", "video", "caption")),
    "/?present=1",
    "/?reveal=1&t=2",
    "/?vs=lstm",
    "/?arch=window&k=3",
    "/training?present=1",
    "/tour?stop=5&present=1",
    "/quiz?mode=diagrams",
    "/quiz?mode=by-hand",
    "/quiz?mode=shapes",
]


def open_page(page, url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_selector("h1", timeout=120_000)
    wait_idle(page, 120_000)
    page.wait_for_timeout(500)


def check(page, what: str) -> None:
    found = axe_violations(page)
    assert not found, f"{what}: {len(found)} WCAG 2.1 AA violations:\n" + "\n".join(found[:25])


@pytest.mark.parametrize("path", PAGES + VIEWS)
def test_no_wcag_violations(page, app_url, path):
    open_page(page, app_url + path)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() == 1, f"{path}: {page.locator('h1').all_inner_texts()}"
    check(page, path)


def test_a_quiz_answer_shown_and_a_tour_stop_revealed(page, app_url):
    open_page(page, app_url + "/quiz?seed=7")
    page.locator("h1").first.click()  # the keys go to the page: RNN, many-to-one, very sure, check
    for key in ("3", "7", "h", "Enter"):
        page.keyboard.press(key)
        wait_idle(page)
    page.wait_for_selector(".st-key-qz_fig .main-svg", timeout=30_000)
    check(page, "/quiz with an answer shown")
    open_page(page, app_url + "/tour?stop=2")
    page.locator("h1").first.click()
    page.keyboard.press("a")
    page.wait_for_selector(".st-key-tour_fluent_answers .main-svg", timeout=30_000)
    wait_idle(page)
    check(page, "/tour?stop=2 revealed")


def test_the_diagram_is_an_image_that_reads_each_step_out(page, app_url):
    open_explorer(page, f"{app_url}/?t=1")
    svg = page.locator(f"{EXPLORER}:not([hidden]) svg").first
    assert svg.get_attribute("role") == "img"
    assert "Vanilla RNN on" in svg.get_attribute("aria-label")
    live = page.locator(".st-key-ex_diagram [aria-live=polite]")
    assert live.inner_text().startswith("t = 1 of 4: reads “h”; h_1 = [")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.st-key-ex_diagram [aria-live=polite]').textContent.startsWith('t = 2 of 4')",
        timeout=5_000,
    )
    assert "predicts “l” at" in live.text_content()
