"""The sequence catalogue: which tasks the app offers, by the id used in URLs (``seq=``).

One module per task, each with its data generator: :mod:`.chars`, :mod:`.scalar`, :mod:`.words` (its
sentences in :mod:`.fluent_data`), :mod:`.audio`, :mod:`.ecg`, :mod:`.protein`, :mod:`.stock`,
:mod:`.video`, :mod:`.caption`. A task is data only: numpy, no torch; the engine trains it by its ``recipe``. To
add a task, write its module and add its builder to ``BUILDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rnn_core.tasks.audio import audio_task
from rnn_core.tasks.base import ABILITIES, MAPPINGS, Example, Parsed, Task, next_token_example
from rnn_core.tasks.caption import caption_task
from rnn_core.tasks.chars import chars_task
from rnn_core.tasks.ecg import ecg_task
from rnn_core.tasks.protein import protein_task
from rnn_core.tasks.scalar import scalar_task
from rnn_core.tasks.stock import stock_task
from rnn_core.tasks.video import video_task
from rnn_core.tasks.words import words_task

BUILDERS: dict[str, Callable[[], Task]] = {
    "chars": chars_task,
    "words": words_task,
    "scalar": scalar_task,
    "audio": audio_task,
    "ecg": ecg_task,
    "protein": protein_task,
    "stock": stock_task,
    "video": video_task,
    "caption": caption_task,
}
TASK_IDS = tuple(BUILDERS)

__all__ = [
    "ABILITIES",
    "BUILDERS",
    "MAPPINGS",
    "Spec",
    "TASK_IDS",
    "Example",
    "Parsed",
    "Task",
    "audio_task",
    "caption_task",
    "catalog",
    "chars_task",
    "ecg_task",
    "get_task",
    "next_token_example",
    "protein_task",
    "scalar_task",
    "stock_task",
    "video_task",
    "words_task",
]


@cache
def get_task(task_id: str) -> Task:
    """The task as the pages use it (its data drawn with seed 0), built once per process."""
    if task_id not in BUILDERS:
        raise ValueError(f"unknown task {task_id!r}; choose one of {', '.join(TASK_IDS)}")
    return BUILDERS[task_id]()


@dataclass(frozen=True)
class Spec:
    """What the catalogue says of a task: its URL id, title, mapping, a line a student understands, what goes in
    and comes out, what the page can do with it, and its data generator (``generate(seed)`` -> :class:`Task`)."""

    id: str
    title: str
    mapping: str
    blurb: str
    inputs: str
    outputs: str
    can: frozenset[str]
    generate: Callable[..., Task]


def catalog() -> tuple[Spec, ...]:
    """Every task the app offers, in the picker's order."""
    out = []
    for task_id, build in BUILDERS.items():
        t = get_task(task_id)
        out.append(Spec(t.id, t.title, t.mapping, t.blurb, t.inputs, t.outputs, t.can, build))
    return tuple(out)
