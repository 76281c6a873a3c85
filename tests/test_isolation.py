"""Sessions at once, on every page the navigation serves, with different settings: none sees another's state, and
the models they share (``ui.store``) are unchanged.

Each session opens its own link (its own sequence, architecture and seed) and types its own marker into every text
box it has. Then the sessions act in turn, interleaved, and at the end all at once in threads. Throughout, each
session's widget values and URL are what it set itself, no page shows another session's marker, no two sessions
hold the same mutable object in their state (other than the read-only shared models), and the shared models'
arrays are read-only and unchanged.
"""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest

from rnn_core.params import KINDS
from tests import hostile_util as hu
from ui import store

PAGES = hu.pages()
PER_PAGE = 3  # sessions on each page
IMMUTABLE = (str, bytes, int, float, bool, complex, type(None), tuple, frozenset, range)
pytestmark = pytest.mark.slow


class Session:
    def __init__(self, page: hu.Page, i: int):
        self.page, self.i = page, i
        tasks = hu.task_ids()
        self.link = {"seq": tasks[i % len(tasks)], "arch": KINDS[i % len(KINDS)], "seed": str(i % 2)}
        self.marker: str | None = None  # typed into its text boxes, if it has any
        self.at = hu.open_page(page, **self.link)
        self.expected: dict | None = None
        self.rng = random.Random(f"isolation:{page.script}:{i}")

    @property
    def name(self) -> str:
        return f"{self.page.url}#{self.i}"

    def run(self) -> None:
        self.at.run()
        self.assert_ok()

    def assert_ok(self) -> None:
        bad = hu.problems(self.at, markup=False)
        assert not bad, f"{self.name}: {bad}"

    def type_marker(self) -> None:
        """A marker of its own in every text box (with the sequence's own words, so the page reads it)."""
        for w in hu.widgets(self.at, ("text_input", "text_area")):
            self.marker = f"Zanzibar{self.page.name.capitalize()}{self.i}"
            hu.send(self.at, w, f"{self.marker} hello , France . I speak fluent")
            self.assert_ok()

    def act(self) -> None:
        """One random change of a setting (a selection, a toggle, a slider), never a seed (that trains models)."""
        kinds = ("selectbox", "radio", "button_group", "select_slider", "toggle", "checkbox", "slider")
        ws = [w for w in hu.widgets(self.at, kinds) if not w.disabled]
        if ws:
            w = self.rng.choice(ws)
            hu.send(self.at, w, hu.choose(self.rng, w))
            self.assert_ok()
        self.at.run()  # let any rewrite of the URL or state settle
        self.assert_ok()
        self.expected = self.snapshot()

    def snapshot(self) -> dict:
        """What the session set: its widgets' values and its URL."""
        values = {hu.name_of(w): repr(w.value) for w in hu.widgets(self.at) if w.type != "button"}
        return {"widgets": values, "url": dict(self.at.query_params)}

    def text(self) -> str:
        """Everything on the page and in its URL and state, as one string."""
        parts = [t for _, t in hu.rendered(self.at)]
        parts += [n.proto.spec for n in hu.nodes(self.at) if n.type == "plotly_chart"]
        parts += [n.proto.json for n in hu.nodes(self.at) if n.type == "bidi_component"]
        parts += [f"{k}={v}" for k, v in self.at.query_params.items()]
        parts += [f"{k}={v!r}" for k, v in self.state().items() if isinstance(v, str)]
        parts += [repr(w.value) for w in hu.widgets(self.at, ("text_input", "text_area"))]
        return "\n".join(parts)

    def state(self) -> dict:
        return dict(self.at.session_state._state.filtered_state)

    def mutables(self, allowed: set[int]) -> list[tuple[str, object]]:
        """(key, value) of every mutable object in this session's state, the shared read-only models left out."""
        return [
            (k, v)
            for k, v in self.state().items()
            if not isinstance(v, IMMUTABLE) and not callable(v) and id(v) not in allowed
        ]


def shared_ids() -> set[int]:
    ids = {id(v) for v in store._store().values.values()}
    return ids | {id(a) for a in hu.shared_arrays().values()}


def check_all(sessions: list[Session]) -> None:
    """Rerun every session without touching it: each still has exactly what it set, and nothing of another's."""
    for s in sessions:
        s.run()
        assert s.snapshot() == s.expected, f"{s.name} changed without being touched"
    texts = {s.name: s.text() for s in sessions}
    for s in sessions:
        if s.marker is not None:
            assert s.marker in texts[s.name], f"{s.name} lost its own text"
        others = [o.name for o in sessions if o is not s and o.marker is not None and o.marker in texts[s.name]]
        assert not others, f"{s.name} shows the text of {others}"
    allowed = shared_ids()
    held = [(s, k, v) for s in sessions for k, v in s.mutables(allowed)]  # alive together, so ids are unique
    owners: dict[int, str] = {}
    for s, key, v in held:
        other = owners.get(id(v))
        assert other is None or other.startswith(f"{s.name} "), f"{s.name} ({key}) and {other} hold the same object"
        owners[id(v)] = f"{s.name} ({key})"


def test_sessions_at_once_keep_to_themselves():
    with hu.full_errors():
        sessions = [Session(p, i) for p in PAGES for i in range(PER_PAGE)]
        for s in sessions:
            s.run()
        before = {k: a.copy() for k, a in hu.shared_arrays().items()}
        assert before, "the sessions put models in the shared store"
        assert not [k for k, a in hu.shared_arrays().items() if a.flags.writeable], "shared arrays must be read-only"
        for s in sessions:
            s.type_marker()
            s.act()
        assert any(s.marker for s in sessions), "no page has a text box to type a marker into"
        check_all(sessions)

        # Interleaved: one session acts, then others rerun and must be as they were.
        rng = random.Random("isolation")
        for _ in range(2 * len(sessions)):
            s = rng.choice(sessions)
            s.act()
            for o in rng.sample([o for o in sessions if o is not s], 2):
                o.run()
                assert o.snapshot() == o.expected, f"{o.name} changed after {s.name} acted"
        check_all(sessions)

        # In threads: every session acts at the same time as the others.
        errors = []

        def work(s: Session) -> None:
            try:
                for _ in range(3):
                    s.act()
            except BaseException as e:  # reported below, with the session
                errors.append(f"{s.name}: {type(e).__name__}: {e}")

        with hu.threadable_apptest():
            threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=300)
        assert not errors, errors
        check_all(sessions)

        # A model the store let go of (MAX_ENTRIES) is gone, not changed: compare those still kept.
        after = hu.shared_arrays()
        changed = [k for k in before if k in after and not np.array_equal(before[k], after[k], equal_nan=True)]
        assert any(k in after for k in before), "every model the sessions shared was let go of: nothing compared"
        assert not changed, f"sessions changed shared models: {changed[:5]}"
        assert not [k for k, a in after.items() if a.flags.writeable], "shared arrays must be read-only"
