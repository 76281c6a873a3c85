"""In a real browser: arrow keys move the highlighted step, and the URL follows."""

from tests.e2e.conftest import highlighted_step, wait_for_step, wait_idle


def test_right_arrow_moves_the_highlight(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app_url)
    page.wait_for_selector(".st-key-diagram .main-svg", timeout=120_000)
    wait_idle(page)
    assert highlighted_step(page) == 1
    for expected in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        wait_for_step(page, expected)
        assert highlighted_step(page) == expected
    page.keyboard.press("ArrowLeft")
    wait_for_step(page, 3)
    assert highlighted_step(page) == 3


def test_link_reopens_the_view(page, app_url):
    page.goto(f"{app_url}/?seq=chars&arch=gru&units=4&t=3")
    page.wait_for_selector(".st-key-diagram .main-svg", timeout=120_000)
    wait_idle(page)
    assert highlighted_step(page) == 3
    assert page.get_by_text("GRU").first.is_visible()


def test_space_plays_through_time_and_stops_at_the_end(page, app_url):
    page.goto(f"{app_url}/?seq=chars&arch=lstm&t=1")
    page.wait_for_selector(".st-key-diagram .main-svg", timeout=120_000)
    wait_idle(page)
    page.keyboard.press("Space")
    wait_for_step(page, 4)
    page.wait_for_timeout(2500)
    wait_idle(page)
    assert highlighted_step(page) == 4
    assert page.locator(".st-key-ex_play").inner_text().strip().startswith(("play_arrow", "Play"))
    assert page.locator("[data-testid='stException']").count() == 0
