"""Step views built once per what they show, keyed by the very arguments their builder takes.

A page builds every step's figures of a sequence once (``ui.components.stepper`` then shows them in the browser), and
sessions that show the same numbers share them. :func:`views` caches a builder's result under :func:`digest` of the
builder and *all* its arguments, so an argument added to a builder is part of the key the day it is added; the same
digest is the views' ``id``, the stepper's name for what its panels show.

:func:`digest` names a value by its content: numbers, text, numpy arrays (dtype, shape, bytes), tuples, lists, mappings
and dataclasses field by field, functions by their module, name, defaults and closure. A frozen dataclass (a task, a
trained net) is read once and remembered while it lives, so a task's thousands of examples are not read again on every
run. A value it cannot name raises TypeError rather than being left out of the key.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
import types
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping

import numpy as np
import streamlit as st

MEMO_SIZE = 512  # frozen dataclasses whose digest is remembered, while they live
# id -> (a weak reference to the value, its digest). The reference tells a live value from a new one that took a dead
# one's id, without keeping it alive: a strong one kept every session's uploaded model (up to 32 MB of weights) until
# 512 other values had been named, long after its session ended.
_memo: OrderedDict[int, tuple[Callable[[], object], bytes]] = OrderedDict()
_lock = threading.Lock()


def digest(*parts) -> str:
    """A name for ``parts`` from their content: the same values give the same name in every session."""
    h = hashlib.sha1()
    for p in parts:
        _feed(h, p)
    return h.hexdigest()


def _frozen(x) -> bool:
    return dataclasses.is_dataclass(x) and not isinstance(x, type) and x.__dataclass_params__.frozen


def _feed(h, x) -> None:
    if x is None or isinstance(x, bool | int | float | complex | str | bytes):
        h.update(f"v{type(x).__name__}:{x!r};".encode())
    elif isinstance(x, np.ndarray):
        a = np.ascontiguousarray(x)
        h.update(f"a{a.dtype.str}{a.shape};".encode())
        h.update(repr(a.tolist()).encode() if a.dtype == object else a.tobytes())
    elif isinstance(x, np.generic):
        h.update(f"g{x.dtype.str}:{x.item()!r};".encode())
    elif isinstance(x, tuple | list):
        h.update(f"({type(x).__name__}{len(x)}".encode())
        for v in x:
            _feed(h, v)
        h.update(b")")
    elif isinstance(x, set | frozenset):
        h.update(f"s{len(x)}".encode())
        for v in sorted(x, key=repr):
            _feed(h, v)
    elif isinstance(x, Mapping):
        h.update(f"m{len(x)}".encode())
        for k, v in x.items():
            _feed(h, k)
            _feed(h, v)
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        h.update(_dataclass_digest(x))
    elif isinstance(x, functools.partial):
        h.update(b"p")
        _feed(h, (x.func, x.args, x.keywords))
    elif isinstance(x, types.MethodType):
        h.update(b"b")
        _feed(h, (x.__func__, x.__self__))
    elif isinstance(x, types.FunctionType):
        cells = tuple(c.cell_contents for c in x.__closure__ or ())
        h.update(f"f{x.__module__}.{x.__qualname__}".encode())
        _feed(h, (x.__defaults__, cells))
    elif isinstance(x, types.BuiltinFunctionType | type):
        h.update(f"t{x.__module__}.{x.__qualname__}".encode())
    else:
        raise TypeError(f"cannot name a {type(x).__name__} by its content for a cache key")


def _reference(x) -> Callable[[], object]:
    """A weak reference to ``x``; a strong one for a value that takes none (a dataclass with slots)."""
    try:
        return weakref.ref(x)
    except TypeError:
        return lambda: x


def _dataclass_digest(x) -> bytes:
    if _frozen(x):
        with _lock:
            kept = _memo.get(id(x))
            if kept is not None and kept[0]() is x:
                _memo.move_to_end(id(x))
                return kept[1]
    sub = hashlib.sha1(f"d{type(x).__module__}.{type(x).__qualname__}".encode())
    for f in dataclasses.fields(x):
        sub.update(f.name.encode())
        _feed(sub, getattr(x, f.name))
    out = sub.digest()
    if _frozen(x):
        with _lock:
            _memo[id(x)] = (_reference(x), out)
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    return out


@st.cache_data(max_entries=128, show_spinner=False)
def _cached(sig: str, _build: Callable, _args: tuple, _kwargs: dict) -> dict:
    """The views named ``sig`` (the arguments after it are not hashed by Streamlit: ``sig`` stands for them)."""
    return {**_build(*_args, **_kwargs), "id": sig}


def views(build: Callable[..., dict], *args, private: str | None = None, **kwargs) -> dict:
    """``build(*args, **kwargs)`` (a dict of views) with its ``id``, built once and shared by every session that shows
    the same; ``private``: a session key to keep them under instead, never in the cache every session shares (a model
    only this session may see, such as an upload)."""
    sig = digest(build, args, kwargs)
    if private is None:
        return _cached(sig, build, args, kwargs)
    kept = st.session_state.get(private)
    if not (isinstance(kept, dict) and kept.get("id") == sig):
        kept = st.session_state[private] = {**build(*args, **kwargs), "id": sig}
    return kept
