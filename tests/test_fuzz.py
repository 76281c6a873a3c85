"""A seeded random-widget fuzzer over every page the app's navigation serves.

Each round picks a random enabled widget on the page as it is now (selectbox, radio, segmented control, select
slider, slider, number box, toggle, checkbox, text box, button), sends a value it allows (now and then a hostile
text or an extreme number), reruns the page and asserts it raised nothing. ``ROUNDS`` rounds a page in CI (40: a
round that opens a new task or seed trains or loads models, ~2 s on the explorer, and CI has 20 minutes for
everything; ``FUZZ_ROUNDS=300`` or more for a deeper run), in sessions of ``SESSION`` rounds, each opened on a random
link and seeded on its own, so that each session is a test of its own (``test_random_widgets[unroll-2]``: the
explorer's third session) and pytest-xdist spreads a page's sessions over the workers. A failure prints the seed and
every action of the failing session, so it can be replayed:

    FUZZ_SEED=7 FUZZ_ROUNDS=300 python -m pytest tests/test_fuzz.py -k unroll      # the same sessions again
    python -m tests.test_fuzz unroll "<query>" "<actions>"                          # the failing session's actions

Number boxes take a few values (their minimum, the one above, their maximum, and the current value) so the seeds
tried stay few: each new seed trains models, which would spend the rounds on training.
"""

from __future__ import annotations

import math
import os
import random
import shlex
import sys
import time

import pytest

from rnn_core.params import KINDS
from tests import hostile_util as hu

PAGES = hu.pages()
ROUNDS = int(os.environ.get("FUZZ_ROUNDS", 40))
SEED = int(os.environ.get("FUZZ_SEED", 20251126))
SESSION = 20  # rounds before the fuzzer opens a fresh session
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("full_error_details")]


# --- running ----------------------------------------------------------------------------------------------------


def random_link(rng: random.Random) -> dict[str, str]:
    """Mostly a plain or a valid-looking link, sometimes a hostile one."""
    roll = rng.randrange(4)
    if roll == 0:
        return {}
    if roll == 3:
        return {p: rng.choice(list(hu.URL_VALUES.values()))[:200] for p in rng.sample(hu.url_params(), 3)}
    return {"seq": rng.choice(hu.task_ids()), "arch": rng.choice(KINDS)}


def short(v) -> str:
    r = repr(v)
    return r if len(r) <= 80 else r[:77] + "...'"


def fail(page, seed, session, query, actions, what: str) -> str:
    lines = "\n".join(f"  {i:3d}. {name} <- {short(v)}" for i, (name, v) in enumerate(actions))
    return (
        f"fuzz {page.url}: {what}\n"
        f"seed {seed}; rerun the same rounds with FUZZ_SEED={seed} python -m pytest "
        f"'tests/test_fuzz.py::test_random_widgets[{page.name}-{session}]'\n"
        f"session {session} opened at {page.url}?{query} then:\n{lines}\n"
        f"replay: python -m tests.test_fuzz {page.name} {shlex.quote(repr(query))} {shlex.quote(repr(actions))}"
    )


def fuzz(page: hu.Page, seed: int, rounds: int, session: int = 0) -> dict:
    """Session ``session`` of ``page``: a random link, then ``rounds`` random actions; returns counts; raises
    AssertionError with the replay on failure. Each session draws from its own generator, so the sessions of a page
    can run anywhere, in any order."""
    rng = random.Random(f"{seed}:{page.script}:{session}")
    counts: dict[str, int] = {}
    query, actions = random_link(rng), []
    at = hu.open_page(page, **query).run()
    bad = hu.problems(at, markup=False)
    assert not bad, fail(page, seed, session, query, actions, f"opening the link: {bad}")
    for r in range(rounds):
        candidates = [w for w in hu.widgets(at, hu.DRIVEN) if not w.disabled]
        if not candidates:  # nothing to press: open a fresh session
            at = hu.open_page(page, **query).run()
            actions.append(("<reopen>", None))
            continue
        w = rng.choice(candidates)
        value = hu.choose(rng, w)
        name = hu.name_of(w)
        actions.append((name, value))
        counts[w.type] = counts.get(w.type, 0) + 1
        try:
            hu.send(at, w, value)
        except Exception as e:  # the harness could not even run the page (a timeout, say)
            what = f"round {r}: {type(e).__name__}: {e}"
            raise AssertionError(fail(page, seed, session, query, actions, what)) from e
        typed = w.type in ("text_input", "text_area")
        bad = hu.problems(at, markup=typed or r % 25 == 0)
        assert not bad, fail(page, seed, session, query, actions, f"round {r}: {bad[:3]}")
    return counts


SESSIONS = [(page, i, min(SESSION, ROUNDS - i * SESSION)) for page in PAGES for i in range(-(-ROUNDS // SESSION))]


# (named ``served``, not ``page``: pytest-playwright would take a test with a ``page`` argument for a browser test)
@pytest.mark.parametrize("served, session, rounds", SESSIONS, ids=[f"{page.name}-{i}" for page, i, _ in SESSIONS])
def test_random_widgets(served, session, rounds):
    t0 = time.perf_counter()
    counts = fuzz(served, SEED, rounds, session)
    took = time.perf_counter() - t0
    print(f"fuzz {served.url}, session {session}: {rounds} rounds (seed {SEED}) in {took:.0f} s: {counts}")
    assert sum(counts.values()) >= rounds * 0.9, f"too many rounds found nothing to press: {counts}"


def replay(page_name: str, query: dict, actions: list) -> None:
    """Run a printed session again: ``actions`` as the failure message lists them."""
    page = next(p for p in PAGES if p.name == page_name)
    with hu.full_errors():
        at = hu.open_page(page, **query).run()
        for i, (name, value) in enumerate(actions):
            if name == "<reopen>":
                at = hu.open_page(page, **query).run()
                continue
            w = hu.find(at, name)
            assert w is not None, f"action {i}: {name} is not on the page"
            hu.send(at, w, value)
            bad = hu.problems(at)
            print(f"{i:3d}. {name} <- {short(value)}: {bad or 'ok'}")
            if bad:
                return


if __name__ == "__main__":
    nan, inf = math.nan, math.inf  # noqa: F841  (for eval of printed actions)
    replay(sys.argv[1], eval(sys.argv[2]), eval(sys.argv[3]))
