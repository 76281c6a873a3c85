"""Run the app's tiny torch models on one CPU thread, then put the thread count back.

Intra-op threads pay off for big tensors only. For a model of a few units on a
short sequence a second OpenMP thread saves nothing, and when the other core is
busy (another session, another process) every parallel op waits for it:
measured on 2 cores under load, one chars step took ~2 ms on one thread and
30-400 ms on two. ``torch.set_num_threads`` is process-wide state (per thread
for OpenMP, and the default for threads started later), so this restores the
calling thread's previous value on exit instead of changing it for good.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch


@contextmanager
def one_thread() -> Iterator[None]:
    """``with one_thread(): ...`` runs torch ops on a single intra-op thread (costs ~0.3 us)."""
    before = torch.get_num_threads()
    if before != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if before != 1:
            torch.set_num_threads(before)
