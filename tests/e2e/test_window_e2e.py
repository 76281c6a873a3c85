"""In a real browser: /window shows the window shrug and the gated RNN say French; Right moves the step."""

from tests.e2e.conftest import highlighted_step, wait_for_step, wait_idle


def svg_texts(page, key: str) -> list[str]:
    return page.evaluate(f"""() => [...document.querySelectorAll('.st-key-{key} .main-svg text')]
        .map(el => el.textContent.trim()).filter(s => s)""")


def open_window(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".st-key-diagram .main-svg", timeout=120_000)
    wait_idle(page)
    page.wait_for_selector(".st-key-answers .main-svg text", timeout=20_000)


def test_window_shrugs_and_the_rnn_says_french(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_window(page, f"{app_url}/window")
    answers = svg_texts(page, "answers")
    assert "? shrugs" in answers
    assert answers.count("✓ French") >= 1
    sentence = svg_texts(page, "sentence")
    assert "window: the last 3 words" in sentence and "France" in sentence
    frames = page.locator(".st-key-sentence .main-svg path[style*='rgb(213, 94, 0)']").count()
    assert frames >= 1  # the vermillion window frame is drawn
    assert page.locator("[data-testid='stException']").count() == 0


def test_right_arrow_moves_the_highlighted_step(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_window(page, f"{app_url}/window")
    assert highlighted_step(page) == 1
    for expected in (2, 3):
        page.keyboard.press("ArrowRight")
        wait_idle(page)
        wait_for_step(page, expected)
        assert highlighted_step(page) == expected
    assert "France" in svg_texts(page, "diagram")


def test_link_reopens_the_view(page, app_url):
    open_window(page, f"{app_url}/window?k=6&arch=lstm&t=4&present=1")
    assert highlighted_step(page) == 4
    assert "window: the last 6 words" in svg_texts(page, "sentence")
    assert page.get_by_text("Inside the LSTM").first.is_visible()
