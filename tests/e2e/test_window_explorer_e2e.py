"""In a real browser: the explorer's fixed-window model (arch=window) steps with the keys, its window frame slides
along the inputs, and the link reopens window and k."""

from tests.e2e.conftest import open_explorer, shown, shown_step, wait_for_shown

FRAME = """() => {
  const seen = [...document.querySelectorAll('.st-key-ex_diagram [data-name="window-frame"]')]
    .filter(el => el.getBoundingClientRect().width > 0);
  return seen.map(el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; });
}"""


def test_stepping_slides_the_window_frame(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_explorer(page, f"{app_url}/?seq=video&arch=window&k=3")
    assert shown_step(page) == 1
    edges = []
    for t in range(1, 5):
        if t > 1:
            page.keyboard.press("ArrowRight")
            wait_for_shown(page, t)
        (frame,) = page.evaluate(FRAME)
        edges.append(frame)
        assert shown(page)["math"][0].startswith(f"Step t = {t}: input x_{t} = ")
    rights = [r for _, r in edges]
    steps = [b - a for a, b in zip(rights, rights[1:], strict=False)]
    assert all(s > 20 for s in steps) and max(steps) - min(steps) < 2  # one column to the right per step
    assert edges[3][0] > edges[0][0]  # the left edge moves too, once the window is past the zeros
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_link_reopens_window_and_k(page, app_url):
    open_explorer(page, f"{app_url}/?seq=chars&arch=window&k=2&t=3")
    assert shown_step(page) == 3
    assert (
        page.locator(".st-key-ex_diagram [data-name^='fan-']").evaluate_all(
            "els => els.filter(el => el.getBoundingClientRect().width > 0).length"
        )
        == 2
    )
    assert page.get_by_text("Window size k").first.is_visible()


def test_the_cnn_maps_step_with_the_diagram(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_explorer(page, f"{app_url}/?seq=caption&arch=gru&enc=cnn")
    seen = """() => [...document.querySelectorAll('.st-key-ex_maps [data-name]')]
        .filter(el => el.getBoundingClientRect().width > 0).map(el => el.getAttribute('data-name'))"""
    page.wait_for_selector(".st-key-ex_maps .unr-fig", timeout=20_000)
    assert "title-2" in page.evaluate(seen)  # step 1 reads the image: its maps
    page.keyboard.press("ArrowRight")
    wait_for_shown(page, 2)
    assert "no-image" in page.evaluate(seen)  # step 2 reads a word: no image for the CNN
    assert page.locator(".st-key-ex_diagram [data-name='encoder-0']").count() >= 1
