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


BOLD_HEADERS = """() => [...document.querySelectorAll('.st-key-diagram .main-svg text')]
    .filter(el => /^t=\\d+$/.test(el.textContent.trim()))
    .filter(el => [...el.querySelectorAll('tspan')].some(ts => /bold/.test(ts.getAttribute('style') || '')))
    .map(el => el.textContent.trim())"""


def highlighted_step(page) -> int:
    """The bold column header (plotly draws "<b>t=3</b>" as a bold tspan) of the rendered diagram."""
    found = page.evaluate(BOLD_HEADERS)
    assert len(found) == 1, f"expected one highlighted column header, found {found}"
    return int(re.fullmatch(r"t=(\d+)", found[0]).group(1))


def wait_for_step(page, t: int) -> None:
    """The URL says t and the diagram has redrawn with column t highlighted (the URL can change first)."""
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('t') === '{t}'", timeout=20_000)
    page.wait_for_function(
        f"() => {{ const b = ({BOLD_HEADERS})(); return b.length === 1 && b[0] === 't={t}'; }}", timeout=20_000
    )
