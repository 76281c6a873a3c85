"""In a real browser: every task in the catalogue opens in the explorer, steps once, and shows what it offers
(its media: a player, a trace, frames, a picture)."""

import pytest

from rnn_core.tasks import TASK_IDS, get_task
from tests.e2e.conftest import shown_step, wait_for_shown, wait_idle

MEDIA = {"audio": "audio", "trace": ".main-svg", "frames": ".main-svg", "image": "img, .main-svg"}


@pytest.mark.parametrize("seq", TASK_IDS)
def test_every_task_opens_and_steps(page, app_url, seq):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?seq={seq}")
    page.wait_for_selector(".st-key-ex_diagram .unr-fig", timeout=120_000)
    wait_idle(page)
    assert shown_step(page) == 1
    page.keyboard.press("ArrowRight")
    wait_for_shown(page, 2)
    task = get_task(seq)
    if task.media:
        page.wait_for_selector(MEDIA[task.media], timeout=20_000)  # the media draws after the diagram under load
    assert page.locator("[data-testid='stException']").count() == 0
