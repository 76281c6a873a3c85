"""The explorer page's costs; prints tables.

    python bench/explorer.py             # server side (AppTest): first load, a rerun, building every step's views
    python bench/explorer.py --browser   # in Chromium (1280x800): first visit, and key press -> paint per step

Stepping happens in the browser (ui/components/stepper): a step costs no server run, so the server-side table
times what a sequence costs once (its views for every step, ``views ms``), and the browser table times what a
person waits for. Key -> paint is measured inside the page, from the ``keydown`` event (a capturing listener on
window, before the stepper's) to the animation frame after the diagram shows the new step.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from streamlit.testing.v1 import AppTest  # noqa: E402

from rnn_core.engine.zoo import train  # noqa: E402
from rnn_core.explain import step_terms  # noqa: E402
from rnn_core.tasks import TASK_IDS, get_task  # noqa: E402
from viz import scene, steps  # noqa: E402
from viz.bars import prob_bars  # noqa: E402
from viz.heatmaps import history_heatmap  # noqa: E402
from viz.unrolled import unrolled_figure  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOAL_MS, LATER_MS = 100, 50


def views_work(task, net, example) -> None:
    """What the explorer builds once per sequence: every step's diagram, bars, history and arithmetic as a scene."""
    replay = net.replay(example.inputs)
    labels = list(example.x_labels)
    T = example.T
    scene.scene([unrolled_figure(replay.trace.h, k, labels, list(example.y_labels)) for k in range(T)], "d")
    scene.scene([history_heatmap(replay.trace.h, k, labels) for k in range(T)], "h")
    if task.loss == "ce":
        scene.scene([prob_bars(replay.probs[k], list(task.classes)) for k in range(T)], "p")
    terms = [step_terms(net.params, s) for s in replay.trace.steps]
    steps.arithmetic(net.params.kind, labels, terms, replay.trace.steps, replay.logits)


def server_side():
    print(f"{'task':<8} {'arch':<5} {'T':>3} {'first load s':>13} {'rerun ms':>9} {'views ms':>9}")
    for task_id in TASK_IDS:
        task = get_task(task_id)
        for arch in ("rnn", "lstm", "gru"):
            at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=120)
            at.query_params.update(seq=task_id, arch=arch)
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            at.run()
            rerun = time.perf_counter() - t0
            net = train(task, arch, task.default_units, 0).net
            t0 = time.perf_counter()
            views_work(task, net, task.default)
            views = time.perf_counter() - t0
            print(f"{task_id:<8} {arch:<5} {task.default.T:>3} {first:13.2f} {1e3 * rerun:9.0f} {1e3 * views:9.0f}")
    print("a step runs nothing on the server; views are built once per sequence (and cached), a rerun on a widget")


# --- in the browser -------------------------------------------------------------------------------------------

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
STEP = """() => { const b = [...document.querySelectorAll('.st-key-ex_diagram [data-name^="header-"]')]
  .filter(el => el.getBoundingClientRect().width > 0 && el.querySelector('tspan[font-weight="bold"]'))
  .map(el => +el.textContent.trim().slice(2)); return b.length === 1 ? b[0] : null; }"""
TIMER = """() => { window.__kd = 0;
  window.addEventListener('keydown', () => { window.__kd = performance.now(); }, true); }"""
ARM = (
    "(want) => { window.__p = new Promise(done => { const step = " + STEP + ";\n"
    "  const tick = () => step() === want ? requestAnimationFrame(() => done(performance.now() - window.__kd))\n"
    "                                     : requestAnimationFrame(tick);\n"
    "  tick(); }); }"
)


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def open_page(browser, url: str) -> tuple[object, float]:
    """A new tab at ``url``; seconds until the diagram, the run's end and the step's arithmetic are all there."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".st-key-ex_diagram .unr-fig", timeout=120_000)
    page.wait_for_timeout(100)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_selector(".st-key-ex_math .katex", timeout=60_000)
    return page, time.perf_counter() - t0


def browser_side(presses: int = 20) -> None:
    from playwright.sync_api import sync_playwright

    proc, url = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            print(f"{'first visit (warm server)':<44} {'median s':>9} {'min s':>7}")
            for link in ("/", "/?seq=words", "/?seq=words&text=" + "+".join(["Toulouse"] * 60)):
                open_page(browser, url + link)[0].context.close()  # trains the model, fills the caches
                times = []
                for _ in range(3):
                    page, took = open_page(browser, url + link)
                    times.append(took)
                    page.context.close()
                print(f"{link[:44]:<44} {statistics.median(times):9.2f} {min(times):7.2f}")
            page, _ = open_page(browser, url + "/?seq=words")
            page.wait_for_timeout(1500)  # let the page settle (the other steps' arithmetic is typeset when idle)
            page.evaluate(TIMER)
            t, T, lat = page.evaluate(STEP), 15, []
            for _ in range(presses):
                key, want = ("ArrowRight", t + 1) if t < T else ("Home", 1)
                page.evaluate(ARM, want)
                page.keyboard.press(key)
                lat.append(page.evaluate("() => window.__p"))
                t = want
                page.wait_for_timeout(120)
            med = statistics.median(lat)
            verdict = "meets" if med <= LATER_MS else ("meets the first goal" if med <= GOAL_MS else "MISSES")
            print(f"key -> paint on /?seq=words, {presses} presses: median {med:.0f} ms, max {max(lat):.0f} ms")
            print(f"goal <= {GOAL_MS} ms, later <= {LATER_MS} ms: {verdict}")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    browser_side() if "--browser" in sys.argv else server_side()
