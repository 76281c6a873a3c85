"""Measure the app as a class uses it: one command, one markdown table, every figure beside its goal.

    python bench/run.py            # everything, about 15 minutes (a 5-minute soak and the 2-process proxy run)
    python bench/run.py --quick    # no soak and no proxy run, shorter loops: about 3-4 minutes
    python bench/run.py --only lessons30 load30    # those rows only, printed (RESULTS.md untouched)

Prints the table on stdout (progress goes to stderr) and writes it to bench/RESULTS.md with the date, the machine
(cores, RAM, load) and the versions, followed by the details behind each figure. Every server is a real
``streamlit run app.py`` on a free 127.0.0.1 port, started fresh where a figure says "fresh" or "cold" (so one
figure's caches never help another's); sessions are websocket clients (bench/wsclient.py) or Debian's Chromium
(bench/browser.py); the proxy run uses nginx (bench/serve_multi.py). Timings live here, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.classroom import MIXED, MemoryWatch, open_and_close, rerun_load, step_or_rerun  # noqa: E402
from bench.server import ROOT, AppServer  # noqa: E402
from bench.wsclient import Run, open_one, open_together  # noqa: E402

TRAINING_LINK = "/training?seq=chars&seed=0"
SEEDS = range(5101, 5109)
PAGES = ["/", "/window", "/training"]
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
PASS, FAIL, INFO = "✅ pass", "❌ FAIL", "–"


@dataclass
class Row:
    what: str
    goal: str
    result: str = "not measured"
    mark: str = FAIL
    details: list[str] = field(default_factory=list)
    load: float | None = None  # the machine's 1-minute load average when the figure was taken (it is shared)

    def set(self, result: str, ok: bool | None, *details: str) -> None:
        self.result, self.mark = result, (INFO if ok is None else PASS if ok else FAIL)
        self.details += [d for d in details if d]


ROWS = {
    "rng_training": Row(
        f"8 sessions open `{TRAINING_LINK}` together: step-0 training loss identical to a lone session", "8 of 8"
    ),
    "rng_explorer": Row(
        "8 explorer models for new seeds trained at the same time (`/?seq=chars&seed=5101` … `5108`) equal the same "
        "seeds trained one at a time (every chart and panel the page draws, and its held-out accuracy)",
        "8 of 8",
    ),
    "mixed": Row("10 mixed links on a just-started server", "0 errors"),
    "right": Row(
        "Right arrow → diagram redrawn at the new step, Chromium 1280x800 (`/?seq=words`), median of 20",
        "≤ 100 ms (stretch 50)",
    ),
    "right_window": Row(
        "Right arrow → /window's unrolled diagram redrawn at the new step, Chromium 1280x800, median of 12",
        "≤ 100 ms (stretch 50)",
    ),
    "burst": Row("Right presses while a step is still drawing: 10 presses with no wait", "10 steps advanced"),
    "load30": Row(
        "30 sessions each rerunning the explorer (`/`, full rerun) every 2 s: p95 of rerun time, errors",
        "≤ 300 ms, 0 errors",
    ),
    "lessons30": Row(
        "30 sessions rerunning every 2 s on the lessons (15 on `/tour`, stops 1-13; 15 on `/quiz`, every mode): p95 of "
        "rerun time, errors; and a warm first open of `/quiz` (median of 5 new sessions)",
        "≤ 300 ms, 0 errors; ≤ 1 s",
    ),
    "start": Row("`streamlit run app.py` → first diagram visible in Chromium, fresh process (median of 3)", "≤ 4 s"),
    "window": Row(
        "First visit of /window (cold server): time to the answers chart; and 10 sessions arriving together: how many "
        "see a progress bar while waiting",
        "≤ 3 s; 10 of 10 see progress",
    ),
    "core": Row("numpy replay vs torch forward ratio (bench/core.py, T=100, units=64), worst cell", "≤ 3x"),
    "pages": Row(
        "First-visit time of every page (/, /window, /training), cold (fresh server) and warm", "≤ 4 s cold, ≤ 1 s warm"
    ),
    "soak": Row(
        "Soak memory: RSS of the server at start, after warm-up, peak and end, through 200 sessions opened and closed "
        "and 30 sessions for 5 minutes",
        "end within 20% of the level after warm-up",
    ),
    "proxy": Row(
        "60 sessions on 2 processes behind a sticky proxy (nginx, bench/serve_multi.py): p95 rerun, errors",
        "report; ≤ 300 ms",
    ),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def together(port: int, links: list[str], **kw) -> list[Run]:
    return asyncio.run(open_together(port, links, **kw))


def alone(port: int, link: str) -> Run:
    return asyncio.run(open_one(port, link))


def bad(runs: list[Run]) -> list[str]:
    return [f"{r.what}: {'; '.join(r.errors())[:300]}" for r in runs if not r.ok]


def ms(x: float) -> str:
    return f"{x * 1e3:.0f} ms"


# --- the figures ----------------------------------------------------------------------------------------------------


def mixed_links() -> None:
    with AppServer() as srv:
        t0 = time.perf_counter()
        runs = together(srv.port, MIXED)
        wall = time.perf_counter() - t0
        errors = bad(runs) + (["Traceback in the server log"] if "Traceback" in srv.log_text() else [])
    slowest = max(runs, key=lambda r: r.seconds)
    ROWS["mixed"].set(
        f"{len(errors)} errors (all 10 pages done in {wall:.1f} s)",
        not errors,
        f"mixed links: slowest {slowest.what} {slowest.seconds:.1f} s" + "".join(f"; {e}" for e in errors),
    )


def concurrent_models() -> dict[int, Run]:
    """Row rng_training, and the explorer's new seeds opened together (compared later with one at a time)."""
    with AppServer() as srv:
        runs = together(srv.port, [TRAINING_LINK] * 8)
        lone = alone(srv.port, TRAINING_LINK)
        want = lone.metrics.get("Training loss")
        got = [r.metrics.get("Training loss") for r in runs]
        same = sum(g == want and g is not None for g in got)
        ROWS["rng_training"].set(
            f"{same} of 8 (alone {want}; together {', '.join(map(str, got))})",
            same == 8,
            "; ".join(bad([*runs, lone])),
        )
        seeds = together(srv.port, [f"/?seq=chars&seed={s}" for s in SEEDS])
        return dict(zip(SEEDS, seeds, strict=True))


def view(r: Run) -> tuple | None:
    """What the explorer shows of its model: every chart and stepper panel (the diagram with the output
    probabilities, the bars, the history, the weights) and the held-out accuracy caption; None if it drew none."""
    caption = next((t for t in r.texts if t.startswith("Model trained with seed")), None)
    return (tuple(sorted(r.specs.items())), caption) if r.specs and caption else None


def pages_cold_warm(concurrent: dict[int, Run] | None) -> None:
    cold, warm, errors = {}, {}, []
    answers = None
    for page in PAGES:
        with AppServer() as srv:
            r = alone(srv.port, page)
            cold[page] = r.seconds
            errors += bad([r])
            if page == "/window":
                answers = r.charts.get("answers")
            runs = [alone(srv.port, page) for _ in range(3)]
            warm[page] = statistics.median(x.seconds for x in runs)
            errors += bad(runs)
            if page == "/" and concurrent:
                one_by_one = {s: alone(srv.port, f"/?seq=chars&seed={s}") for s in SEEDS}
                same = sum(
                    view(one_by_one[s]) is not None and view(concurrent[s]) == view(one_by_one[s]) for s in SEEDS
                )
                diff = [s for s in SEEDS if view(concurrent[s]) != view(one_by_one[s])]
                ROWS["rng_explorer"].set(
                    f"{same} of 8" + (f" (differ: seeds {diff})" if diff else ""),
                    same == 8,
                    "; ".join(bad([*concurrent.values(), *one_by_one.values()])),
                )
    ok = all(v <= 4 for v in cold.values()) and all(v <= 1 for v in warm.values()) and not errors
    ROWS["pages"].set(
        "cold "
        + ", ".join(f"{p} {cold[p]:.1f} s" for p in PAGES)
        + "; warm "
        + ", ".join(f"{p} {ms(warm[p])}" for p in PAGES),
        ok,
        "first visits: one session alone, from asking for the page to the end of its run; warm is the median of 3 "
        "new sessions right after" + "".join(f"; {e}" for e in errors),
    )
    return answers


def window_rows(answers: float | None) -> None:
    with AppServer() as srv:
        runs = together(srv.port, ["/window"] * 10)
    seen = sum(r.showed_progress for r in runs)
    first_chart = [min(r.charts.values(), default=r.seconds) for r in runs]
    dark = [f"{c:.1f} s" for r, c in zip(runs, first_chart, strict=True) if not r.showed_progress]
    bars = [r.first_progress for r in runs if r.showed_progress]
    ok = answers is not None and answers <= 3 and seen == 10 and not bad(runs)
    ROWS["window"].set(
        (f"answers chart after {answers:.1f} s; " if answers is not None else "")
        + f"{seen} of 10 saw progress"
        + (f" ({len(dark)} waited {', '.join(dark)} for a first chart with no bar)" if dark else ""),
        ok,
        f"/window x10 on a cold server: runs took {min(r.seconds for r in runs):.1f}-{max(r.seconds for r in runs):.1f}"
        f" s; first chart after {min(first_chart):.1f}-{max(first_chart):.1f} s"
        + (f"; bars appeared after {min(bars):.1f}-{max(bars):.1f} s" if bars else "")
        + ("; " + "; ".join(bad(runs)) if bad(runs) else ""),
    )


def core_ratio() -> None:
    from bench.core import measure

    t = measure()
    ratios = {k: v["unroll"] / v["torch_fwd"] for k, v in t.items()}
    worst = max(ratios.values())
    ROWS["core"].set(
        f"{worst:.2f}x (" + ", ".join(f"{k} {r:.2f}" for k, r in ratios.items()) + ")",
        worst <= 3,
        "core: best of 20, ms: "
        + "; ".join(f"{k} unroll {v['unroll']:.2f} / torch {v['torch_fwd']:.2f}" for k, v in t.items()),
    )


def browser_rows() -> None:
    from playwright.sync_api import sync_playwright

    from bench import browser as bb

    with sync_playwright() as pw:
        chromium = bb.launch(pw)
        try:
            starts = [bb.start_to_first_diagram(chromium) for _ in range(3)]  # three fresh processes
            first = sorted(starts, key=lambda x: x["seconds"])[1]
            ROWS["start"].set(
                f"{first['seconds']:.1f} s (median of 3 fresh processes: "
                + ", ".join(f"{x['seconds']:.1f}" for x in starts)
                + ")",
                first["seconds"] <= 4,
                f"start (the median one): the server answered its health check after {first['server_ready']:.1f} s; "
                "the rest is the page load and the first run of app.py (imports, the default model); the same page "
                f"in a new tab on the now warm server took {first['warm_tab']:.1f} s",
            )
            with AppServer() as srv:
                times = bb.right_arrow_ms(bb.new_page(chromium), srv.url + bb.LINK, n=20)
                med = statistics.median(times)
                ROWS["right"].set(
                    f"{med:.0f} ms (fastest {min(times):.0f}, slowest {max(times):.0f})",
                    med <= 100,
                    "right arrow, ms from keydown to the DOM showing the step: " + " ".join(f"{t:.0f}" for t in times),
                )
                times = bb.right_arrow_ms(bb.new_page(chromium), srv.url + "/window", n=12)
                med = statistics.median(times)
                ROWS["right_window"].set(
                    f"{med:.0f} ms (fastest {min(times):.0f}, slowest {max(times):.0f})",
                    med <= 100,
                    "/window, right arrow, ms from keydown to the DOM showing the step: "
                    + " ".join(f"{t:.0f}" for t in times),
                )
                b = bb.burst(bb.new_page(chromium), srv.url + bb.LINK, presses=10)
                ROWS["burst"].set(
                    f"{b['advanced']} steps advanced (t {b['start']} → {b['end']}; URL t={b['url_t']})",
                    b["advanced"] == 10,
                )
        finally:
            chromium.close()


def load_and_soak(quick: bool) -> None:
    seconds = 20 if quick else 60
    opened = 50 if quick else 200
    soak_seconds = 0 if quick else 300
    with AppServer() as srv:
        watch = MemoryWatch(srv.rss_mb).start()
        start_mb = srv.rss_mb()
        for link in MIXED:  # warm-up: every page and model the load uses, once
            alone(srv.port, link)
        warm_mb = srv.rss_mb()
        log(f"load: 30 sessions x {seconds} s")
        load = asyncio.run(rerun_load(srv.port, ["/"] * 30, every=2.0, seconds=seconds))
        ROWS["load30"].set(
            f"p95 {load.p(95):.0f} ms, {len(load.errors)} errors ({len(load.reruns)} reruns in {seconds} s)",
            load.p(95) <= 300 and not load.errors,
            "30 sessions: " + load.summary() + ("; " + "; ".join(load.errors[:5]) if load.errors else ""),
        )
        log(f"soak: {opened} sessions opened and closed")
        errors = asyncio.run(open_and_close(srv.port, MIXED, opened))
        if soak_seconds:
            log(f"soak: 30 sessions for {soak_seconds} s")
            soak = asyncio.run(
                rerun_load(srv.port, MIXED * 3, every=2.0, seconds=soak_seconds, action=step_or_rerun, seed=1)
            )
            errors += soak.errors
        time.sleep(10)
        end_mb = srv.rss_mb()
        expired_mb = None
        if not quick:  # closed sessions are kept for reconnection for server.disconnectedSessionTTL (120 s)
            log("soak: waiting for closed sessions to expire (130 s)")
            time.sleep(130)
            alone(srv.port, "/")  # a connect and a disconnect make the session store drop expired sessions
            time.sleep(5)
            expired_mb = srv.rss_mb()
        watch.stop()
    final = expired_mb if expired_mb is not None else end_mb
    growth = final / warm_mb - 1
    what = f"{opened} opened and closed" + (f", 30 for {soak_seconds // 60} min" if soak_seconds else ", no 5-min soak")
    ROWS["soak"].set(
        f"start {start_mb:.0f} MB, after warm-up {warm_mb:.0f} MB, peak {watch.peak:.0f} MB, end {end_mb:.0f} MB"
        + (f", after sessions expired {expired_mb:.0f} MB" if expired_mb is not None else "")
        + f" ({growth:+.0%}; {what})",
        growth <= 0.20 and not errors,
        f"soak: {len(errors)} errors"
        + ("; " + "; ".join(errors[:5]) if errors else "")
        + f"; RSS sampled every 0.5 s, {len(watch.samples)} samples",
    )


def lessons_load(quick: bool) -> None:
    """/tour and /quiz as a class uses them: every stop and every mode, warmed once, then 30 sessions rerunning."""
    from ui.quiz.state import MODES
    from ui.tour.stops import STOPS

    seconds = 20 if quick else 60
    tour = [f"/tour?stop={i % len(STOPS) + 1}" for i in range(15)]
    quiz = [f"/quiz?mode={MODES[i % len(MODES)]}" for i in range(15)]
    with AppServer() as srv:
        for link in dict.fromkeys(tour + quiz):  # warm-up: every view the load uses, once
            alone(srv.port, link)
        opens = sorted(alone(srv.port, "/quiz").seconds for _ in range(5))
        log(f"lessons: 30 sessions x {seconds} s")
        load = asyncio.run(rerun_load(srv.port, tour + quiz, every=2.0, seconds=seconds))
    first = statistics.median(opens)
    ROWS["lessons30"].set(
        f"p95 {load.p(95):.0f} ms, {len(load.errors)} errors ({len(load.reruns)} reruns in {seconds} s); /quiz opens "
        f"in {ms(first)}",
        load.p(95) <= 300 and not load.errors and first <= 1.0,
        "lessons: " + load.summary() + ("; " + "; ".join(load.errors[:5]) if load.errors else ""),
        "warm /quiz opens: " + ", ".join(ms(x) for x in opens),
    )


def proxy_row(seconds: float = 60) -> None:
    from bench.serve_multi import COOKIE, MultiServe

    def student(i: int) -> dict:
        return {"Cookie": f"{COOKIE}=student-{i}"}

    with MultiServe(2) as m:
        cpu0 = [s.cpu_seconds() for s in m.servers]
        load = asyncio.run(rerun_load(m.port, ["/"] * 60, every=2.0, seconds=seconds, headers=student))
        cpu = [s.cpu_seconds() - c for s, c in zip(m.servers, cpu0, strict=True)]
    log("the same 60 sessions on one process, for comparison")
    with AppServer() as srv:
        one = asyncio.run(rerun_load(srv.port, ["/"] * 60, every=2.0, seconds=seconds))
    ROWS["proxy"].set(
        f"p95 {load.p(95):.0f} ms, {len(load.errors)} errors ({len(load.reruns)} reruns in {seconds:.0f} s); "
        f"one process alone: p95 {one.p(95):.0f} ms, {len(one.errors)} errors",
        load.p(95) <= 300 and not load.errors,
        "proxy: "
        + load.summary()
        + "; CPU seconds per process: "
        + ", ".join(f"{c:.0f}" for c in cpu)
        + "".join(f"; {e}" for e in load.errors[:5]),
        "one process, no proxy: " + one.summary() + "".join(f"; {e}" for e in one.errors[:5]),
    )


# --- the report -----------------------------------------------------------------------------------------------------


def machine() -> list[str]:
    import numpy
    import plotly
    import streamlit
    import torch

    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 2**20:.1f} GB"
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not installed"

    return [
        f"{os.cpu_count()} cores, {mem} RAM, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at start; "
        f"{platform.platform()}",
        f"Python {platform.python_version()}, torch {torch.__version__}, streamlit {streamlit.__version__}, "
        f"numpy {numpy.__version__}, plotly {plotly.__version__}; {version(['/usr/bin/chromium', '--version'])}; "
        f"{version(['nginx', '-v'])}",
    ]


def table(only: list[str] | None = None) -> str:
    lines = ["| what | goal | result | pass |", "| --- | --- | --- | --- |"]
    for key, r in ROWS.items():
        if only is None or key in only:
            lines.append(f"| {r.what} | {r.goal} | {r.result} | {r.mark} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description="Measure Unrolled as a class uses it; one table.")
    ap.add_argument("--quick", action="store_true", help="skip the 5-minute soak and the proxy run; shorter loops")
    ap.add_argument("--out", default=RESULTS, help="where to write the table (default bench/RESULTS.md)")
    ap.add_argument(
        "--only", nargs="+", metavar="ROW", help=f"measure only these rows and print them: {', '.join(ROWS)}"
    )
    args = ap.parse_args()
    started, t0 = dt.datetime.now(dt.UTC), time.perf_counter()
    facts = machine()
    concurrent: dict = {}
    answers = None

    def step(name: str, fn: Callable, *rows: str):
        if args.only and not set(rows) & set(args.only):
            return None
        load = os.getloadavg()[0]
        log(f"{name} (load average {load:.1f})")
        for key in rows:  # the machine is shared: say how busy it was when each figure was taken
            ROWS[key].load = load
        try:
            return fn()
        except Exception as e:  # one broken figure must not hide the others
            for key in rows:
                if ROWS[key].result == "not measured":
                    ROWS[key].set(f"error: {type(e).__name__}: {str(e)[:200]}", False)
            log(traceback.format_exc())
            return None

    step("10 mixed links on a fresh server", mixed_links, "mixed")
    concurrent = step("models trained concurrently", concurrent_models, "rng_training") or {}
    answers = step("pages cold and warm", lambda: pages_cold_warm(concurrent), "pages", "rng_explorer")
    step("/window: 10 sessions at once", lambda: window_rows(answers), "window")
    step("numpy vs torch", core_ratio, "core")
    step("Chromium", browser_rows, "start", "right", "right_window", "burst")
    step("class load and memory", lambda: load_and_soak(args.quick), "load30", "soak")
    step("/tour and /quiz: 30 sessions", lambda: lessons_load(args.quick), "lessons30")
    if args.only:
        print(table(only=args.only))
        return 0
    if args.quick:
        ROWS["proxy"].set("skipped (--quick)", None)
    else:
        step("60 sessions behind nginx", proxy_row, "proxy")

    took = time.perf_counter() - t0
    out = table()
    print(out)
    mode = "--quick" if args.quick else "full"
    report = [
        "# Unrolled as a class uses it",
        "",
        f"`python bench/run.py{' --quick' if args.quick else ''}` ({mode} run), "
        f"{started:%Y-%m-%d %H:%M} UTC, took {took / 60:.1f} min; load average at the end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        *[f"- {f}" for f in facts],
        "",
        out,
        "",
        "## Details",
        "",
        "Per figure: the machine's 1-minute load average when it started (the machine is shared), then what is "
        "behind the number.",
        "",
        *[
            f"- **{k}** (load {r.load:.1f}): " + "; ".join(r.details or ["-"])
            for k, r in ROWS.items()
            if r.load is not None
        ],
        "",
    ]
    with open(args.out, "w") as f:
        f.write("\n".join(report))
    log(f"took {took / 60:.1f} min; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
