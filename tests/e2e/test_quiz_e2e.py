"""In a real browser: a scenario on /quiz answered with the keyboard alone (1-4 the network, 5-8 the mapping, L/M/H
how sure, Enter to check, Right to go on), the feedback with its unrolled picture, and the next question."""

from rnn_core import mappings
from rnn_core.lessons import bank
from tests.e2e.conftest import wait_idle

BANK = {s.id: s for s in bank.load_bank()}
QUESTION = "[data-testid='stMarkdownContainer'] h5"  # the scenario, in its box


def press(page, key: str) -> None:
    page.keyboard.press(key)
    wait_idle(page)


def question(page) -> str:
    return page.locator(QUESTION).first.inner_text().strip()


def test_a_scenario_answered_with_the_keyboard(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/quiz?seed=7")
    page.wait_for_selector(".st-key-qz_net_rnn button", timeout=120_000)
    wait_idle(page)
    first, second = (BANK[i] for i in bank.order(list(BANK.values()), 7)[:2])
    assert question(page) == first.scenario
    page.locator("h1").first.click()  # the keys go to the page, not to a box
    press(page, str(bank.NETWORKS.index(first.network) + 1))
    page.wait_for_selector(f".st-key-qz_net_{first.network} button[kind='primary']", timeout=20_000)
    if first.network in bank.RECURRENT:
        press(page, str(mappings.MAPPINGS.index(first.mapping) + 5))
        page.wait_for_selector(f".st-key-qz_map_{first.mapping} button[kind='primary']", timeout=20_000)
    press(page, "h")
    page.wait_for_selector(".st-key-qz_sure_high button[kind='primary']", timeout=20_000)
    press(page, "Enter")
    alert = page.locator("[data-testid='stAlertContentSuccess']")
    alert.wait_for(timeout=20_000)
    assert "Right: " in alert.inner_text() and "Certainty mark: +3" in alert.inner_text()
    page.wait_for_selector(".st-key-qz_fig .main-svg", timeout=20_000)
    assert "1 right of 1 answered" in page.locator("[data-testid='stProgress']").inner_text()
    press(page, "ArrowRight")
    page.wait_for_function(
        "(q) => [...document.querySelectorAll('h5')].some(h => h.innerText.trim() === q)",
        arg=second.scenario,
        timeout=20_000,
    )
    assert question(page) == second.scenario
    assert page.locator(".st-key-qz_net_rnn button[kind='primary']").count() == 0  # the picks are cleared
    assert "seed=7" in page.url and "mode=scenarios" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
