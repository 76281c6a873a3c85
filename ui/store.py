"""Trained models shared by every session, built once per key, with progress for everyone who waits.

``st.cache_resource`` cannot show progress from inside the cached function (its elements are replayed on later
hits), so the shared store is a :class:`Store` held by ``cache_resource``: the first session to ask for a key
builds it; every other session asking for the same key meanwhile sees the builder's progress on its own bar.
At most ``MAX_TRAINING`` builds run at once on the server (the others wait in line, and say so), and at most
``MAX_ENTRIES`` models are kept (the least recently used is dropped). Values must be read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import streamlit as st

MAX_TRAINING = 2  # models training at once on one server: two cores
MAX_ENTRIES = 96  # distinct trained models kept in memory
POLL = 0.25  # seconds between progress updates while waiting

Show = Callable[[float, str], None]


class Store:
    def __init__(self, max_training: int = MAX_TRAINING, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.locks: dict[Hashable, threading.Lock] = {}
        self.values: OrderedDict[Hashable, object] = OrderedDict()
        self.progress: dict[Hashable, tuple[float, str]] = {}
        self.slots = threading.BoundedSemaphore(max_training)
        self.max_training = max_training

    def peek(self, key: Hashable):
        return self.values.get(key)

    def get_or_build(self, key: Hashable, build: Callable, label: str, show: Show):
        """``build(progress)`` once per key across all threads; ``show(fraction, message)`` is this caller's bar."""
        if key in self.values:
            with self.lock:
                self.values.move_to_end(key)
            return self.values[key]
        with self.lock:
            key_lock = self.locks.setdefault(key, threading.Lock())
        while not key_lock.acquire(timeout=POLL):  # someone else is building it: show their progress
            f, message = self.progress.get(key, (0.0, label))
            show(f, f"{message} (started by another visitor)")
        try:
            if key in self.values:
                return self.values[key]
            while not self.slots.acquire(timeout=POLL):
                show(0.0, f"Busy: {self.max_training} models are training for other visitors; yours is next in line…")
            try:
                self.progress[key] = (0.0, label)

                def progress(fraction: float, message: str = label) -> None:
                    f = min(max(float(fraction), 0.0), 1.0)
                    self.progress[key] = (f, message)
                    show(f, message)

                value = build(progress)
            finally:
                self.slots.release()
                self.progress.pop(key, None)
            with self.lock:
                self.values[key] = value
                while len(self.values) > self.max_entries:
                    old, _ = self.values.popitem(last=False)
                    self.locks.pop(old, None)
            return value
        finally:
            key_lock.release()


@st.cache_resource(show_spinner=False)
def _store() -> Store:
    return Store()


def peek(key: Hashable):
    """The stored value for ``key``, or None when it has not been built yet."""
    return _store().peek(key)


def get_or_build(key: Hashable, build: Callable, label: str):
    """``build(progress)`` once per key across all sessions; a progress bar appears only while this page waits."""
    slot = st.empty()
    bar = None

    def show(fraction: float, message: str) -> None:
        nonlocal bar
        if bar is None:
            bar = slot.progress(fraction, text=message)
        else:
            bar.progress(fraction, text=message)

    try:
        return _store().get_or_build(key, build, label, show)
    finally:
        slot.empty()
