"""A class on the app, as websocket sessions (``bench/wsclient.py``): rerun load, open-and-close waves, memory.

Every loop here is bounded in count and in time, and only ever talks to the port it is given on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import numpy as np

from bench.wsclient import Run, Session

# The links of a class, one per student (tests/test_fresh_server.py opens them at once on a fresh server).
MIXED = [
    "/",
    "/?arch=gru",
    "/?seq=scalar",
    "/?seq=words",
    "/training",
    "/training?seq=chars&arch=lstm",
    "/window",
    "/?arch=lstm&t=3",
    "/training?seq=scalar",
    "/?seq=chars&units=4",
]


@dataclass
class Load:
    """What a rerun load saw: every rerun's seconds, and every run that went wrong."""

    sessions: int
    seconds: float
    opened: list[Run] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def p(self, q: float) -> float:
        return float(np.percentile(self.reruns, q)) * 1e3 if self.reruns else float("nan")

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions, {len(self.reruns)} reruns in {self.seconds:.0f} s: p50 {self.p(50):.0f} ms, "
            f"p95 {self.p(95):.0f} ms, max {self.p(100):.0f} ms; {len(self.errors)} errors"
        )


async def rerun_load(
    port: int,
    links: list[str],
    *,
    every: float = 2.0,
    seconds: float = 60.0,
    timeout: float = 60.0,
    headers: Callable[[int], dict] | None = None,
    action: Callable[[Session, int], Awaitable[Run]] | None = None,
    seed: int = 0,
) -> Load:
    """``len(links)`` sessions: each connects and opens its link, and once every one has, each asks for a full rerun
    of its page (or ``action(session, tick)``) every ``every`` seconds for ``seconds`` (first ticks spread at random
    over one interval; a rerun slower than ``every`` is followed by the next at once). The opens are kept apart from
    the reruns."""
    rnd = random.Random(seed)
    offsets = [rnd.uniform(0, every) for _ in links]
    load = Load(len(links), seconds)
    sessions = [Session(port, timeout=timeout, headers=headers(i) if headers else None) for i in range(len(links))]
    arrived = [0]
    all_in = asyncio.Event()

    async def student(i: int, s: Session, link: str) -> None:
        ok = False
        try:
            await s.connect()
            run = await s.open(link)
            load.opened.append(run)
            ok = run.ok
            if not ok:
                load.errors.append(f"{run.what}: {run.errors()}")
        except Exception as e:  # a refused or broken connection is a result here, not a crash
            load.errors.append(f"{link} open: {type(e).__name__}: {e}")
        finally:
            arrived[0] += 1
            if arrived[0] == len(links):
                all_in.set()
        await all_in.wait()
        start = time.perf_counter()
        tick, end, n = start + offsets[i], start + seconds, 0
        while ok and tick < end:
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            run = await (action(s, n) if action else s.rerun())
            n += 1
            if run.ok:
                load.reruns.append(run.seconds)
            else:
                load.errors.append(f"{link} rerun: {run.errors()}")
                ok = run.status != "closed"
            tick = max(tick + every, time.perf_counter())

    try:
        students = (student(i, s, link) for i, (s, link) in enumerate(zip(sessions, links, strict=True)))
        await asyncio.wait_for(asyncio.gather(*students), 2 * timeout + seconds + 30)
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    return load


STEP_KEYS = ("tr_step",)  # /training's optimiser step (stepping through time happens in the browser)


async def step_or_rerun(s: Session, tick: int) -> Run:
    """What a student does every few seconds: on /training one optimiser step on even ticks (a fragment rerun; the
    session's history grows), a full rerun on odd ones. A step through time costs the server nothing (it happens in
    the browser), so on the other pages every tick is a full rerun."""
    key = next((k for k in STEP_KEYS if k in s.widgets), None)
    return await (s.click(key) if key and tick % 2 == 0 else s.rerun())


async def open_and_close(port: int, links: list[str], n: int, *, concurrency: int = 10, timeout: float = 60.0) -> list:
    """Open ``n`` sessions (cycling through ``links``), ``concurrency`` at a time, each closed once its page has
    run; the errors."""
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with sem:
            link = links[i % len(links)]
            try:
                async with Session(port, timeout=timeout) as s:
                    run = await s.open(link)
                if not run.ok:
                    errors.append(f"{run.what}: {run.errors()}")
            except (OSError, TimeoutError) as e:
                errors.append(f"{link}: {type(e).__name__}: {e}")

    await asyncio.gather(*(one(i) for i in range(n)))
    return errors


class MemoryWatch:
    """Samples a process's RSS every ``every`` seconds in a thread, between ``start()`` and ``stop()``."""

    def __init__(self, rss: Callable[[], float], every: float = 0.5):
        self.rss, self.every = rss, every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.perf_counter()
        while not self._stop.is_set():
            self.samples.append((time.perf_counter() - t0, self.rss()))
            self._stop.wait(self.every)

    def start(self) -> MemoryWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def peak(self) -> float:
        return max((mb for _, mb in self.samples), default=float("nan"))
