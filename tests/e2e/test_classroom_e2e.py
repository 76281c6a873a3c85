"""In a real browser, as a teacher uses it: every stepper takes the keys and loses no press, a link opened in a
fresh browser shows the same step and numbers, and a stripped link hides what the teacher ticked."""

from tests.e2e.conftest import EXPLORER, shown, shown_step, wait_for_shown, wait_idle


def open_page(page, url: str, ready: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_selector(ready, timeout=120_000)
    wait_idle(page)


def test_a_full_link_shows_the_same_step_and_numbers_in_a_fresh_browser(browser, app_url):
    link = f"{app_url}/?seq=chars&arch=lstm&mode=sample&start=l&temp=0.7&n=9&sseed=42&t=5&reveal=1"
    seen = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        open_page(page, link, EXPLORER)
        page.wait_for_selector(".st-key-ex_math .katex", timeout=20_000)
        wait_for_shown(page, 5)
        s = shown(page)
        numbers = page.locator(".st-key-ex_math .unr-html > div >> visible=true").first.inner_text()
        seen.append((shown_step(page), s["title"], numbers, page.locator(".st-key-ex_diagram").inner_text()))
        context.close()
    assert seen[0] == seen[1]
    assert seen[0][0] == 5 and "p_5" in seen[0][1][0] and "0.7" in seen[0][1][0]


def test_ten_fast_presses_on_window_are_ten_words(page, app_url):
    open_page(page, f"{app_url}/window", ".st-key-w_diagram .unr-fig")
    page.locator(".st-key-w_diagram").scroll_into_view_if_needed()
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # no waits in between
    wait_for_shown(page, 11, key="w_diagram")
    page.keyboard.press("End")
    page.keyboard.press("Home")
    wait_for_shown(page, 1, key="w_diagram")


def test_training_takes_plain_keys_and_its_backward_view_takes_shift(page, app_url):
    open_page(page, f"{app_url}/training", ".st-key-tr_bt_diagram .unr-fig")
    T = 4  # "hell" -> "ello"
    page.wait_for_function(f"new URL(location.href).searchParams.get('bt') === '{T}'", timeout=20_000)
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(f"new URL(location.href).searchParams.get('bt') === '{T - 2}'", timeout=10_000)
    page.keyboard.press("Home")
    page.wait_for_function("new URL(location.href).searchParams.get('bt') === '1'", timeout=10_000)
    assert page.evaluate("new URL(location.href).searchParams.get('run')") is None  # no training step taken
    page.keyboard.press("ArrowRight")  # the training button's key: one optimiser step
    page.wait_for_function("new URL(location.href).searchParams.get('run') === '1:0.05:-'", timeout=30_000)


def test_a_stripped_link_hides_what_the_teacher_ticked(page, app_url):
    open_page(page, f"{app_url}/?seq=words&arch=gru&t=3", EXPLORER)
    page.get_by_text("Share this view").click()
    for _ in range(3):  # the list closes if a rerun lands while it opens: open it again
        page.locator(".st-key-ex_share_hide input").click()  # the box's text field: a click beside it opens nothing
        try:
            page.get_by_role("option", name="Sequence, architecture and units").click(timeout=5_000)
            break
        except Exception:
            wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)
    link = page.locator(".st-key-ex_share_link input")
    page.wait_for_function(
        "document.querySelector('.st-key-ex_share_link input').value.includes('hide=picker')", timeout=10_000
    )
    url = link.input_value()
    assert "t=3" in url and "arch=gru" in url
    page.goto(url)
    page.wait_for_selector(EXPLORER, timeout=120_000)
    wait_idle(page)
    wait_for_shown(page, 3)
    assert page.get_by_text("Hidden units", exact=True).count() == 0
    assert page.get_by_text("Architecture", exact=True).count() == 0
    assert "GRU" in page.locator(".st-key-ex_diagram").inner_text()
