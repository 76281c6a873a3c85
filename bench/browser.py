"""What a person at the keyboard sees, timed in Debian's Chromium driven by Playwright (1280x800).

    python bench/browser.py            # fresh server: start -> first diagram; Right arrow latency; 10 quick presses

The highlighted step is read from the DOM: the one bold ``t=N`` column header of the diagram that is drawn (plotly
draws ``<b>t=3</b>`` as a bold tspan; hidden elements, e.g. other steps' layers of a pre-drawn scene, do not count).
The search starts at the diagram's container (``st.plotly_chart(key="diagram")``, or an element keyed
``ex_diagram``) and walks into open shadow roots, so it also finds a diagram drawn by a Components v2 element.
A key press is timed inside the page, from the ``keydown`` event (a capturing listener on window, which runs before
the app's own) to the first moment the DOM shows the new step (checked on every DOM mutation and every animation
frame).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.server import AppServer, wait_http  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
DIAGRAM = ".st-key-ex_diagram, .st-key-w_diagram"  # the stepper's diagram on the explorer or on /window
LINK = "/?seq=words"  # the fluent sentence: 15 steps, room for 10 presses in a row

HIGHLIGHT_JS = """
window.__unrolledStep = (sel) => {
  const host = document.querySelector(sel);
  if (!host) return null;
  const roots = [host];
  if (host.shadowRoot) roots.push(host.shadowRoot);
  for (const el of host.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  const found = [];
  let last = 0;
  for (const root of roots) {
    for (const el of root.querySelectorAll('text')) {
      const s = el.textContent.trim();
      if (!/^t=\\d+$/.test(s)) continue;
      last = Math.max(last, parseInt(s.slice(2), 10));
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;  // not drawn (display: none)
      const bold = [el, ...el.querySelectorAll('tspan')].some(x => {
        const w = getComputedStyle(x).fontWeight;
        return w === 'bold' || parseInt(w, 10) >= 600;
      });
      if (bold) found.push(parseInt(s.slice(2), 10));
    }
  }
  window.__unrolledLast = last;
  return found.length === 1 ? found[0] : null;
};
"""

ARM_JS = """
([sel, target]) => {
  const rt = window.__rt = {t0: null, t1: null};
  const onKey = (e) => { if (rt.t0 === null && e.key === 'ArrowRight') rt.t0 = performance.now(); };
  window.addEventListener('keydown', onKey, true);
  let mo = null;
  const check = () => {
    if (rt.t1 !== null) return true;
    if (rt.t0 !== null && window.__unrolledStep(sel) === target) {
      rt.t1 = performance.now();
      window.removeEventListener('keydown', onKey, true);
      if (mo) mo.disconnect();
      return true;
    }
    return false;
  };
  mo = new MutationObserver(check);
  mo.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const frame = () => { if (!check()) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
}
"""


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def new_page(browser):
    """A tab in a context of its own (no cache, no cookies shared with other tabs)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(HIGHLIGHT_JS)
    return page


def wait_idle(page, timeout_ms: float = 60_000, settle_ms: float = 300) -> None:
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def step(page) -> int | None:
    return page.evaluate(f"() => window.__unrolledStep({DIAGRAM!r})")


def wait_step(page, t: int, timeout_ms: float = 20_000) -> None:
    page.wait_for_function(f"() => window.__unrolledStep({DIAGRAM!r}) === {t}", timeout=timeout_ms)


def open_diagram(page, url: str, timeout_ms: float = 120_000) -> None:
    page.goto(url)
    page.wait_for_function(f"() => window.__unrolledStep({DIAGRAM!r}) !== null", timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def start_to_first_diagram(browser) -> dict:
    """Seconds from starting a fresh ``streamlit run app.py`` to the explorer's diagram in Chromium (the browser
    is already running; the page is opened as soon as the server answers its health check)."""
    server = AppServer()
    try:
        server.start(wait=False)
        if not wait_http(f"{server.url}/_stcore/health", server.startup_timeout, server.proc):
            raise RuntimeError("streamlit did not start:\n" + server.log_text()[-2000:])
        ready = time.perf_counter() - server.started_at
        page = new_page(browser)
        page.goto(server.url)
        page.wait_for_function(f"() => window.__unrolledStep({DIAGRAM!r}) !== null", timeout=120_000)
        total = time.perf_counter() - server.started_at
        page.close()
        page = new_page(browser)  # the same in a new tab (its own context: nothing cached) on the now warm server
        t0 = time.perf_counter()
        page.goto(server.url)
        page.wait_for_function(f"() => window.__unrolledStep({DIAGRAM!r}) !== null", timeout=120_000)
        again = time.perf_counter() - t0
        page.close()
        return {"seconds": total, "server_ready": ready, "warm_tab": again}
    finally:
        server.stop()


def right_arrow_ms(page, url: str, n: int = 20) -> list[float]:
    """``n`` Right presses on ``url``, one at a time; ms from keydown to the diagram showing the next step.
    At the last step, Home (not timed) goes back to the first."""
    open_diagram(page, url)
    times = []
    while len(times) < n:
        t = step(page)
        if t is None:
            raise RuntimeError("no highlighted step in the diagram")
        if t >= page.evaluate("() => window.__unrolledLast"):
            page.keyboard.press("Home")
            wait_step(page, 1)
            wait_idle(page)
            continue
        page.evaluate(ARM_JS, [DIAGRAM, t + 1])
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.__rt.t1 !== null", timeout=20_000)
        times.append(page.evaluate("() => window.__rt.t1 - window.__rt.t0"))
        wait_idle(page, settle_ms=150)
    return times


def burst(page, url: str, presses: int = 10, settle_s: float = 3.0) -> dict:
    """``presses`` Right presses with no wait between them, from step 1; how many steps the diagram advanced once
    everything settled, and what the URL says."""
    open_diagram(page, url)
    start = step(page)
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:  # settled: the same step for settle_s, and no run in progress
        now = step(page)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= settle_s and page.locator(IDLE).count():
            break
        page.wait_for_timeout(100)
    url_t = page.evaluate("() => new URL(location.href).searchParams.get('t')")
    return {"start": start, "end": last, "advanced": (last or 0) - (start or 0), "url_t": url_t}


def main():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        first = start_to_first_diagram(browser)
        print(
            f"streamlit run -> first diagram: {first['seconds']:.2f} s (server ready {first['server_ready']:.2f} s; "
            f"a new tab on the warm server: {first['warm_tab']:.2f} s)"
        )
        with AppServer() as server:
            page = new_page(browser)
            times = right_arrow_ms(page, server.url + LINK)
            print(f"Right -> redrawn, {LINK}, median of {len(times)}: {statistics.median(times):.0f} ms")
            print("  " + " ".join(f"{t:.0f}" for t in times))
            b = burst(new_page(browser), server.url + LINK)
            print(
                f"10 Right presses, no wait: {b['advanced']} steps advanced "
                f"({b['start']} -> {b['end']}, url t={b['url_t']})"
            )
        browser.close()


if __name__ == "__main__":
    main()
