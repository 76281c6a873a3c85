"""What a person sees or hears of a task's input, under the explorer's diagram (``Task.media``): an audio player
and its waveform, a trace, frames, an image. The figures come from ``viz``; this module only places them.

Each kind has one function ``show_<kind>(task, example, big)``; :func:`show` picks it.
"""

from __future__ import annotations

from collections.abc import Callable


def show(task, example, big: bool) -> None:
    """The task's media panel for ``example`` (nothing when the task or the example has none)."""
    if task.media is None or example.media is None:
        return
    DRAW[task.media](task, example, big)


def show_audio(task, example, big: bool) -> None:
    raise NotImplementedError("audio")


def show_trace(task, example, big: bool) -> None:
    raise NotImplementedError("trace")


def show_frames(task, example, big: bool) -> None:
    raise NotImplementedError("frames")


def show_image(task, example, big: bool) -> None:
    raise NotImplementedError("image")


DRAW: dict[str, Callable] = {"audio": show_audio, "trace": show_trace, "frames": show_frames, "image": show_image}
