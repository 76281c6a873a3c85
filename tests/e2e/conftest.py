"""End-to-end: the real app served on localhost, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``e2e`` (``pytest -m "not e2e"`` runs the rest); skip them locally when
    there is no Chromium, and refuse to run without it under CI."""
    here = [item for item in items if pathlib.Path(item.fspath).is_relative_to(ROOT / "tests" / "e2e")]
    for item in here:
        item.add_marker(pytest.mark.e2e)
    if os.path.exists(CHROMIUM) or not here:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} for the e2e tests (apt-get install -y chromium)")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; apt-get install -y chromium")
    for item in here:
        item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script run started by the last action has finished."""
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE, timeout=timeout)


EXPLORER = ".st-key-ex_diagram .unr-fig"  # the explorer's diagram, drawn


def open_explorer(page, url: str) -> None:
    """Open the explorer at ``url`` and wait until its diagram and its arithmetic are drawn."""
    page.goto(url)
    page.wait_for_selector(EXPLORER, timeout=120_000)
    wait_idle(page)
    page.wait_for_selector(".st-key-ex_math .katex", timeout=20_000)


# --- the stepper (ui/components/stepper): what it shows is drawn by the browser, not by a run ---

SHOWN = """(key) => {
  const seen = (el) => el.getBoundingClientRect().width > 0;  // hidden steps sit in display:none groups
  const bold = [...document.querySelectorAll(`.st-key-${key} [data-name^="header-"]`)]
    .filter(el => seen(el) && el.querySelector('tspan[font-weight="bold"]')).map(el => el.textContent.trim());
  const texts = (sel) => [...document.querySelectorAll(sel)].filter(seen).map(el => el.textContent.trim());
  return { bold, title: texts('.st-key-ex_output [data-name=title]'), math: texts('.st-key-ex_math .unr-html > div') };
}"""


def shown(page, key: str = "ex_diagram") -> dict:
    """What a stepper diagram shows (its bold column header(s)), and on the explorer the bars' title and the
    math's heading."""
    return page.evaluate(SHOWN, key)


def shown_step(page, key: str = "ex_diagram") -> int:
    """The highlighted step of a stepper diagram (its one bold "t=N" header)."""
    bold = shown(page, key)["bold"]
    assert len(bold) == 1, f"expected one highlighted column header, found {bold}"
    return int(re.fullmatch(r"t=(\d+)", bold[0]).group(1))


def wait_for_shown(page, t: int, key: str = "ex_diagram") -> None:
    """The stepper diagram shows step t and the URL says t."""
    page.wait_for_function(
        f"""(key) => {{ const b = ({SHOWN})(key).bold; return b.length === 1 && b[0] === 't={t}'
            && new URL(location.href).searchParams.get('t') === '{t}'; }}""",
        arg=key,
        timeout=20_000,
    )


def visible_texts(page, selector: str) -> list[str]:
    """The text of the elements matching ``selector`` that the page shows (a stepper keeps its other steps
    hidden)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].filter(el => el.getBoundingClientRect().width > 0)
            .map(el => el.textContent.trim())""",
        selector,
    )


def track_messages(page) -> list:
    """The times (``time.monotonic()``) of every message the page sends the server from now on (attach before
    ``page.goto``). Each script run, full or fragment, starts with one; a quick run may never show as "running"
    in the page, so runs are counted here."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(time.monotonic())))
    return sent


def wait_until(page, condition, timeout: float = 10_000) -> None:
    """Poll ``condition()`` (Python) while the page keeps running, up to ``timeout`` ms."""
    for _ in range(int(timeout / 50)):
        if condition():
            return
        page.wait_for_timeout(50)
    assert condition(), "timed out"


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package.json, installed by `npm ci`
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.0 and 2.1, levels A and AA


def axe_violations(page) -> list[str]:
    """What axe-core finds against WCAG 2.1 AA on the page as it is now, one line per rule and element."""
    if not AXE.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"CI needs axe-core at {AXE}: run `npm ci`")
        pytest.skip("no axe-core: run `npm ci`")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                     resultTypes: ['violations']}))
            .violations.flatMap(v => v.nodes.map(n =>
                `${v.id} (${v.impact}): ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\\s+/g, ' ')}`))""",
        WCAG_AA,
    )
    return [line[:400] for line in found]
