"""In a real browser: /training steps the model, the counter and the loss follow, and Play keeps stepping."""

from urllib.parse import parse_qs, urlparse

from tests.e2e.conftest import track_messages, visible_texts, wait_idle


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def open_training(page, app_url, query: str = ""):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/training{query}")
    page.wait_for_selector(".st-key-tr_weights .main-svg", timeout=120_000)
    wait_idle(page)


def test_step_button_moves_the_counter_and_the_loss(page, app_url):
    open_training(page, app_url)
    assert metric(page, "Training step") == "0"
    losses = [metric(page, "Training loss")]
    for expected in (1, 2, 3):
        page.locator(".st-key-tr_step button").first.click()
        page.wait_for_function(
            """n => [...document.querySelectorAll("[data-testid='stMetric']")]
                .some(m => m.innerText.includes('Training step') &&
                      m.querySelector("[data-testid='stMetricValue']").innerText.trim() === String(n))""",
            arg=expected,
            timeout=20_000,
        )
        wait_idle(page)
        losses.append(metric(page, "Training loss"))
    assert len(set(losses)) == len(losses), losses
    assert page.locator("[data-testid='stException']").count() == 0
    assert "/training" in page.url and "seq=chars" in page.url


def test_play_keeps_stepping_until_paused(page, app_url):
    open_training(page, app_url, "?seq=chars&arch=gru")
    # Only the pause may stop it: with the default stop condition (loss <= 0.05) playing can end by itself near
    # step 40, and a click meant as Pause would then be Play again.
    page.locator(".st-key-tr_stop").click()
    page.get_by_role("option", name="never (pause by hand)").click()
    wait_idle(page)
    page.locator(".st-key-tr_play button").first.click()
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stMetric']")]
            .some(m => m.innerText.includes('Training step') &&
                  Number(m.querySelector("[data-testid='stMetricValue']").innerText.trim()) >= 10)""",
        timeout=30_000,
    )
    page.locator(".st-key-tr_pause button").first.click()
    page.wait_for_selector(".st-key-tr_play button", timeout=20_000)
    wait_idle(page)
    page.wait_for_timeout(1500)
    wait_idle(page)
    paused_at = metric(page, "Training step")
    page.wait_for_timeout(1500)
    assert metric(page, "Training step") == paused_at
    assert page.locator("[data-testid='stException']").count() == 0


REACHED = """() => [...document.querySelectorAll('.st-key-tr_bt_diagram [data-name^="grad-bar-"]')]
    .filter(el => el.getBoundingClientRect().width > 0).length"""


def test_the_backward_pass_steps_in_the_browser_and_right_still_trains(page, app_url):
    sent = track_messages(page)
    open_training(page, app_url)
    page.wait_for_selector(".st-key-tr_bt_diagram .unr-fig", timeout=20_000)
    assert page.evaluate(REACHED) == 4  # "hell": the whole backward pass, dL/dh_4 back to dL/dh_1
    before = len(sent)
    controls = ".st-key-tr_bt_stepper"
    for go, reached in [("first", 1), ("next", 2), ("next", 3), ("prev", 2), ("last", 4)]:
        page.locator(f"{controls} button[data-go={go}]").click()
        page.wait_for_function(f"() => ({REACHED})() === {reached}", timeout=5_000)
        t = 4 - reached + 1
        assert visible_texts(page, ".st-key-tr_bt_words .unr-html > div")[0].startswith(f"Reached h_{t}")
    assert len(sent) - before <= 1  # at most the one report once stepping paused, never a run per click
    assert "t" not in parse_qs(urlparse(page.url).query)  # the URL's t is the explorer's, not this stepper's
    page.locator(f"{controls} button[data-go=first]").click()
    page.wait_for_timeout(600)  # the report of the backward step
    wait_idle(page)
    page.keyboard.press("ArrowRight")  # the keys belong to the training buttons: one optimiser step
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stMetric']")]
            .some(m => m.innerText.includes('Training step') &&
                  m.querySelector("[data-testid='stMetricValue']").innerText.trim() === '1')""",
        timeout=20_000,
    )
    wait_idle(page)
    assert page.evaluate(REACHED) == 1  # new weights, new views, and the backward step the person chose
    assert page.locator("[data-testid='stException']").count() == 0
