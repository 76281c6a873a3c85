"""The sequence catalogue: which tasks the app offers, by the id used in URLs (``seq=``).

One module per task, each with its data generator: :mod:`.chars`, :mod:`.scalar`, :mod:`.words` (its
sentences in :mod:`.fluent_data`). A task is data only: numpy, no torch; the engine trains it by its
``recipe``. To add a task, write its module and add its builder to ``BUILDERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from rnn_core.tasks.base import Example, Parsed, Task, next_token_example
from rnn_core.tasks.chars import chars_task
from rnn_core.tasks.scalar import scalar_task
from rnn_core.tasks.words import words_task

BUILDERS: dict[str, Callable[[], Task]] = {
    "chars": chars_task,
    "words": words_task,
    "scalar": scalar_task,
}
TASK_IDS = tuple(BUILDERS)

__all__ = [
    "BUILDERS",
    "TASK_IDS",
    "Example",
    "Parsed",
    "Task",
    "chars_task",
    "get_task",
    "next_token_example",
    "scalar_task",
    "words_task",
]


def get_task(task_id: str) -> Task:
    if task_id not in BUILDERS:
        raise ValueError(f"unknown task {task_id!r}; choose one of {', '.join(TASK_IDS)}")
    return BUILDERS[task_id]()
