"""Which sequence tasks the app offers, by the id used in URLs (``seq=``)."""

from __future__ import annotations

from collections.abc import Callable

from rnn_core import tasks
from rnn_core.tasks import Task
from rnn_core.words_task import words_task

BUILDERS: dict[str, Callable[[], Task]] = {
    "chars": tasks.chars_task,
    "words": words_task,
    "scalar": tasks.scalar_task,
}
TASK_IDS = tuple(BUILDERS)


def get_task(task_id: str) -> Task:
    if task_id not in BUILDERS:
        raise ValueError(f"unknown task {task_id!r}; choose one of {', '.join(TASK_IDS)}")
    return BUILDERS[task_id]()
