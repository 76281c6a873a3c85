"""A figure per step as one scene the browser switches through (``ui/components/stepper``) with no server run.

The explorer steps through time in the browser: Python builds the figure of every step with the usual builders
(``viz.unrolled``, ``viz.bars``, ``viz.heatmaps``), ``viz.svg`` turns each into SVG items, and this module puts
them together so that the browser only switches which pieces are shown. Layout, colours and numbers stay in
Python.

A scene is ``{"frames": [...], "at": [...]}``: ``at[k]`` is the frame shown at step ``k`` (0-based), and a frame
is ``{"h", "l", "r", "defs", "items"}`` (height, margins in px, shared SVG definitions, items; see ``viz.svg``).
Steps whose figures share a layout share a frame; inside it, an element drawn identically at several steps is
stored once. An item is SVG markup (one element), either a plain string (drawn at every step of its frame) or
``[markup, [[a, b], ...]]``: drawn only at steps ``a..b`` (inclusive).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Sequence

from viz.svg import ID, figure_frame


def scene(figs: Sequence, uid: str) -> dict:
    """The figures of steps 0..T-1 as one scene (see the module doc); ``uid`` makes its element ids unique on
    the page (letters, digits, "-" and "_")."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", uid):
        raise ValueError(f"uid should be letters, digits, '-' and '_', got {uid!r}")
    frames = [figure_frame(f) for f in figs]
    groups: dict[tuple, list[int]] = {}
    for k, fr in enumerate(frames):
        groups.setdefault((fr["h"], fr["l"], fr["r"], fr["defs"]), []).append(k)
    out, at = [], [0] * len(frames)
    for g, (key, steps) in enumerate(groups.items()):
        for k in steps:
            at[k] = g
        h, l, r, defs = key
        items = merge([frames[k]["items"] for k in steps], steps)
        fid = f"{uid}-{g}"
        out.append(
            {
                "h": h,
                "l": l,
                "r": r,
                "defs": f"<defs>{defs.replace(ID, fid)}</defs>" if defs else "",
                "items": [(s.replace(ID, fid) if isinstance(s, str) else [s[0].replace(ID, fid), s[1]]) for s in items],
            }
        )
    return {"frames": out, "at": at}


def merge(seqs: list[list[str]], steps: list[int]) -> list:
    """Items drawn at several steps, each once, in an order that keeps every step's own drawing order.

    ``seqs[i]`` is what step ``steps[i]`` draws. Returns plain strings for items every one of these steps draws
    and ``[item, ranges]`` for the others (ranges of step numbers, inclusive).
    """
    keyed = []  # per step: (item, occurrence) so that an element drawn twice in one step stays twice
    for seq in seqs:
        seen: dict[str, int] = defaultdict(int)
        row = []
        for s in seq:
            row.append((s, seen[s]))
            seen[s] += 1
        keyed.append(row)
    first: dict[tuple, tuple[int, int]] = {}
    where: dict[tuple, list[int]] = defaultdict(list)
    succ: dict[tuple, set] = defaultdict(set)
    indeg: dict[tuple, int] = defaultdict(int)
    for i, row in enumerate(keyed):
        for pos, item in enumerate(row):
            first.setdefault(item, (i, pos))
            where[item].append(steps[i])
        for a, b in zip(row, row[1:], strict=False):
            if b not in succ[a]:
                succ[a].add(b)
                indeg[b] += 1
    ready = [(first[it], it) for it in first if indeg[it] == 0]
    heapq.heapify(ready)
    order, done = [], set()
    while len(order) < len(first):
        if not ready:  # a cycle (two steps disagree on an order): take the earliest-seen item left
            it = min((it for it in first if it not in done), key=first.get)
            heapq.heappush(ready, (first[it], it))
        _, it = heapq.heappop(ready)
        if it in done:
            continue
        done.add(it)
        order.append(it)
        for b in succ[it]:
            indeg[b] -= 1
            if indeg[b] == 0 and b not in done:
                heapq.heappush(ready, (first[b], b))
    everywhere = set(steps)
    out = []
    for it in order:
        shown = where[it]
        out.append(it[0] if set(shown) == everywhere else [it[0], ranges(shown)])
    return out


def ranges(steps: Sequence[int]) -> list[list[int]]:
    """Sorted step numbers as inclusive ranges: [0, 1, 2, 5] -> [[0, 2], [5, 5]]."""
    out: list[list[int]] = []
    for k in sorted(set(steps)):
        if out and k == out[-1][1] + 1:
            out[-1][1] = k
        else:
            out.append([k, k])
    return out
