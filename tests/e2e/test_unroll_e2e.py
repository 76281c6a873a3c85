"""In a real browser: the explorer steps in the browser, every key press counts, no step runs the script, and
the URL's t follows the step and reopens it."""

import re

from tests.e2e.conftest import open_explorer, shown, shown_step, track_messages, wait_for_shown, wait_idle, wait_until


def test_keys_move_the_highlight_the_bars_and_the_arithmetic(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_explorer(page, app_url)
    assert shown_step(page) == 1
    for key, t in [("ArrowRight", 2), ("ArrowRight", 3), ("ArrowLeft", 2), ("End", 4), ("Home", 1), ("ArrowLeft", 1)]:
        page.keyboard.press(key)
        wait_for_shown(page, t)
        s = shown(page)
        assert re.search(rf"p_{t} = softmax\(y_{t}\)", s["title"][0]), s
        assert s["math"][0].startswith(f"Step t = {t}: input x_{t} = "), s
    page.locator(".st-key-ex_stepper button[data-go=next]").click()
    wait_for_shown(page, 2)


def test_ten_fast_presses_are_ten_steps_and_no_script_run(page, app_url):
    sent = track_messages(page)
    open_explorer(page, f"{app_url}/?seq=words")
    assert shown_step(page) == 1
    before = len(sent)
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # no waits in between
    wait_for_shown(page, 11)
    # once stepping pauses, the stepper tells the server t: one short run, and the server keeps t from then on
    wait_until(page, lambda: len(sent) > before)
    page.wait_for_timeout(500)
    # ten steps are not ten messages: the stepper tells the server t once stepping pauses (REPORT_MS after the last
    # press; on a loaded machine the presses may spread out enough for one more)
    assert len(sent) - before <= 2, f"{len(sent) - before} messages to the server for ten steps"
    wait_idle(page)
    page.get_by_text("Show the rolled form").click()  # a full rerun with new views, which open at the server's t
    wait_idle(page)
    page.wait_for_selector(".st-key-ex_rolled_fig .main-svg", timeout=20_000)
    wait_for_shown(page, 11)


def test_link_reopens_the_view(page, app_url):
    open_explorer(page, f"{app_url}/?seq=chars&arch=gru&units=4&t=3")
    assert shown_step(page) == 3
    assert shown(page)["math"][0].startswith("Step t = 3")
    assert page.get_by_text("GRU").first.is_visible()


def test_space_plays_through_time_and_stops_at_the_end(page, app_url):
    sent = track_messages(page)
    open_explorer(page, f"{app_url}/?seq=chars&arch=lstm&t=1")
    before = len(sent)
    page.keyboard.press("Space")
    play = page.locator(".st-key-ex_stepper button[data-go=play]")
    assert play.inner_text().startswith("Pause")
    wait_for_shown(page, 4)
    page.wait_for_function(
        "() => document.querySelector('.st-key-ex_stepper button[data-go=play]').innerText.startsWith('Play')"
    )
    assert shown_step(page) == 4
    wait_until(page, lambda: len(sent) == before + 1)  # one report, once it stopped
    page.wait_for_timeout(500)
    assert len(sent) == before + 1
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0


def test_keys_typed_into_a_text_box_stay_there(page, app_url):
    open_explorer(page, f"{app_url}/?t=2")
    box = page.locator(".st-key-ex_text_chars input")
    box.click()
    for key in ("ArrowRight", "Home", "End", "ArrowLeft"):
        page.keyboard.press(key)
    assert shown_step(page) == 2
    page.locator("h1").click()  # focus back on the page: the keys step again
    page.keyboard.press("ArrowRight")
    wait_for_shown(page, 3)


def test_projector_mode_steps_too(page, app_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_explorer(page, f"{app_url}/?present=1&seq=scalar")
    assert page.locator(".st-key-ex_stepper .unr-big").count() == 1
    page.keyboard.press("End")
    wait_for_shown(page, 5)
    assert "Output y_5" in page.locator(".st-key-ex_output").inner_text()


def test_two_cells_step_together(page, app_url):
    open_explorer(page, f"{app_url}/?seq=chars&arch=rnn&vs=lstm&t=2")
    page.wait_for_selector(".st-key-ex_vs_diagram .unr-fig", timeout=20_000)
    assert shown_step(page) == shown_step(page, "ex_vs_diagram") == 2
    for key, t in [("ArrowRight", 3), ("Home", 1), ("End", 4)]:
        page.keyboard.press(key)
        wait_for_shown(page, t)
        wait_for_shown(page, t, "ex_vs_diagram")
    assert "vs=lstm" in page.url
