"""Trained models shared by every session, built once per key with a progress bar.

``st.cache_resource`` cannot show progress from inside the cached function (its
elements are replayed on later hits), so the shared store is a plain dict held
by ``cache_resource`` with one lock per key: the first session to ask trains and
shows the bar, the others wait for the same object. Values must be read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import streamlit as st

MAX_ENTRIES = 96


class _Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.locks: dict[Hashable, threading.Lock] = {}
        self.values: OrderedDict[Hashable, object] = OrderedDict()


@st.cache_resource(show_spinner=False)
def _store() -> _Store:
    return _Store()


def peek(key: Hashable):
    """The stored value for ``key``, or None when it has not been built yet."""
    return _store().values.get(key)


def get_or_build(key: Hashable, build: Callable, label: str):
    """``build(progress)`` once per key across all sessions; ``progress(fraction, message)`` drives a bar."""
    store = _store()
    if key in store.values:
        store.values.move_to_end(key)
        return store.values[key]
    with store.lock:
        key_lock = store.locks.setdefault(key, threading.Lock())
    with key_lock:
        if key in store.values:
            return store.values[key]
        slot = st.empty()
        bar = slot.progress(0.0, text=label)

        def progress(fraction: float, message: str = label):
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

        try:
            value = build(progress)
        finally:
            slot.empty()
        with store.lock:
            store.values[key] = value
            while len(store.values) > MAX_ENTRIES:
                old, _ = store.values.popitem(last=False)
                store.locks.pop(old, None)
        return value
