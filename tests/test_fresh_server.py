"""A class opens its links at once on a just-started server: a real ``streamlit run app.py`` on a free loopback port,
driven by headless websocket sessions (``bench/wsclient.py``), no browser.

Each test starts its own server, so the first runs really are the server's first: the imports of app.py, the shared
model store and the caches all begin empty. Timings are not asserted here (bench/run.py prints them).
"""

import asyncio
import threading

import pytest

from bench.classroom import MIXED
from bench.server import AppServer
from bench.wsclient import open_one, open_together

pytestmark = pytest.mark.full  # real servers, started one a test
TITLES = {"/": "Unroll an RNN", "/training": "Watch it learn", "/window": "Fixed window vs RNN: I speak fluent ___"}
RUN_TIMEOUT = 90  # seconds any one page may take on a busy 2-core machine


@pytest.fixture
def server():
    with AppServer() as s:
        yield s


def in_own_loop(coro):
    """Run ``coro`` on a fresh event loop in its own thread: Playwright's e2e fixtures may have left an event loop
    running in this one, and asyncio.run refuses to nest."""
    out = {}

    def run():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as e:  # re-raised in the test's thread
            out["error"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def report(runs, server) -> str:
    bad = [f"{r.what}: {r.errors()}" for r in runs if not r.ok]
    return "\n".join(bad) + "\n--- server log (tail) ---\n" + server.log_text()[-3000:]


def test_ten_mixed_links_at_once_on_a_fresh_server(server):
    runs = in_own_loop(open_together(server.port, MIXED, timeout=RUN_TIMEOUT))
    assert [r.ok for r in runs] == [True] * len(MIXED), report(runs, server)
    assert "Traceback" not in server.log_text(), server.log_text()[-3000:]
    # Every session got the page its link names, drawn to the end.
    for link, r in zip(MIXED, runs, strict=True):
        title = TITLES[link.split("?")[0]]
        assert title in r.texts, f"{link}: no heading {title!r}"
        assert r.charts, f"{link}: no chart"


def test_eight_sessions_get_the_same_step_0_model_as_one_alone(server):
    link = "/training?seq=chars&seed=0"
    together = in_own_loop(open_together(server.port, [link] * 8, timeout=RUN_TIMEOUT))
    alone = in_own_loop(open_one(server.port, link, timeout=RUN_TIMEOUT))
    assert alone.ok and all(r.ok for r in together), report([*together, alone], server)
    want = alone.metrics["Training loss"]
    got = [r.metrics.get("Training loss") for r in together]
    assert got == [want] * 8, f"step-0 training loss alone {want}, together {got}"
    differ = [sorted(k for k in alone.specs if r.specs.get(k) != alone.specs[k]) for r in together]
    assert differ == [[]] * 8, f"charts that differ from the lone session's, per session: {differ}"
